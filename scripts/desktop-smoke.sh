#!/usr/bin/env bash
# Desktop smoke test under Xvfb: launch the real window (WebKitGTK), screenshot the first start, accept the
# safety notes, click through to a routine with xdotool, check each screenshot differs where it should, then
# close the window and expect a clean exit. Screenshots go to screenshots/desktop-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"
cargo build --quiet
BIN="$CARGO_TARGET_DIR/debug/unknot"
SHOTS=screenshots
mkdir -p "$SHOTS"
DATA=$(mktemp -d)
DISPLAY_NUM=:97
Xvfb $DISPLAY_NUM -screen 0 1000x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true; [ -n "${APP:-}" ] && kill $APP 2>/dev/null || true; rm -rf "$DATA"' EXIT
export DISPLAY=$DISPLAY_NUM
sleep 1

UNKNOT_DATA_DIR="$DATA" "$BIN" >"$DATA/app.log" 2>&1 &
APP=$!
# Wait for the window, then for WebKit to draw.
for _ in $(seq 1 60); do xdotool search --onlyvisible --name '^Unknot$' >/dev/null 2>&1 && break; sleep 0.5; done
WID=$(xdotool search --onlyvisible --name '^Unknot$' | head -1)
[ -n "$WID" ] || { echo "FAIL: no Unknot window"; cat "$DATA/app.log"; exit 1; }
eval "$(xdotool getwindowgeometry --shell "$WID")"
echo "window $WID at $X,$Y size ${WIDTH}x${HEIGHT}"
[ "$WIDTH" -le 480 ] || { echo "FAIL: window is not phone-sized (${WIDTH} px wide)"; exit 1; }

shot() { import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$SHOTS/desktop-$1.png"; }
# Pixels that differ between two screenshots inside a region WxH+X+Y.
differ() { compare -metric AE -extract "$3" "$SHOTS/desktop-$1.png" "$SHOTS/desktop-$2.png" null: 2>&1 | awk '{print int($1)}' || true; }
wait_drawn() { # until the screen stops being blank/unchanged
  for _ in $(seq 1 40); do
    sleep 0.5
    shot probe
    colors=$(convert "$SHOTS/desktop-probe.png" -format %k info:)
    [ "$colors" -gt 8 ] && return 0
  done
  echo "FAIL: nothing drawn"; exit 1
}

wait_drawn
sleep 1
shot 1-first-start
# The first start shows the safety notes; scroll to the end of the dialog and accept.
xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT / 2))
for _ in $(seq 1 40); do xdotool click 5; done
sleep 0.5
shot 2-safety-end
# The accept button is the last thing in the dialog, near the bottom.
xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT - 64)) click 1
sleep 1.5
shot 3-home
changed=$(differ 1-first-start 3-home "${WIDTH}x$((HEIGHT - 80))+0+0")
echo "home vs first start: $changed pixels differ"
[ "$changed" -gt 5000 ] || { echo "FAIL: accepting the safety notes changed nothing"; exit 1; }

# Routines tab: second of five tabs in the bar at the bottom.
xdotool mousemove $((X + WIDTH * 3 / 10)) $((Y + HEIGHT - 30)) click 1
sleep 1.5
shot 4-routines
changed=$(differ 3-home 4-routines "${WIDTH}x$((HEIGHT - 80))+0+0")
tabbar=$(differ 3-home 4-routines "${WIDTH}x70+0+$((HEIGHT - 70))")
echo "routines vs home: content $changed pixels, tab bar $tabbar pixels differ"
[ "$changed" -gt 5000 ] || { echo "FAIL: the Routines tab did not open"; exit 1; }
[ "$tabbar" -gt 50 ] && [ "$tabbar" -lt "$changed" ] || { echo "FAIL: the tab bar should change only a little (active tab)"; exit 1; }

# The first routine card.
# (Below the filters: the builder, shelf, tool, timing and area controls come first.)
xdotool mousemove $((X + WIDTH / 2)) $((Y + 540)) click 1
sleep 1.5
shot 5-routine
changed=$(differ 4-routines 5-routine "${WIDTH}x$((HEIGHT - 80))+0+0")
echo "routine page vs list: $changed pixels differ"
[ "$changed" -gt 5000 ] || { echo "FAIL: tapping a routine did not open it"; exit 1; }
rm -f "$SHOTS/desktop-probe.png"

# Close the window the way a window manager's close button does; the app must exit by itself, cleanly.
python3 scripts/x11-close.py "$WID"
for _ in $(seq 1 20); do kill -0 $APP 2>/dev/null || break; sleep 0.25; done
if kill -0 $APP 2>/dev/null; then echo "FAIL: the app did not exit after its window closed"; exit 1; fi
wait $APP && status=0 || status=$?
APP=""
[ "$status" = 0 ] || { echo "FAIL: the app exited with status $status"; cat "$DATA/app.log"; exit 1; }
grep -i "panicked" "$DATA/app.log" && { echo "FAIL: the app panicked"; exit 1; }
[ -f "$DATA/journal.sqlite3" ] || { echo "FAIL: no journal file was created"; exit 1; }
echo "desktop smoke: ok"
