# Sourced by the other scripts: puts the project's build tools first on PATH.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# cargo-installed tools (trunk, wasm-bindgen) live here; a non-login shell may lack it.
case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

# npm's binaryen (wasm-opt 132) must win over any Debian binaryen (108), whose output
# fails to start in Chromium.
export BINARYEN_DIR="$REPO_ROOT/.tools/binaryen"
export PATH="$BINARYEN_DIR/node_modules/.bin:$PATH"

# Versions the build relies on, in one place.
export TRUNK_VERSION="0.21.14"
export BINARYEN_VERSION="132.0.0"

# Trunk would otherwise ask the network whether a newer Trunk exists.
# Trunk parses this as a boolean: "true" works, "1" is rejected.
export TRUNK_SKIP_VERSION_CHECK=true
