#!/usr/bin/env bash
# Runs every test of Unknot, after installing what they need (scripts/setup.sh):
#   1. cargo test: content validation, session engine (property + scenario), journal store (crash, corruption,
#      migrations, import/export, hostile input, proptest fuzzing of the importers and content parser), UI
#      rendering (dioxus-ssr + simulated taps)
#   2. cargo clippy -D warnings for the desktop and web builds
#   3. phone builds type-checked and linted (Android, iOS) + release manifest checks (scripts/check-mobile.sh;
#      the manifest against dx's template is tests/mobile_manifest.rs, run by step 1)
#   4. the web build, and the journeys in Chromium with a phone viewport (tests/e2e)
#   5. the desktop window under Xvfb (scripts/desktop-smoke.sh)
#   6. offline: no network crate in any build, and a whole journey in a loopback-only network namespace with
#      every socket call traced (scripts/offline-check.sh)
#   7. the benchmarks build (they are run by scripts/bench.sh, not here)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"
export CARGO_TERM_COLOR=never

step() { echo; echo "######## $* ($(date -u +%H:%M:%S))"; }

step "setup"
scripts/setup.sh

step "cargo test"
cargo test

step "clippy (desktop, web)"
cargo clippy --all-targets -- -D warnings
# The web build's SQLite (.cargo/config.toml): made before anything is built for wasm32.
python3 scripts/sqlite-web.py
cargo clippy --target wasm32-unknown-unknown --no-default-features --features web -- -D warnings
# The run-file parsers: natively (desktop, phones) and as the web build's separate module.
cargo clippy -p unknot-run-file --all-targets -- -D warnings
cargo clippy -p unknot-run-file --target wasm32-unknown-unknown --features web -- -D warnings

step "phone builds type-check"
scripts/check-mobile.sh

step "web build + journeys in Chromium"
scripts/build-web.sh
(cd tests/e2e && node --test --test-concurrency=1 journeys.test.mjs)

step "desktop window under Xvfb"
scripts/desktop-smoke.sh

step "offline: dependency tree, and a journey with only loopback, every socket traced"
scripts/offline-check.sh

if [ -d benches ]; then
  step "benchmarks build"
  cargo bench --no-run
fi

step "all tests passed"
