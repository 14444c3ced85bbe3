#!/usr/bin/env bash
# Sets up the web toolchain if needed, then builds and serves the app at
# http://127.0.0.1:8080 (rebuilding on change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web-setup.sh
source scripts/web-env.sh
exec trunk serve --offline --release --address 127.0.0.1 --port 8080
