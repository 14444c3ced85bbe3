#!/usr/bin/env bash
# The many-task benchmark (benches/many_tasks.rs) built twice: as `cargo bench`
# builds it, and profile-guided (PGO), as CPython's own optimized builds are
# (`--enable-optimizations`). Which CPython the benchmark runs is whatever
# `python3` is: check `sysconfig.get_config_var('CONFIG_ARGS')` before comparing
# the two figures with it. The profile comes from an instrumented build of the CLI running
# every differential scenario and preset in both modes, and the benchmark's own
# program (benches/many_tasks.py); it is made afresh each time, so it always
# matches the code.
#
#   scripts/bench.sh          both builds, one after the other
#   scripts/bench.sh --pgo    the profile-guided build only
set -euo pipefail
cd "$(dirname "$0")/.."

plain=1
[ "${1:-}" = "--pgo" ] && plain=0

step() { printf '\n== %s\n' "$*"; }

if [ "$plain" = 1 ]; then
  step "cargo bench (plain release build)"
  cargo bench --bench many_tasks
fi

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  rustup component add llvm-tools >/dev/null
fi

pgo="$PWD/target/pgo"
rm -rf "$pgo/data"
mkdir -p "$pgo/data"

step "instrumented build"
RUSTFLAGS="-Cprofile-generate=$pgo/data" \
  cargo build --release --bin awaitscope --target-dir "$pgo/gen" --quiet
cli="$pgo/gen/release/awaitscope"

step "training: every scenario and preset in both modes, then the benchmark's program"
for file in tests/scenarios/*.py src/presets/*.py; do
  "$cli" run "$file" >/dev/null 2>&1 || true
  "$cli" run --blocking "$file" >/dev/null 2>&1 || true
done
for _ in 1 2 3; do
  "$cli" run benches/many_tasks.py >/dev/null
done
"$profdata" merge -o "$pgo/merged.profdata" "$pgo/data"

step "cargo bench (profile-guided build)"
RUSTFLAGS="-Cprofile-use=$pgo/merged.profdata" \
  cargo bench --bench many_tasks --target-dir "$pgo/use"
