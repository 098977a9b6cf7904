#!/usr/bin/env bash
# Builds the browser version of Unknot into dist/ (index.html + pkg/): wasm32 release build, then
# wasm-bindgen at exactly the version in Cargo.lock. No `dx` needed. Serve dist/ on 127.0.0.1.
# The run-file parsers (crates/run-file) become their own module, dist/pkg/run-file/, which the app loads the
# first time a runner imports a GPX or FIT file (src/platform/web.rs), not with the app.
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

# A C function left undefined (e.g. by a SQLITE_OMIT_* flag, .cargo/config.toml) would become an import the
# page cannot satisfy: refuse the build instead of shipping a wasm that fails to start.
node -e 'const fs = require("fs"); const m = new WebAssembly.Module(fs.readFileSync(process.argv[1]));
  const missing = WebAssembly.Module.imports(m).filter((i) => i.module === "env").map((i) => i.name);
  if (missing.length) { console.error("undefined in the wasm (imported from env): " + missing.join(", ")); process.exit(1); }' \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/unknot.wasm"

echo "== cargo rustc (wasm32, release): the run-file module"
cargo rustc -p unknot-run-file --target wasm32-unknown-unknown --release --features web --crate-type cdylib

rm -rf dist && mkdir -p dist/pkg
wasm-bindgen --target web --no-typescript --out-dir dist/pkg "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/unknot.wasm"
wasm-bindgen --target web --no-typescript --out-dir dist/pkg/run-file \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/unknot_run_file.wasm"
cp web/manifest.webmanifest dist/
# The stylesheet inline in the page (not added by the app a moment after its first frame). The tab's icon
# too, as a data: URL: Chromium downloads the icon again at every in-app navigation (the page's address
# changes), a request and a resource-timing entry each time (issue #16, memory per session).
node -e 'const fs = require("fs"); const [page, css, icon, out] = process.argv.slice(1);
  const marker = /<!-- app\.css:[^>]*-->/;
  const link = "<link rel=\"icon\" href=\"/icons/unknot.svg\"";
  let html = fs.readFileSync(page, "utf8");
  if (!marker.test(html)) throw new Error(page + ": the app.css marker is missing");
  if (!html.includes(link)) throw new Error(page + ": the icon link is missing");
  html = html.replace(link, () => `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(fs.readFileSync(icon, "utf8"))}"`);
  fs.writeFileSync(out, html.replace(marker, () => "<style>\n" + fs.readFileSync(css, "utf8") + "</style>"));' \
  web/index.html assets/app.css assets/icon/unknot.svg dist/index.html
mkdir -p dist/icons
cp assets/icon/unknot.svg dist/icons/
cp assets/icon/android/mipmap-xxxhdpi/ic_launcher.png dist/icons/icon-192.png
cp assets/icon/ios/AppIcon.appiconset/AppIcon-180.png dist/icons/icon-180.png
cp assets/icon/ios/AppIcon.appiconset/AppIcon-1024.png dist/icons/icon-1024.png

if [ "${OPTIMIZE:-0}" = "1" ]; then
  echo "== wasm-opt -Oz"
  npx --yes --prefix tests/e2e wasm-opt -Oz --enable-bulk-memory --enable-reference-types \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
    dist/pkg/unknot_bg.wasm -o dist/pkg/unknot_bg.opt.wasm
  mv dist/pkg/unknot_bg.opt.wasm dist/pkg/unknot_bg.wasm
  npx --yes --prefix tests/e2e wasm-opt -Oz --enable-bulk-memory --enable-reference-types \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
    dist/pkg/run-file/unknot_run_file_bg.wasm -o dist/pkg/run-file/opt.wasm
  mv dist/pkg/run-file/opt.wasm dist/pkg/run-file/unknot_run_file_bg.wasm
fi
# The service worker: this build's files, and a version that changes whenever any of them does.
files=$(cd dist && find . -type f ! -name sw.js | sed 's|^\.||' | sort)
version=$(cd dist && cat $(printf '.%s ' $files) | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__VERSION__|$version|" -e "s|__FILES__|[$list]|" web/sw.js > dist/sw.js
ls -l dist/pkg dist/pkg/run-file
