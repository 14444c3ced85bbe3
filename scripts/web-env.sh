# Sourced by the scripts that run Trunk: chooses how the browser build is compiled.
#
# Where the nightly toolchain and its rust-src are present, the wasm is built with the
# standard library compiled for it and panics reduced to a trap
# (`-Zbuild-std`, `-Cpanic=immediate-abort`): about 45 KB less gzip, because the
# standard library's panic messages, locations and formatting machinery go. The build
# already aborts on panic ([profile.web]), so nothing a reader sees changes. Without
# them (or if this nightly no longer takes the flag) it is the stable build, which
# works the same and is only larger. AWAITSCOPE_STABLE_WEB=1 forces the stable build.
# The nightly build also compiles std with `optimize_for_size` (std's smaller variants
# of the same algorithms: about 2 KB less gzip).
#
# Trunk then runs wasm-opt -Oz (index.html) and, offline, takes it from PATH: the
# binaryen that scripts/web-setup.sh installs from npm (binaryen compiled to
# WebAssembly, version 132; Debian's 108 breaks wasm-bindgen's externref table).

awaitscope_small_build_possible() {
  [ "${AWAITSCOPE_STABLE_WEB:-0}" != 1 ] &&
    rustup component list --toolchain nightly --installed 2>/dev/null | grep '^rust-src' >/dev/null &&
    rustc +nightly -Zunstable-options -Cpanic=immediate-abort --print cfg \
      --target wasm32-unknown-unknown >/dev/null 2>&1
}

if awaitscope_small_build_possible; then
  export RUSTUP_TOOLCHAIN=nightly
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
  echo "==> browser build: nightly, std built for the wasm, panics trap ($(rustc +nightly --version))"
else
  echo "==> browser build: stable (no nightly with rust-src here, or AWAITSCOPE_STABLE_WEB=1)"
fi

PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tools/web-build/node_modules/.bin:$PATH"
export PATH
