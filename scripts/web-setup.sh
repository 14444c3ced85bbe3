#!/usr/bin/env bash
# Installs what the web part needs on a fresh machine, and nothing that is already
# there: the wasm32 target, Trunk, wasm-bindgen-cli at exactly Cargo.lock's version,
# Chromium with its driver (for the browser tests), and the e2e test dependencies.
# Safe to run again; it only installs what is missing or at the wrong version.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14

say() { printf '==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "please install: $* (no apt-get on this machine)"
    return 1
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if ! command -v cargo >/dev/null; then
  say "Rust is missing: install it from https://rustup.rs, then run this again"
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The smaller browser build (scripts/web-env.sh) compiles std from source with the
# nightly toolchain when the machine has one; only its sources are added here.
if rustup toolchain list 2>/dev/null | grep '^nightly' >/dev/null &&
  ! rustup component list --toolchain nightly --installed 2>/dev/null | grep '^rust-src' >/dev/null; then
  say "adding rust-src to the nightly toolchain (for the smaller browser build)"
  rustup component add rust-src --toolchain nightly || say "could not: the browser build stays stable"
fi
# Trunk builds offline, and std's own dependencies (its Cargo.lock in rust-src) are
# not in a fresh machine's registry cache: without them the nightly build fails and
# the larger stable one is built instead. Fetching is quick when they are there.
if rustup component list --toolchain nightly --installed 2>/dev/null | grep '^rust-src' >/dev/null; then
  std_library="$(rustc +nightly --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
  cargo +nightly fetch --quiet --manifest-path "$std_library" ||
    say "could not fetch std's dependencies: the browser build stays stable"
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

# Trunk runs wasm-bindgen from PATH and, offline, needs exactly the version the
# crate links against. (Not --locked: wasm-bindgen-cli's own lockfile may not build.)
[ -f Cargo.lock ] || cargo generate-lockfile
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  say "no wasm-bindgen in Cargo.lock: is the web dependency section missing from Cargo.toml?"
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (also brings wasm-bindgen-test-runner)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v "${CHROMIUM:-chromium}" >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

if ! command -v npm >/dev/null; then
  say "installing node and npm"
  apt_install nodejs npm
fi

# npm ci in $1 only when its lockfile changed since the last install (a stamp
# remembers it).
npm_install() {
  local dir=$1 what=$2 sum
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$dir/node_modules/.lock-sha256" 2>/dev/null)" != "$sum" ]; then
    say "installing $what"
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$sum" > "$dir/node_modules/.lock-sha256"
  fi
}
# wasm-opt for the release build (Trunk runs it; scripts/web-env.sh puts it on PATH).
npm_install tools/web-build "the build's wasm-opt (binaryen, from npm)"
npm_install tests/e2e "the end-to-end test dependencies"

say "web toolchain ready: $(trunk --version), $(wasm-bindgen --version), $(tools/web-build/node_modules/.bin/wasm-opt --version), $("${CHROMIUM:-chromium}" --version 2>/dev/null | head -1)"
