#!/usr/bin/env bash
# Puts Unknot's launcher icon into the Android build, then rebuilds the APK and AAB with Gradle.
#
# Why: dx 0.7.10 ignores icons for Android (dioxus issue #3685). On every build it regenerates a Gradle
# project and writes its own default icon into it (mipmap-*/ic_launcher.webp plus an adaptive icon in
# mipmap-anydpi-v26/ic_launcher.xml; dioxus-cli src/build/android.rs, build_android_app_dir). That project
# lives at <target dir>/dx/<bin>/<debug|release>/android/app (request.rs: root_dir = platform_dir/"app",
# platform_dir = target_dir/dx/<main target>/<profile>/android), target dir = $CARGO_TARGET_DIR or ./target.
# This script replaces the icon there and runs Gradle again. Run it after every dx build you want to ship:
#
#   dx bundle --android --release && scripts/android-icons.sh            release: APK + AAB
#   dx build --android && scripts/android-icons.sh --debug               debug APK (then adb install -r ...)
#
# Optional signing of the release APK (zipalign + apksigner; apksigner asks for the passwords):
#   UNKNOT_KEYSTORE=~/keys/unknot.jks UNKNOT_KEY_ALIAS=unknot scripts/android-icons.sh
# Needs: JDK 17 (JAVA_HOME) and ANDROID_HOME (the SDK), as for dx itself. See docs/PHONES.md.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
case "${1:-}" in
  "") ;;
  --debug) profile=debug ;;
  --release) ;;
  *) echo "usage: $0 [--debug|--release]" >&2; exit 2 ;;
esac

target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
gradle_root="$target_dir/dx/unknot/$profile/android/app"
res="$gradle_root/app/src/main/res"
if [ ! -x "$gradle_root/gradlew" ] && [ ! -f "$gradle_root/gradlew" ]; then
  echo "No Gradle project at $gradle_root." >&2
  if [ "$profile" = release ]; then echo "Build first: dx bundle --android --release" >&2
  else echo "Build first: dx build --android" >&2; fi
  echo "(dx uses \$CARGO_TARGET_DIR, else ./target; set it the same way for both commands)" >&2
  exit 1
fi
[ -n "${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}" ] || echo "warning: ANDROID_HOME is not set; Gradle may not find the SDK" >&2
[ -d assets/icon/android/mipmap-mdpi ] || { echo "assets/icon/android is missing: run scripts/make-icons.sh" >&2; exit 1; }

echo "== icons -> $res"
for density in mdpi hdpi xhdpi xxhdpi xxxhdpi; do
  dir="$res/mipmap-$density"
  mkdir -p "$dir"
  # dx's default is ic_launcher.webp; two ic_launcher files in one folder make Gradle fail ("Duplicate resources").
  rm -f "$dir/ic_launcher.webp"
  cp "assets/icon/android/mipmap-$density/ic_launcher.png" "$dir/ic_launcher.png"
  cp "assets/icon/android/mipmap-$density/ic_launcher_foreground.png" "$dir/ic_launcher_foreground.png"
done
# Android 8+ shows the adaptive icon, not the PNGs above: replace dx's with ours.
mkdir -p "$res/mipmap-anydpi-v26" "$res/drawable"
cp mobile/android/res/mipmap-anydpi-v26/ic_launcher.xml "$res/mipmap-anydpi-v26/ic_launcher.xml"
cp mobile/android/res/drawable/unknot_icon_background.xml "$res/drawable/unknot_icon_background.xml"

chmod +x "$gradle_root/gradlew"
outputs="$gradle_root/app/build/outputs"
if [ "$profile" = debug ]; then
  echo "== gradle assembleDebug"
  (cd "$gradle_root" && ./gradlew --quiet assembleDebug)
  echo "APK: $outputs/apk/debug/app-debug.apk"
  exit 0
fi

echo "== gradle assembleRelease bundleRelease"
(cd "$gradle_root" && ./gradlew --quiet assembleRelease bundleRelease)
aab="$outputs/bundle/release/app-release.aab"
# Signed by Gradle only when Dioxus.toml has [bundle.android] (jks_file etc.); otherwise unsigned.
apk=""
for candidate in "$outputs/apk/release/app-release.apk" "$outputs/apk/release/app-release-unsigned.apk"; do
  if [ -f "$candidate" ]; then apk=$candidate; break; fi
done
[ -n "$apk" ] || { echo "Gradle produced no release APK under $outputs/apk/release" >&2; exit 1; }
echo "AAB: $aab (sign it before upload: jarsigner, or Play App Signing's upload key)"
echo "APK: $apk"

if [ -n "${UNKNOT_KEYSTORE:-}" ]; then
  sdk="${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}"
  tools=$(ls -d "$sdk"/build-tools/*/ 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$tools" ] || { echo "no build-tools under \$ANDROID_HOME/build-tools (sdkmanager 'build-tools;34.0.0')" >&2; exit 1; }
  signed="$outputs/apk/release/Unknot-release.apk"
  echo "== zipalign + apksigner ($tools)"
  "$tools/zipalign" -f -p 4 "$apk" "$outputs/apk/release/aligned.apk"
  "$tools/apksigner" sign --ks "$UNKNOT_KEYSTORE" --ks-key-alias "${UNKNOT_KEY_ALIAS:?set UNKNOT_KEY_ALIAS}" \
    --out "$signed" "$outputs/apk/release/aligned.apk"
  rm -f "$outputs/apk/release/aligned.apk"
  "$tools/apksigner" verify --print-certs "$signed" | head -3
  echo "signed APK: $signed"
fi
