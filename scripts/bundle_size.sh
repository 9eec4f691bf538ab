#!/usr/bin/env bash
# Prints the gzip -9 size of each file the page downloads (dist/*.wasm, *.js, *.css) and
# fails when the wasm total is over budget. WASM_GZIP_BUDGET=bytes overrides the budget.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# 481 KB: 398 KB before the visual stage, editor, modes and examples (+45 KB), less the YAML
# writer and the shared sort (-26 KB), plus the trace's pod changes (+4.3 KB, which took a
# 2,000-replica check from 12.3 GB to 51 MB) and the quiz's explanations and score (+2 KB);
# then embedding, hosting and the address (+11.0 KB), the kubectl mode (+38.3 KB: kubectl's
# printers, describe, events, rollout status, top and completion) and the Predict mode with the
# quiz generated from the trace (+14 KB), less the lesson panels, diagnostics and quiz as
# markup (-15.6 KB), the CSV and YAML exports (+2.1 KB), the caret-to-step links (+1.7 KB)
# and the API server's label, annotation, taint and node-name checks (+1.5 KB), the linear
# nesting check, share-link checksums and YAML directive messages (+1.7 KB).
# Next: toward 3.0x the yardstick page (issue "Proof"); ARCHITECTURE.md, "What the bytes are
# spent on", lists what is left to cut.
budget="${WASM_GZIP_BUDGET:-481000}"
dist="${1:-dist}"

shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js "$dist"/*.css)
wasm_files=("$dist"/*.wasm)
if [ "${#wasm_files[@]}" -eq 0 ]; then
  echo "bundle size: no .wasm in $dist/ (did trunk build run?)" >&2
  exit 1
fi

wasm_total=0
all_total=0
printf '%-48s %10s %10s\n' "file" "bytes" "gzip -9"
for file in "${files[@]}"; do
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  printf '%-48s %10d %10d\n' "${file#"$dist"/}" "$raw" "$gz"
  all_total=$((all_total + gz))
  case "$file" in *.wasm) wasm_total=$((wasm_total + gz)) ;; esac
done
printf 'bundle size: wasm %d bytes gzip (budget %d), everything %d bytes gzip\n' \
  "$wasm_total" "$budget" "$all_total"

if [ "$wasm_total" -gt "$budget" ]; then
  echo "bundle size: FAILED: wasm is $((wasm_total - budget)) bytes gzip over budget" >&2
  exit 1
fi
