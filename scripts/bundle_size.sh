#!/usr/bin/env bash
# Prints the gzip -9 and brotli (quality 11) size of each file the page downloads
# (dist/*.wasm, *.js, *.css), writes the brotli files beside them (FILE.br, for hosts that serve
# them), and fails when the wasm's gzip total is over budget. WASM_GZIP_BUDGET=bytes overrides
# the budget. Brotli comes from Node's zlib, which the browser tests need anyway.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# 482 KB: 398 KB before the visual stage, editor, modes and examples (+45 KB), less the YAML
# writer and the shared sort (-26 KB), plus the trace's pod changes (+4.3 KB, which took a
# 2,000-replica check from 12.3 GB to 51 MB) and the quiz's explanations and score (+2 KB);
# then embedding, hosting and the address (+11.0 KB), the kubectl mode (+38.3 KB: kubectl's
# printers, describe, events, rollout status, top and completion) and the Predict mode with the
# quiz generated from the trace (+14 KB), less the lesson panels, diagnostics and quiz as
# markup (-15.6 KB), the CSV and YAML exports (+2.1 KB), the caret-to-step links (+1.7 KB)
# and the API server's label, annotation, taint and node-name checks (+1.5 KB), the linear
# nesting check, share-link checksums and YAML directive messages (+1.7 KB), and the tracker's
# marks of what the frame on screen changed (+0.6 KB).
# Next: toward 3.0x the yardstick page (issue "Proof"); ARCHITECTURE.md, "What the bytes are
# spent on", lists what is left to cut.
budget="${WASM_GZIP_BUDGET:-482000}"
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
wasm_brotli=0
printf '%-48s %10s %10s %10s\n' "file" "bytes" "gzip -9" "brotli"
for file in "${files[@]}"; do
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(node -e '
    const fs = require("fs"), zlib = require("zlib");
    const out = zlib.brotliCompressSync(fs.readFileSync(process.argv[1]), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    });
    fs.writeFileSync(process.argv[1] + ".br", out);
    console.log(out.length);
  ' "$file")
  printf '%-48s %10d %10d %10d\n' "${file#"$dist"/}" "$raw" "$gz" "$br"
  all_total=$((all_total + gz))
  case "$file" in *.wasm) wasm_total=$((wasm_total + gz)); wasm_brotli=$((wasm_brotli + br)) ;; esac
done
printf 'bundle size: wasm %d bytes gzip (budget %d), %d bytes brotli (%d%% of gzip); everything %d bytes gzip\n' \
  "$wasm_total" "$budget" "$wasm_brotli" "$((wasm_brotli * 100 / wasm_total))" "$all_total"

if [ "$wasm_total" -gt "$budget" ]; then
  echo "bundle size: FAILED: wasm is $((wasm_total - budget)) bytes gzip over budget" >&2
  exit 1
fi
