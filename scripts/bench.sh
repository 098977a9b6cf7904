#!/usr/bin/env bash
# Runs every benchmark of Unknot and writes BENCHMARKS.md (figure, goal, measured value, pass/miss, the machine
# and how each figure was measured). Takes ~30 min on 2 cores once the builds are warm (the cue-timing run
# alone is 10 min of real time). Run it on a quiet machine: other work on the cores shows in the numbers.
#   1. builds: the web app (OPTIMIZE=1 scripts/build-web.sh, i.e. with wasm-opt), the bare hello-world
#      (examples/hello.rs) for the web the same way, both desktop release binaries, the benches
#   2. sizes: wasm raw and gzip -9, desktop binaries stripped; where the wasm's bytes go (by crate, from a
#      build that keeps function names: scripts/bench-wasm-breakdown.mjs)
#   3. criterion (benches/content.rs, benches/journal.rs) and the plain timed loops
#      (benches/journal_latency.rs, benches/native_timing.rs)
#   4. desktop start-up and memory, app vs hello-world, under Xvfb (scripts/bench-desktop.sh); desktop
#      wake-ups, idle vs a running session, and the floor under them: the hello-world against the same with
#      one line of text changing once a second (examples/tick.rs) (scripts/bench-wakeups.sh)
#   5. the browser benchmarks in Chromium (tests/e2e/bench.mjs): cue timing under load, wake-ups,
#      start-up, memory
#   6. BENCHMARKS.md from all of the above (scripts/bench-report.mjs)
# Raw results stay in $UNKNOT_BENCH_OUT (default: $CARGO_TARGET_DIR/bench-results/<UTC time>).
# Needs what scripts/setup.sh installs (Xvfb, ImageMagick, chromium, node modules, wasm32 target).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/web-cargo.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"
export CARGO_TERM_COLOR=never
OUT="${UNKNOT_BENCH_OUT:-$CARGO_TARGET_DIR/bench-results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export UNKNOT_BENCH_OUT="$OUT"
export CRITERION_HOME="$OUT/criterion"
STARTED=$(date +%s)
LOG="$OUT/bench.log"
exec > >(tee -a "$LOG") 2>&1

step() { echo; echo "######## $* ($(date -u +%H:%M:%S))"; }

{
  echo "{"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"cpu\": \"$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)\","
  echo "  \"cores\": $(nproc),"
  echo "  \"ram_kb\": $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo),"
  echo "  \"os\": \"$(. /etc/os-release && echo "$PRETTY_NAME")\","
  echo "  \"kernel\": \"$(uname -r)\","
  echo "  \"rustc\": \"$(rustc --version)\","
  echo "  \"node\": \"$(node --version)\","
  echo "  \"load_at_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "  \"commit\": \"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')\""
  echo "}"
} >"$OUT/machine.json"

step "build: web app (wasm-opt)"
OPTIMIZE=1 scripts/build-web.sh
rm -rf "$OUT/web-app" && cp -r dist "$OUT/web-app"

step "build: hello-world for the web (same pipeline)"
web_cargo build --example hello --release --no-default-features --features web
mkdir -p "$OUT/web-hello/pkg"
wasm-bindgen --target web --no-typescript --out-name unknot --out-dir "$OUT/web-hello/pkg" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/examples/hello.wasm"
npx --yes --prefix tests/e2e wasm-opt -Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-reference-types \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  "$OUT/web-hello/pkg/unknot_bg.wasm" -o "$OUT/web-hello/pkg/opt.wasm"
mv "$OUT/web-hello/pkg/opt.wasm" "$OUT/web-hello/pkg/unknot_bg.wasm"
npx --yes --prefix tests/e2e esbuild $(find "$OUT/web-hello/pkg" -name '*.js') --minify --log-level=warning \
  --outdir="$OUT/web-hello/pkg" --outbase="$OUT/web-hello/pkg" --allow-overwrite
cat >"$OUT/web-hello/index.html" <<'EOF'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hello</title></head>
<body>
  <div id="main"></div>
  <script type="module">import init from "/pkg/unknot.js"; init({ module_or_path: "/pkg/unknot_bg.wasm" });</script>
</body>
</html>
EOF

step "build: desktop release binaries (app, hello-world, the once-a-second tick) and the benches"
cargo build --release
cargo build --release --example hello --example tick
cargo bench --no-run
mkdir -p "$OUT/bin"
cp "$CARGO_TARGET_DIR/release/unknot" "$OUT/bin/unknot"
cp "$CARGO_TARGET_DIR/release/examples/hello" "$OUT/bin/hello"
cp "$CARGO_TARGET_DIR/release/examples/tick" "$OUT/bin/tick"

