#!/usr/bin/env bash
# The web part's checks: lint for wasm32, the release build, the wasm-bindgen tests
# in headless Chromium, then the end-to-end tests against the built dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web-setup.sh

echo "==> clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

echo "==> trunk build --release"
# The smaller nightly build when this machine can make it; if that nightly fails on
# something of its own, the stable build (the same app, larger) is the one tested.
(source scripts/web-env.sh && trunk build --release --offline) ||
  (echo "==> the nightly build failed: building with stable" &&
    export AWAITSCOPE_STABLE_WEB=1 && source scripts/web-env.sh && trunk build --release --offline)

echo "==> wasm-bindgen tests in Chromium"
CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
  cargo test --target wasm32-unknown-unknown --test web

echo "==> end-to-end tests"
# The statistics test compares the page with the simulator's own totals.
cargo build --quiet --bin awaitscope
export AWAITSCOPE_CLI="${CARGO_TARGET_DIR:-$PWD/target}/debug/awaitscope"
(cd tests/e2e && npm test)
echo "==> screenshots in target/screenshots/"
