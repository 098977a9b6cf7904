#!/usr/bin/env bash
# Builds the browser version of Unknot into dist/ (index.html + pkg/): wasm32 release build, with the standard
# library compiled for it (scripts/web-cargo.sh), then wasm-bindgen at exactly the version in Cargo.lock. No `dx`
# needed. Serve dist/ on 127.0.0.1.
# The run-file parsers (crates/run-file) become their own module, dist/pkg/run-file/, which the app loads the
# first time a runner imports a GPX or FIT file (src/platform/web.rs), not with the app.
#   scripts/build-web.sh            build
#   OPTIMIZE=1 scripts/build-web.sh also run wasm-opt -Oz --converge (npm binaryen, for size figures)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"
. scripts/web-cargo.sh

wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  echo "== installing wasm-bindgen-cli $wbg_version (matches Cargo.lock)"
  # Not --locked: with it, resolution fails on this registry mirror (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

echo "== SQLite's amalgamation with the journal's grammar (scripts/sqlite-web.py)"
python3 scripts/sqlite-web.py
echo "== cargo build (wasm32, release, feature web)"
web_cargo build --release --no-default-features --features web

# A C function left undefined (e.g. by a SQLITE_OMIT_* flag, .cargo/config.toml) would become an import the
# page cannot satisfy: refuse the build instead of shipping a wasm that fails to start.
node -e 'const fs = require("fs"); const m = new WebAssembly.Module(fs.readFileSync(process.argv[1]));
  const missing = WebAssembly.Module.imports(m).filter((i) => i.module === "env").map((i) => i.name);
  if (missing.length) { console.error("undefined in the wasm (imported from env): " + missing.join(", ")); process.exit(1); }' \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/unknot.wasm"

echo "== cargo rustc (wasm32, release): the run-file module"
web_cargo rustc -p unknot-run-file --release --features web --crate-type cdylib

rm -rf dist && mkdir -p dist/pkg
wasm-bindgen --target web --no-typescript --out-dir dist/pkg "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/unknot.wasm"
wasm-bindgen --target web --no-typescript --out-dir dist/pkg/run-file \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/unknot_run_file.wasm"
cp web/manifest.webmanifest dist/
# The first screen of a first visit (the safety notes), rendered by the app's own code, for the page to draw
# while the wasm loads (web/index.html). A native build: `cargo test` has already built it in CI.
echo "== the first screen of a first visit (examples/first_screen_html.rs)"
cargo run --quiet --example first_screen_html >"$CARGO_TARGET_DIR/first-screen.html"
# The stylesheet inline in the page (not added by the app a moment after its first frame), minified by esbuild
# (npm; comments, spaces, shorter forms of the same values), and the first screen.
# The tab icon too, as a data: URL: Chromium downloads the icon again at every in-app navigation (the page
# address changes), a request and a resource-timing entry each time (issue #16, memory per session).
node -e 'const fs = require("fs"); const esbuild = require("./tests/e2e/node_modules/esbuild");
  const [page, css, first, icon, out] = process.argv.slice(1);
  let html = fs.readFileSync(page, "utf8");
  const put = (marker, what) => {
    if (!marker.test(html)) throw new Error(page + ": the marker " + marker + " is missing");
    html = html.replace(marker, () => what);
  };
  const style = esbuild.transformSync(fs.readFileSync(css, "utf8"), { loader: "css", minify: true, sourcefile: css }).code;
  put(/<!-- app\.css:[^>]*-->/, "<style>" + style + "</style>");
  put(/<!-- first-screen:[^>]*-->/, "<template id=\"first-screen\">" + fs.readFileSync(first, "utf8").trim() + "</template>");
  put(/<link rel="icon" href="\/icons\/unknot\.svg"/, `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(fs.readFileSync(icon, "utf8"))}"`);
  // The modules the app JavaScript imports, fetched with it rather than after it has been read.
  const imports = [...fs.readFileSync("dist/pkg/unknot.js", "utf8").matchAll(/^import .* from \x27\.\/([^\x27]+)\x27;$/gm)].map((m) => m[1]);
  if (!imports.length) throw new Error("dist/pkg/unknot.js imports no snippets: has wasm-bindgen changed how it writes imports?");
  put(/<!-- modulepreload:[^>]*-->/, imports.map((f) => "<link rel=\"modulepreload\" href=\"/pkg/" + f + "\">").join("\n  "));
  fs.writeFileSync(out, html);' \
  web/index.html assets/app.css "$CARGO_TARGET_DIR/first-screen.html" assets/icon/unknot.svg dist/index.html
# The JavaScript wasm-bindgen wrote (the app's and the run-file module's glue, and the snippets they import),
# minified in place by esbuild: local names shortened, spaces and comments gone; imports, exports and the names
# the wasm imports by stay. After the page above, which reads the glue's import lines. Measured on the app
# (issue #16): the app's JavaScript 113,866 -> 57,063 bytes (20,156 -> 16,361 gzip).
npx --yes --prefix tests/e2e esbuild $(find dist/pkg -name '*.js') --minify --log-level=warning \
  --outdir=dist/pkg --outbase=dist/pkg --allow-overwrite
mkdir -p dist/icons
cp assets/icon/unknot.svg dist/icons/
cp assets/icon/android/mipmap-xxxhdpi/ic_launcher.png dist/icons/icon-192.png
cp assets/icon/ios/AppIcon.appiconset/AppIcon-180.png dist/icons/icon-180.png
cp assets/icon/ios/AppIcon.appiconset/AppIcon-1024.png dist/icons/icon-1024.png

if [ "${OPTIMIZE:-0}" = "1" ]; then
  echo "== wasm-opt -Oz --converge"
  # --converge repeats -Oz until the module stops shrinking; the two custom sections are metadata no browser
  # reads. Measured on the app (issue #16): -2.0 KB raw, -0.7 KB gzip, -2.3 KB brotli, for about a minute.
  opt_flags=(-Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-reference-types
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue)
  npx --yes --prefix tests/e2e wasm-opt "${opt_flags[@]}" dist/pkg/unknot_bg.wasm -o dist/pkg/unknot_bg.opt.wasm
  mv dist/pkg/unknot_bg.opt.wasm dist/pkg/unknot_bg.wasm
  npx --yes --prefix tests/e2e wasm-opt "${opt_flags[@]}" dist/pkg/run-file/unknot_run_file_bg.wasm -o dist/pkg/run-file/opt.wasm
  mv dist/pkg/run-file/opt.wasm dist/pkg/run-file/unknot_run_file_bg.wasm
fi
# The service worker: this build's files, and a version that changes whenever any of them does.
files=$(cd dist && find . -type f ! -name sw.js | sed 's|^\.||' | sort)
version=$(cd dist && cat $(printf '.%s ' $files) | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__VERSION__|$version|" -e "s|__FILES__|[$list]|" web/sw.js > dist/sw.js
ls -l dist/pkg dist/pkg/run-file
