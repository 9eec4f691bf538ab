#!/usr/bin/env bash
# Everything CI checks, in order, stopping at the first failure:
# format, lints (native and wasm32), unit tests, release build, bundle size, browser tests.
# `--quick` stops after the native tests (format, lints, cargo test): for day-to-day work.
set -euo pipefail

quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "usage: bash scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

started=$SECONDS
current="setup"
passed=()
server_pid=""

# Always stop the static server, and always end with one line saying how it went.
finish() {
  local rc=$?
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ "$rc" -eq 0 ]; then
    echo "test.sh: all ${#passed[@]} checks passed (${passed[*]}) in $((SECONDS - started))s"
  else
    echo "test.sh: FAILED at '$current' (exit $rc) after ${#passed[@]} passing checks, $((SECONDS - started))s" >&2
  fi
}
trap finish EXIT

# Runs one named check; set -e ends the script if it fails.
check() {
  current="$1"
  shift
  echo "==> $current: $*"
  local t0=$SECONDS
  "$@"
  echo "    $current ok ($((SECONDS - t0))s)"
  passed+=("$current")
}

# Serves dist/ on a free loopback port and runs the node:test suites against it.
browser_tests() {
  local log
  log="$(mktemp)"
  # The app also under a subpath, and the embedding example page beside it (e2e/tests/embed.test.js).
  node e2e/static_server.js dist 0 /tutorials/kubestep/=dist /embed-example/=docs/embed-example >"$log" 2>&1 &
  server_pid=$!
  local base_url=""
  for _ in $(seq 1 100); do
    base_url="$(head -n 1 "$log")"
    [ -n "$base_url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.1
  done
  if [ -z "$base_url" ]; then
    echo "static server did not start" >&2
    return 1
  fi
  echo "    serving dist/ at $base_url"
  BASE_URL="$base_url" node --test --test-reporter=spec e2e/tests/
}

current="setup"
bash scripts/setup.sh
passed+=("setup")

check fmt cargo fmt --all -- --check
check clippy cargo clippy --all-targets -- -D warnings
check clippy-wasm cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
check cargo-test cargo test
if [ "$quick" = true ]; then
  exit 0
fi
check trunk-build trunk build --release --offline
check bundle-size bash scripts/bundle_size.sh
check browser-tests browser_tests
