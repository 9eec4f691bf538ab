#!/usr/bin/env bash
# Builds the release bundle and serves dist/ on http://127.0.0.1:8080 (PORT=... to change).
# WATCH=1 uses `trunk serve` instead, which rebuilds and reloads on every source change.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

bash scripts/setup.sh
port="${PORT:-8080}"

if [ "${WATCH:-0}" = "1" ]; then
  exec trunk serve --release --offline --address 127.0.0.1 --port "$port"
fi

trunk build --release --offline
echo "serve: dist/ on http://127.0.0.1:$port/ (Ctrl-C stops)"
exec node e2e/static_server.js dist "$port"
