#!/usr/bin/env bash
# Type-checks and lints the phone builds without the Android SDK/NDK or Xcode (see TOOLCHAIN.md,
# "Android and iOS"): `cargo check` and `cargo clippy -- -D warnings` with `--no-default-features
# --features mobile` for aarch64-linux-android and aarch64-apple-ios. Nothing is linked, so nothing here
# can be installed on a phone; it proves the cfg(target_os = "android" / "ios") code compiles and is clean.
# Also checks that the release AndroidManifest asks for VIBRATE and no network access, and that the app id and
# version written out in mobile/ (dx copies those files verbatim) agree with Dioxus.toml and Cargo.toml.
#   scripts/check-mobile.sh              both phones
#   scripts/check-mobile.sh android      one of them (android | ios)
# Needs: rustup targets aarch64-linux-android aarch64-apple-ios; apt clang llvm libc6-dev-arm64-cross.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"

want="${1:-all}"
case "$want" in all|android|ios) ;; *) echo "usage: $0 [android|ios]" >&2; exit 2 ;; esac

fail() { echo "FAIL: $*" >&2; exit 1; }

# --- The release manifest must not ask for the network (the app is offline by design).
manifest=mobile/android/AndroidManifest.xml
echo "== $manifest: VIBRATE, no INTERNET permission"
[ -f "$manifest" ] || fail "$manifest is missing (Dioxus.toml [application] android_manifest points to it)"
# Only real elements count: XML comments are stripped first.
elements=$(perl -0pe 's/<!--.*?-->//gs' "$manifest")
if grep -Eq '<uses-permission[^>]*android\.permission\.(INTERNET|ACCESS_NETWORK_STATE)' <<<"$elements"; then
  fail "$manifest requests network access; Unknot is offline and must not"
fi
grep -Eq '<uses-permission[^>]*android\.permission\.VIBRATE' <<<"$elements" \
  || fail "$manifest lacks android.permission.VIBRATE (haptic cues)"

# --- dx copies the custom MainActivity.kt and Info.plist verbatim, so the app id is spelled out in both.
id=$(sed -n 's/^identifier *= *"\(.*\)"/\1/p' Dioxus.toml | head -1)
echo "== app id $id in MainActivity.kt and Info.plist; Info.plist version = Cargo.toml"
[ -n "$id" ] || fail "Dioxus.toml has no [bundle] identifier"
grep -q "^typealias BuildConfig = $id.BuildConfig\$" mobile/android/MainActivity.kt \
  || fail "mobile/android/MainActivity.kt: BuildConfig typealias does not name $id"
grep -A1 '<key>CFBundleIdentifier</key>' mobile/ios/Info.plist | grep -q "<string>$id</string>" \
  || fail "mobile/ios/Info.plist: CFBundleIdentifier is not $id"
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)
for key in CFBundleVersion CFBundleShortVersionString; do
  grep -A1 "<key>$key</key>" mobile/ios/Info.plist | grep -q "<string>$version</string>" \
    || fail "mobile/ios/Info.plist: $key is not $version (Cargo.toml)"
done

for tool in clang llvm-ar; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install -y clang llvm libc6-dev-arm64-cross"
done
installed_targets=$(rustup target list --installed)

run() { # run <label> <cargo args...>
  local label=$1; shift
  echo "== $label: cargo $*"
  local start=$SECONDS
  cargo "$@" || fail "$label: cargo $1 reported errors"
  echo "   ok ($((SECONDS - start)) s)"
}

check_target() { # check_target <triple>
  local triple=$1
  grep -qx "$triple" <<<"$installed_targets" || fail "rustup target $triple is missing: rustup target add $triple"
  # The library and the binary (cargo's default targets); the tests are desktop-only.
  local args=(--target "$triple" --no-default-features --features mobile)
  run "$triple check" check "${args[@]}"
  run "$triple clippy" clippy "${args[@]}" -- -D warnings
}

if [ "$want" = all ] || [ "$want" = android ]; then
  # SQLite's C (rusqlite `bundled`) needs a C compiler for the target. glibc's arm64 headers stand in for
  # bionic's: good enough to compile for a check, never for an app (dx uses the NDK's clang for that).
  RD=$(clang -print-resource-dir)
  (
    export CC_aarch64_linux_android=clang AR_aarch64_linux_android=llvm-ar
    export CFLAGS_aarch64_linux_android="--target=aarch64-linux-android24 -nostdinc -isystem $RD/include -isystem /usr/aarch64-linux-gnu/include"
    check_target aarch64-linux-android
  )
fi

if [ "$want" = all ] || [ "$want" = ios ]; then
  # iOS uses the system SQLite (no C to compile); objc2 only wants an SDK root to exist for the check.
  fake_sdk="$CARGO_TARGET_DIR/fake-sdk/iPhoneOS.sdk"
  mkdir -p "$fake_sdk"
  (
    export SDKROOT="$fake_sdk" IPHONEOS_DEPLOYMENT_TARGET=13.0
    export CC_aarch64_apple_ios=clang AR_aarch64_apple_ios=llvm-ar
    check_target aarch64-apple-ios
  )
fi

echo "== mobile checks passed"
