#!/usr/bin/env bash
# Installs everything Unknot needs on a fresh Debian/Ubuntu machine (idempotent; run as root or with sudo):
#   apt: WebKitGTK + xdo (desktop window), Xvfb/xauth/xdotool/imagemagick (headless desktop tests),
#        strace/iproute2/python3 (scripts/offline-check.sh: the app traced in a loopback-only network namespace),
#        chromium (browser journeys), clang/llvm (SQLite's C for wasm32 and the phone type-checks), tcl (SQLite's
#        opcode generator, scripts/sqlite-web.py),
#        libc6-dev-arm64-cross (headers for the Android type-check), pkg-config, libssl-dev, nodejs/npm if missing
#   rustup targets: wasm32-unknown-unknown, aarch64-linux-android, aarch64-apple-ios; the rust-src component
#        (the web build compiles std for its wasm, scripts/web-cargo.sh)
#   npm (tests/e2e): playwright-core (no browser download), axe-core, binaryen (wasm-opt) and esbuild (minifies
#        the web build's JavaScript and stylesheet)
#   cargo: wasm-bindgen-cli at the version in Cargo.lock (done by scripts/build-web.sh when first needed)
# SETUP_MINIMAL=1 installs only what opening the desktop app needs.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

desktop_pkgs="libwebkit2gtk-4.1-dev libxdo-dev pkg-config libssl-dev build-essential"
test_pkgs="xvfb xauth xdotool imagemagick strace iproute2 python3 chromium clang llvm tcl libc6-dev-arm64-cross fonts-dejavu-core"
pkgs="$desktop_pkgs"
[ "${SETUP_MINIMAL:-0}" = "1" ] || pkgs="$pkgs $test_pkgs"
command -v node >/dev/null || pkgs="$pkgs nodejs npm"
# The X11, XShm and DAMAGE headers of scripts/firstdraw.c (bench-desktop.sh; WebKitGTK's -dev pulls them in anyway).
pkgs="$pkgs libx11-dev libxext-dev libxdamage-dev"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "== apt-get install:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it from rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
if [ "${SETUP_MINIMAL:-0}" != "1" ]; then
  rustup target add wasm32-unknown-unknown aarch64-linux-android aarch64-apple-ios >/dev/null
  # std's source, which the web build compiles for its wasm (scripts/web-cargo.sh).
  rustup component add rust-src >/dev/null
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
echo "== setup done"
