#!/usr/bin/env bash
# Builds the browser version of Unknot into dist/ (index.html + pkg/): wasm32 release build, then
# wasm-bindgen at exactly the version in Cargo.lock. No `dx` needed. Serve dist/ on 127.0.0.1.
#   scripts/build-web.sh            build
#   OPTIMIZE=1 scripts/build-web.sh also run wasm-opt -Oz (npm binaryen, for size figures)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"

wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  echo "== installing wasm-bindgen-cli $wbg_version (matches Cargo.lock)"
  # Not --locked: with it, resolution fails on this registry mirror (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

echo "== cargo build (wasm32, release, feature web)"
cargo build --target wasm32-unknown-unknown --release --no-default-features --features web

rm -rf dist && mkdir -p dist/pkg
wasm-bindgen --target web --no-typescript --out-dir dist/pkg "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/unknot.wasm"
cp web/index.html dist/index.html

if [ "${OPTIMIZE:-0}" = "1" ]; then
  echo "== wasm-opt -Oz"
  npx --yes --prefix tests/e2e wasm-opt -Oz --enable-bulk-memory --enable-reference-types \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
    dist/pkg/unknot_bg.wasm -o dist/pkg/unknot_bg.opt.wasm
  mv dist/pkg/unknot_bg.opt.wasm dist/pkg/unknot_bg.wasm
fi
ls -l dist/pkg