step "sizes"
size_of() { stat -c %s "$1"; }
gz_of() { gzip -9 -c "$1" | wc -c; }
br_of() { node -e 'const z = require("zlib"); const b = require("fs").readFileSync(process.argv[1]);
  console.log(z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length)' "$1"; }
# What a first visit downloads to start: the page (with its stylesheet), the JS glue (with the snippets it
# imports) and the wasm.
whole() {
  local t=0 f
  for f in index.html pkg/unknot.js pkg/unknot_bg.wasm $(cd "$OUT/web-app" && find pkg/snippets -name '*.js'); do
    t=$((t + $("$1" "$OUT/web-app/$f")))
  done
  echo $t
}
# The run-file module (GPX and FIT parsers), fetched at the first import of a run file.
run_file() { local t=0 f; for f in pkg/run-file/unknot_run_file.js pkg/run-file/unknot_run_file_bg.wasm; do t=$((t + $("$1" "$OUT/web-app/$f"))); done; echo $t; }
# Everything the service worker keeps for offline use: every file of the build.
offline() { local t=0 f; for f in $(cd "$OUT/web-app" && find . -type f); do t=$((t + $("$1" "$OUT/web-app/$f"))); done; echo $t; }
for b in unknot hello; do cp "$OUT/bin/$b" "$OUT/bin/$b.stripped" && strip "$OUT/bin/$b.stripped"; done
cat >"$OUT/sizes.json" <<EOF
{
  "web_app": { "raw": $(size_of "$OUT/web-app/pkg/unknot_bg.wasm"), "gzip": $(gz_of "$OUT/web-app/pkg/unknot_bg.wasm"),
               "brotli": $(br_of "$OUT/web-app/pkg/unknot_bg.wasm"),
               "js": $(size_of "$OUT/web-app/pkg/unknot.js"), "js_gzip": $(gz_of "$OUT/web-app/pkg/unknot.js") },
  "web_app_whole": { "raw": $(whole size_of), "gzip": $(whole gz_of), "brotli": $(whole br_of) },
  "web_run_file": { "raw": $(run_file size_of), "gzip": $(run_file gz_of), "brotli": $(run_file br_of) },
  "web_offline": { "raw": $(offline size_of), "gzip": $(offline gz_of), "brotli": $(offline br_of) },
  "web_hello": { "raw": $(size_of "$OUT/web-hello/pkg/unknot_bg.wasm"), "gzip": $(gz_of "$OUT/web-hello/pkg/unknot_bg.wasm"),
                 "js": $(size_of "$OUT/web-hello/pkg/unknot.js"), "js_gzip": $(gz_of "$OUT/web-hello/pkg/unknot.js") },
  "desktop_app": { "built": $(size_of "$OUT/bin/unknot"), "stripped": $(size_of "$OUT/bin/unknot.stripped") },
  "desktop_hello": { "built": $(size_of "$OUT/bin/hello"), "stripped": $(size_of "$OUT/bin/hello.stripped") }
}
EOF
cat "$OUT/sizes.json"

step "size breakdown: the same wasm with its function names kept (strip=false), same wasm-bindgen + wasm-opt -Oz"
CARGO_TARGET_DIR="$CARGO_TARGET_DIR/wasm-names" CARGO_PROFILE_RELEASE_STRIP=false \
  web_cargo build --release --no-default-features --features web
mkdir -p "$OUT/wasm-names"
wasm-bindgen --target web --no-typescript --out-dir "$OUT/wasm-names" \
  "$CARGO_TARGET_DIR/wasm-names/wasm32-unknown-unknown/release/unknot.wasm"
npx --yes --prefix tests/e2e wasm-opt -Oz --converge -g --enable-bulk-memory --enable-reference-types \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  "$OUT/wasm-names/unknot_bg.wasm" -o "$OUT/wasm-names/named.wasm"
node scripts/bench-wasm-breakdown.mjs "$OUT/wasm-names/named.wasm" >"$OUT/wasm-breakdown.json"
rm -f "$OUT/wasm-names/unknot_bg.wasm"

step "criterion: content load"
cargo bench --bench content
step "criterion: journal at scale"
cargo bench --bench journal
step "journal latency percentiles"
cargo bench --bench journal_latency
step "native shell timing (60 s)"
cargo bench --bench native_timing

step "desktop start-up and memory under Xvfb (app vs hello-world)"
# 9 launches each: five gave medians whose ratio moved between 1.09x and 1.21x from one run to the next here.
scripts/bench-desktop.sh "$OUT/bin/unknot" "$OUT/bin/hello" "$OUT/desktop.json" 9

step "desktop wake-ups under Xvfb: idle vs a running session, and the floor (about 10 min)"
scripts/bench-wakeups.sh "$OUT/bin/unknot" "$OUT/wakeups.json" 30 3 "$OUT/bin/hello" "$OUT/bin/tick"

step "browser benchmarks in Chromium (about 12 min)"
(cd tests/e2e && UNKNOT_BENCH_DIST="$OUT/web-app" UNKNOT_BENCH_HELLO_DIST="$OUT/web-hello" node bench.mjs)

step "BENCHMARKS.md"
ELAPSED=$(($(date +%s) - STARTED))
node scripts/bench-report.mjs "$OUT" "$ELAPSED" "$(cut -d' ' -f1-3 /proc/loadavg)" >BENCHMARKS.md
echo "wrote BENCHMARKS.md (run took $((ELAPSED / 60)) min $((ELAPSED % 60)) s; raw results in $OUT)"
