#!/usr/bin/env bash
# Sets up what the desktop window needs (first run only) and opens Unknot.
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_MINIMAL=1 scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"
exec cargo run --release "$@"
