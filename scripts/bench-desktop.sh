#!/usr/bin/env bash
# Desktop start-up and memory, side by side with the bare hello-world (examples/hello.rs), under Xvfb.
#   scripts/bench-desktop.sh APP_BIN HELLO_BIN OUT.json [RUNS]
# Each launch: process start -> its window is mapped (xdotool, checked before each screenshot) -> the first screenshot (ImageMagick `import` of the whole screen, taken back to
# back, at least 50 ms apart) that is not blank (more than 8 colours: the window's text is drawn); then 3 s
# to settle and the resident memory of the process and every descendant (WebKit's web and network
# processes): the sum of VmRSS, and of Pss (which splits shared pages fairly) as a cross-check. For the app,
# polling goes on until its stylesheet is applied (the page background at the top-left corner is no longer
# the webview's default white): the first frame with content can be unstyled. The two apps
# are launched alternately (RUNS each, after one discarded warm-up launch each, which also fills the page
# cache), so a busy moment of the machine hits both. The app's data dir is a temp dir whose journal has the
# safety notes already accepted: it opens on Home, as it does for a returning user.
set -euo pipefail
. "$(dirname "$0")/desktop-bench-lib.sh"
APP=$1
HELLO=$2
OUT=$3
RUNS=${4:-5}
DISPLAY_NUM=:94
DATA=$(mktemp -d)

cleanup() {
  # Only what this script started (launch() records every pid it starts, also from subshells).
  for p in $(cat "$DATA/pids" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  [ -n "${XVFB:-}" ] && kill "$XVFB" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

start_xvfb "$DISPLAY_NUM"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Sum of a /proc field (kB) over pids: mem <file> <field> <pids...>
mem() {
  local file=$1 field=$2 total=0 v
  shift 2
  for p in "$@"; do
    v=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$p/$file" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# One screenshot of the screen: its number of colours and the colour of the pixel at (3,3), the top-left
# corner of the page (the window sits at 0,0: Xvfb has no window manager).
screen() { import -silent -window root -format '%k %[fx:int(255*p{3,3}.r)],%[fx:int(255*p{3,3}.g)],%[fx:int(255*p{3,3}.b)]' info:- 2>/dev/null || echo "0 0,0,0"; }

# Whether a visible window of that title exists yet.
has_window() { xdotool search --onlyvisible --name "^$1\$" >/dev/null 2>&1; }

# launch <bin> <window title> [styled] -> prints "drawn_ms rss_kb pss_kb processes polls styled_ms window_ms"
# With "styled", polling goes on after the first content until the page's own background (not the
# webview's default white) is at the top-left: the stylesheet has been applied.
launch() {
  local bin=$1 title=$2 want_styled=${3:-} t0 pid drawn="" styled="-1" window="-1" polls=0 colours pixel start took shot
  read -r colours pixel <<<"$(screen)"
  [ "$colours" -le 8 ] || { echo "screen not blank before launch" >&2; exit 1; }
  t0=$(now_ms)
  UNKNOT_DATA_DIR="$DATA" "$bin" >>"$DATA/launch.log" 2>&1 &
  pid=$!
  echo "$pid" >>"$DATA/pids"
  while [ $(( $(now_ms) - t0 )) -lt 60000 ]; do
    start=$(now_ms)
    if [ "$window" = -1 ] && has_window "$title"; then window=$(( $(now_ms) - t0 )); fi
    read -r colours pixel <<<"$(screen)"
    polls=$((polls + 1))
    # One time per screenshot: content and stylesheet seen in the same screenshot get the same time.
    shot=$(( $(now_ms) - t0 ))
    if [ -z "$drawn" ] && [ "$colours" -gt 8 ]; then drawn=$shot; fi
    if [ -n "$drawn" ] && [ -n "$want_styled" ] && [ "$pixel" != 255,255,255 ] && [ "$pixel" != 0,0,0 ]; then
      styled=$shot
    fi
    if [ -n "$drawn" ] && { [ -z "$want_styled" ] || [ "$styled" != -1 ]; }; then break; fi
    took=$(( $(now_ms) - start ))
    [ "$took" -lt 50 ] && sleep "0.0$(printf '%02d' $((50 - took)))"
  done
  [ -n "$drawn" ] || { echo "nothing drawn by $bin within 60 s" >&2; tail -20 "$DATA/launch.log" >&2; exit 1; }
  sleep 3
  local pids
  pids=$(tree "$pid")
  echo "$pids" >>"$DATA/pids"
  # shellcheck disable=SC2086
  echo "$drawn $(mem status VmRSS $pids) $(mem smaps_rollup Pss $pids) $(echo $pids | wc -w) $polls $styled $window"
  # shellcheck disable=SC2086
  kill $pid 2>/dev/null || true
  for _ in $(seq 1 100); do
    local alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in $pids; do kill -9 "$p" 2>/dev/null || true; done
  wait "$pid" 2>/dev/null || true
  sleep 1
}

# Warm-up launches (discarded); the first one creates the app's journal, then mark the safety notes read.
launch "$APP" Unknot styled >/dev/null
sqlite3 "$DATA/journal.sqlite3" "INSERT OR REPLACE INTO settings (key, value) VALUES ('safety_acknowledged', '1');"
launch "$HELLO" Hello >/dev/null

app_rows=()
hello_rows=()
for i in $(seq 1 "$RUNS"); do
  # Alternate which goes first.
  if [ $((i % 2)) = 1 ]; then
    app_rows+=("$(launch "$APP" Unknot styled)"); hello_rows+=("$(launch "$HELLO" Hello)")
  else
    hello_rows+=("$(launch "$HELLO" Hello)"); app_rows+=("$(launch "$APP" Unknot styled)")
  fi
  echo "run $i: app ${app_rows[-1]} | hello ${hello_rows[-1]} (drawn_ms rss_kb pss_kb processes polls styled_ms window_ms)"
done

json_rows() {
  local first=1
  printf '['
  for r in "$@"; do
    read -r d rss pss n polls styled win <<<"$r"
    [ $first = 1 ] || printf ', '
    first=0
    printf '{"drawn_ms": %s, "rss_kb": %s, "pss_kb": %s, "processes": %s, "polls": %s, "styled_ms": %s, "window_ms": %s}' "$d" "$rss" "$pss" "$n" "$polls" "$styled" "$win"
  done
  printf ']'
}
{
  printf '{"runs": %s, "screen": "Xvfb 1000x1000x24", "app_bin": "%s", "hello_bin": "%s",\n' "$RUNS" "$APP" "$HELLO"
  printf ' "app": %s,\n' "$(json_rows "${app_rows[@]}")"
  printf ' "hello": %s}\n' "$(json_rows "${hello_rows[@]}")"
} >"$OUT"
echo "wrote $OUT"
