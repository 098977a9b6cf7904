#!/usr/bin/env bash
# Type-checks and lints the phone builds without the Android SDK/NDK or Xcode (see TOOLCHAIN.md,
# "Android and iOS"): `cargo check` and `cargo clippy -- -D warnings` with `--no-default-features
# --features mobile` for aarch64-linux-android and aarch64-apple-ios. Nothing is linked, so nothing here
# can be installed on a phone; it proves the cfg(target_os = "android" / "ios") code compiles and is clean.
# Also checks the release AndroidManifest: INTERNET (Dioxus's loopback UI edit channel needs it; the app opens
# no other socket, see scripts/offline-check.sh), VIBRATE, dx's network security config, the full configChanges
# list and a DayNight theme, and runs tests/mobile_manifest.rs (the manifest against dx 0.7.10's template,
# whose copy in mobile/android/dx-0.7.10/ must be unmodified). And that the app id and version written out in
# mobile/ (dx copies those files verbatim) agree with Dioxus.toml and Cargo.toml.
# Cues with the screen off (issue #15): the manifest declares the foreground service
# dev.dioxus.main.CueService with type mediaPlayback and FOREGROUND_SERVICE, FOREGROUND_SERVICE_MEDIA_PLAYBACK,
# POST_NOTIFICATIONS and WAKE_LOCK; Info.plist has UIBackgroundModes audio; every Kotlin class and method the
# Rust code calls over JNI exists in mobile/android/*.kt with that signature and has a keep rule
# (scripts/check-jni.py), and Dioxus.toml hands that keep-rule file to dx ([android] proguard_rules).
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

# --- The release manifest (dx copies it verbatim instead of its template, so it must keep what dx needs).
manifest=mobile/android/AndroidManifest.xml
echo "== $manifest: INTERNET (loopback edit channel), VIBRATE, network security config, configChanges, theme"
[ -f "$manifest" ] || fail "$manifest is missing (Dioxus.toml [application] android_manifest points to it)"
# Only real elements count: XML comments are stripped first.
elements=$(perl -0pe 's/<!--.*?-->//gs' "$manifest")
# dioxus-desktop (the Android shell) binds 127.0.0.1 for its UI edit channel; without INTERNET Android refuses
# the socket (EACCES) and the app panics at launch.
grep -Eq '<uses-permission[^>]*android\.permission\.INTERNET' <<<"$elements" \
  || fail "$manifest lacks android.permission.INTERNET: Dioxus's loopback UI edit channel needs it (crash at launch)"
if grep -Eq '<uses-permission[^>]*android\.permission\.(ACCESS_NETWORK_STATE|ACCESS_WIFI_STATE|CHANGE_NETWORK_STATE)' <<<"$elements"; then
  fail "$manifest asks for network state; Unknot uses loopback only"
fi
grep -Eq '<uses-permission[^>]*android\.permission\.VIBRATE' <<<"$elements" \
  || fail "$manifest lacks android.permission.VIBRATE (haptic cues)"
grep -q 'android:networkSecurityConfig="@xml/network_security_config"' <<<"$elements" \
  || fail "$manifest lacks dx's networkSecurityConfig (cleartext ws:// to 127.0.0.1 is blocked without it: blank screen)"
if grep -q 'android:usesCleartextTraffic="true"' <<<"$elements"; then
  fail "$manifest allows cleartext to every host; dx's network security config allows 127.0.0.1 only"
fi
changes=$(sed -n 's/.*android:configChanges="\([^"]*\)".*/\1/p' <<<"$elements")
for c in orientation screenLayout screenSize smallestScreenSize keyboardHidden keyboard navigation uiMode density \
         fontScale locale layoutDirection; do
  tr '|' '\n' <<<"$changes" | grep -qx "$c" \
    || fail "$manifest: configChanges lacks $c (Android would recreate the activity and the app would exit)"
done
grep -q 'android:theme="@style/Theme.AppCompat.DayNight' <<<"$elements" \
  || fail "$manifest: the theme is not AppCompat DayNight (the page would never see dark mode)"
# The copy of dx's template that tests/mobile_manifest.rs compares with: unmodified below its header comment.
template=mobile/android/dx-0.7.10/AndroidManifest.xml.hbs
blob=$(sed -n 's/^  git blob \([0-9a-f]\{40\}\).*/\1/p' "$template")
[ "$(awk 'f{print} /^--}}$/{f=1}' "$template" | git hash-object --stdin)" = "$blob" ] \
  || fail "$template differs from dx's (git blob $blob named in its header)"
# The session's foreground service (cues with the screen off), by its full name: dx puts MainActivity.kt's classes
# in dev.dioxus.main, and a relative name would resolve against the app id.
for p in FOREGROUND_SERVICE FOREGROUND_SERVICE_MEDIA_PLAYBACK POST_NOTIFICATIONS WAKE_LOCK; do
  grep -Eq "<uses-permission[^>]*android\.permission\.$p\"" <<<"$elements" \
    || fail "$manifest lacks android.permission.$p (the session's foreground service)"
done
service=$(perl -0ne 'print $1 if /(<service\b[^>]*android:name="dev\.dioxus\.main\.CueService"[^>]*>)/s' <<<"$elements")
[ -n "$service" ] || fail "$manifest declares no <service android:name=\"dev.dioxus.main.CueService\">"
grep -Eq 'android:foregroundServiceType="([a-zA-Z|]*\|)?mediaPlayback' <<<"$service" \
  || fail "$manifest: CueService's foregroundServiceType is not mediaPlayback"
grep -q '^class CueService : Service()' mobile/android/MainActivity.kt \
  || fail "mobile/android/MainActivity.kt has no class CueService : Service() (the manifest names it)"
cargo test --quiet --test mobile_manifest >/dev/null || { cargo test --test mobile_manifest; fail "tests/mobile_manifest.rs"; }
echo "   ok (tests/mobile_manifest.rs passed)"

# --- JNI: the Kotlin the Rust code calls exists with the signatures used, and survives minification.
echo "== JNI calls from src/platform/android.rs against mobile/android/*.kt; keep rules"
command -v python3 >/dev/null || fail "python3 is missing (apt-get install -y python3)"
python3 scripts/check-jni.py || fail "scripts/check-jni.py"
rules=$(sed -n 's/^proguard_rules *= *\[ *"\([^"]*\)".*/\1/p' Dioxus.toml)
[ "$rules" = mobile/android/unknot-jni.pro ] && [ -f "$rules" ] \
  || fail "Dioxus.toml [android] proguard_rules must list mobile/android/unknot-jni.pro (found: '$rules')"

# --- iOS background audio: without it the cues stop when the phone locks.
echo "== mobile/ios/Info.plist: UIBackgroundModes audio"
plist=$(perl -0pe 's/<!--.*?-->//gs' mobile/ios/Info.plist)
perl -0ne 'exit(/<key>UIBackgroundModes<\/key>\s*<array>(?:(?!<\/array>).)*<string>audio<\/string>/s ? 0 : 1)' <<<"$plist" \
  || fail "mobile/ios/Info.plist: UIBackgroundModes lacks audio (cues would stop when the phone locks)"

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
