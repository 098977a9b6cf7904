#!/usr/bin/env bash
# Regenerates every app icon PNG from assets/icon/unknot.svg:
#   assets/icon/android/mipmap-<density>/ic_launcher.png             legacy launcher icon, 48 dp
#   assets/icon/android/mipmap-<density>/ic_launcher_foreground.png  adaptive-icon foreground, 108 dp (Android 8+)
#   assets/icon/ios/AppIcon.appiconset/AppIcon-<px>.png + Contents.json  iPhone/iPad sizes and the App Store 1024
# The Android files go into the app with scripts/android-icons.sh (dx 0.7.10 ignores Android icons, dioxus
# issue #3685); the iOS set is an Xcode asset catalog (docs/PHONES.md, "App icon").
# Needs rsvg-convert (apt-get install -y librsvg2-bin) and ImageMagick (convert or magick).
set -euo pipefail
cd "$(dirname "$0")/.."

src=assets/icon/unknot.svg
out=assets/icon
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install -y librsvg2-bin" >&2; exit 1; }
if command -v magick >/dev/null; then im=magick; elif command -v convert >/dev/null; then im=convert; else
  echo "ImageMagick is missing: apt-get install -y imagemagick" >&2; exit 1
fi
grep -q 'id="background"' "$src" || { echo "$src: the one-line id=\"background\" element is gone" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Android adaptive foreground: no background (the launcher draws ours, mobile/android/res), and the 512-unit
# artwork scaled to 68 dp of the 108 dp canvas so the cord stays inside the 66 dp circle every mask keeps.
grep -v 'id="background"' "$src" \
  | sed 's/width="512" height="512" viewBox="0 0 512 512"/width="108" height="108" viewBox="-151 -151 814 814"/' \
  > "$tmp/foreground.svg"
grep -q 'viewBox="-151' "$tmp/foreground.svg" || { echo "$src: unexpected <svg> header" >&2; exit 1; }
# iOS: a full square (iOS applies its own corner mask) and no alpha channel (App Store Connect rejects it).
sed '/id="background"/ s/rx="[0-9.]*" ry="[0-9.]*"/rx="0" ry="0"/' "$src" > "$tmp/square.svg"

# density:legacy px:foreground px
for entry in mdpi:48:108 hdpi:72:162 xhdpi:96:216 xxhdpi:144:324 xxxhdpi:192:432; do
  IFS=: read -r density px fg <<<"$entry"
  dir="$out/android/mipmap-$density"
  mkdir -p "$dir"
  rsvg-convert -w "$px" -h "$px" "$src" -o "$dir/ic_launcher.png"
  rsvg-convert -w "$fg" -h "$fg" "$tmp/foreground.svg" -o "$dir/ic_launcher_foreground.png"
done

set_dir="$out/ios/AppIcon.appiconset"
mkdir -p "$set_dir"
for px in 1024 180 167 152 120 87 80 60 58 40; do
  rsvg-convert -w "$px" -h "$px" "$tmp/square.svg" -o "$tmp/$px.png"
  "$im" "$tmp/$px.png" -background '#0b6e4f' -alpha remove -alpha off -strip \
    -define png:exclude-chunks=date,time "PNG24:$set_dir/AppIcon-$px.png"
done

# Xcode's asset-catalog index: which file serves which slot.
slot() { # idiom size scale file
  printf '    { "idiom" : "%s", "size" : "%s", "scale" : "%s", "filename" : "%s" }' "$1" "$2" "$3" "$4"
}
{
  echo '{'
  echo '  "images" : ['
  {
    slot iphone 20x20 2x AppIcon-40.png;   echo ','
    slot iphone 20x20 3x AppIcon-60.png;   echo ','
    slot iphone 29x29 2x AppIcon-58.png;   echo ','
    slot iphone 29x29 3x AppIcon-87.png;   echo ','
    slot iphone 40x40 2x AppIcon-80.png;   echo ','
    slot iphone 40x40 3x AppIcon-120.png;  echo ','
    slot iphone 60x60 2x AppIcon-120.png;  echo ','
    slot iphone 60x60 3x AppIcon-180.png;  echo ','
    slot ipad 20x20 2x AppIcon-40.png;     echo ','
    slot ipad 29x29 2x AppIcon-58.png;     echo ','
    slot ipad 40x40 2x AppIcon-80.png;     echo ','
    slot ipad 76x76 2x AppIcon-152.png;    echo ','
    slot ipad 83.5x83.5 2x AppIcon-167.png; echo ','
    slot ios-marketing 1024x1024 1x AppIcon-1024.png; echo
  }
  echo '  ],'
  echo '  "info" : { "author" : "xcode", "version" : 1 }'
  echo '}'
} > "$set_dir/Contents.json"

echo "icons written under $out/ (android/, ios/AppIcon.appiconset/)"
