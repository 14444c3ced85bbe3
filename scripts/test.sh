#!/usr/bin/env bash
# Sets up whatever a fresh machine lacks, then runs every test: formatting, lints
# (host and wasm32), the Rust test suite (unit, differential against CPython,
# golden traces, no-panic property tests), the helper module's own tests, and —
# once the browser UI is in the tree — its wasm and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "toolchain"
command -v python3 >/dev/null || { apt-get update && apt-get install -y python3; }
rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (host)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

step "python helper module tests"
python3 -m unittest discover -s python -p 'test_*.py'

step "cargo test"
cargo test --release

if [ -f index.html ] && [ -x scripts/test-web.sh ]; then
  step "browser UI tests"
  scripts/test-web.sh
fi
