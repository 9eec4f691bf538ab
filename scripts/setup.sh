#!/usr/bin/env bash
# Installs what building and testing KubeStep needs, and only what is missing:
# the wasm32 target, Trunk, the wasm-bindgen CLI matching Cargo.lock, wasm-opt (npm's
# binaryen), Debian's Chromium, the e2e test packages, and the crates for offline builds.
# Safe to run again: each step checks first and says what it found.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

say() { printf 'setup: %s\n' "$*"; }

# Root on CI and dev machines; fall back to sudo elsewhere.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Rust: browser target, lint and format components ------------------------------------
# Lists are read into variables first, so `grep -q` never cuts a pipe short under pipefail.
installed_targets="$(rustup target list --installed)"
installed_components="$(rustup component list --installed)"
if grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  say "rust target wasm32-unknown-unknown: present"
else
  say "rust target wasm32-unknown-unknown: adding"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  # A minimal rustup profile may lack these; test.sh runs both.
  if grep -q "^${component}" <<<"$installed_components"; then
    say "rust component $component: present"
  else
    say "rust component $component: adding"
    rustup component add "$component"
  fi
done

# --- Cargo.lock: the wasm-bindgen version below is read from it ---------------------------
if [ ! -f Cargo.lock ]; then
  say "Cargo.lock missing: generating it"
  cargo generate-lockfile
fi

# --- Trunk: pinned, because newer releases need a newer rustc -----------------------------
have_trunk="$(trunk --version 2>/dev/null || true)"
if [ "$have_trunk" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "trunk $TRUNK_VERSION: installing (found '${have_trunk:-nothing}'; this compiles for a while)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen CLI: must equal the library version in Cargo.lock, or Trunk tries to
# download one (and fails offline). Not --locked: a locked dependency is missing upstream.
bindgen_version="$(awk '
  /^\[\[package\]\]/ { in_pkg = 0 }
  $0 == "name = \"wasm-bindgen\"" { in_pkg = 1 }
  in_pkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
if [ -z "$bindgen_version" ]; then
  say "Cargo.lock has no wasm-bindgen entry: skipping the wasm-bindgen CLI"
else
  have_bindgen="$(wasm-bindgen --version 2>/dev/null || true)"
  if [ "$have_bindgen" = "wasm-bindgen $bindgen_version" ]; then
    say "wasm-bindgen $bindgen_version: present"
  else
    say "wasm-bindgen $bindgen_version: installing (found '${have_bindgen:-nothing}')"
    cargo install wasm-bindgen-cli --version "$bindgen_version"
  fi
fi

# --- wasm-opt: npm's binaryen into .tools/ (Debian's 108 breaks the module) ---------------
have_binaryen="$(node -p "require('$BINARYEN_DIR/node_modules/binaryen/package.json').version" 2>/dev/null || true)"
if [ "$have_binaryen" = "$BINARYEN_VERSION" ]; then
  say "binaryen $BINARYEN_VERSION (wasm-opt): present in .tools/binaryen"
else
  say "binaryen $BINARYEN_VERSION (wasm-opt): installing into .tools/binaryen"
  mkdir -p "$BINARYEN_DIR"
  npm install --prefix "$BINARYEN_DIR" --no-audit --no-fund --no-save --loglevel=error \
    "binaryen@$BINARYEN_VERSION"
fi

# --- Chromium for the browser tests: Debian's build (nothing may download its own) --------
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "chromium: present"
else
  say "chromium: installing from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# --- e2e test packages: reinstall when package.json or the lock changed ------------------
# The stamp is a hash of the manifest and the lock (when there is one).
e2e_stamp() {
  local files=(e2e/package.json)
  if [ -f e2e/package-lock.json ]; then files+=(e2e/package-lock.json); fi
  cat "${files[@]}" | sha256sum | cut -d' ' -f1
}
stamp_file="e2e/node_modules/.setup-stamp"
want_stamp="$(e2e_stamp)"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want_stamp" ]; then
  say "e2e node_modules: up to date"
else
  say "e2e node_modules: installing"
  # playwright-core never downloads browsers; the variable makes sure of it.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  if [ -f e2e/package-lock.json ]; then
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd e2e && npm install --no-audit --no-fund --loglevel=error)
  fi
  # Recomputed: npm install may have just written the lock.
  e2e_stamp >"$stamp_file"
fi

# --- Crates: so `trunk build --offline` (which passes --offline to cargo) finds them -----
say "cargo fetch"
cargo fetch --quiet

say "done"
