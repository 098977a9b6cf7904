#!/usr/bin/env bash
# Desktop start-up and memory, side by side with the bare hello-world (examples/hello.rs), under Xvfb.
#   scripts/bench-desktop.sh APP_BIN HELLO_BIN OUT.json [RUNS]
# Each launch: process start -> its window is mapped (the X MapNotify of a top-level window) -> the first frame
# with text on the screen (more than 8 colours), seen by scripts/firstdraw.c, which grabs the screen after each
# X DAMAGE event (within a few ms of the frame), with the CPU time the process tree had used by then; then 3 s
# to settle and the resident memory of the process and every descendant (WebKit's web and network
# processes): the sum of VmRSS, and of Pss (which splits shared pages fairly) as a cross-check. For the app,
# watching goes on until its stylesheet is applied (the page background at the top-left corner is no longer
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
FIRSTDRAW=$DATA/firstdraw
cc -O2 -o "$FIRSTDRAW" "$(dirname "$0")/firstdraw.c" -lX11 -lXext -lXdamage

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

# launch <bin> <window title> [styled] -> prints "drawn_ms rss_kb pss_kb processes polls styled_ms window_ms cpu_ms app_cpu_ms"
# firstdraw (scripts/firstdraw.c) takes the time, starts the binary and watches the screen through X DAMAGE
# events: after each one it grabs the screen and checks it, so "drawn" is the first grab with text (more than 8
# colours) — within a few ms of the frame, where screenshots taken back to back were ~60 ms apart — and the
# watcher costs nothing while nothing is drawn. With "styled" it goes on until the page's own background (not the
# webview's default white) is at the top-left: the stylesheet has been applied.
launch() {
  local bin=$1 title=$2 want_styled=${3:-} pid drawn="" styled="-1" window="-1" polls=0 colours pixel flag="" cpu own
  read -r colours pixel <<<"$(screen)"
  [ "$colours" -le 8 ] || { echo "screen not blank before launch" >&2; exit 1; }
  [ -n "$want_styled" ] && flag=-s
  # shellcheck disable=SC2086
  read -r pid window drawn styled polls cpu own <<<"$(UNKNOT_DATA_DIR="$DATA" "$FIRSTDRAW" $flag -o "$DATA/launch.log" -- "$bin" || true)"
  echo "$pid" >>"$DATA/pids"
  [ "$drawn" != -1 ] || drawn=""
  [ -n "$want_styled" ] || styled=-1
  [ "$(xdotool search --onlyvisible --name "^$title\$" 2>/dev/null | wc -l)" -ge 1 ] || { echo "no window named $title" >&2; exit 1; }
  [ -n "$drawn" ] || { echo "nothing drawn by $bin within 60 s" >&2; tail -20 "$DATA/launch.log" >&2; exit 1; }
  sleep 3
  local pids
  pids=$(tree "$pid")
  echo "$pids" >>"$DATA/pids"
  # shellcheck disable=SC2086
  echo "$drawn $(mem status VmRSS $pids) $(mem smaps_rollup Pss $pids) $(echo $pids | wc -w) $polls $styled $window $cpu $own"
  # shellcheck disable=SC2086
  kill $pid 2>/dev/null || true
  for _ in $(seq 1 100); do
    local alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in $pids; do kill -9 "$p" 2>/dev/null || true; done
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
  echo "run $i: app ${app_rows[-1]} | hello ${hello_rows[-1]} (drawn_ms rss_kb pss_kb processes polls styled_ms window_ms cpu_ms app_cpu_ms)"
done

json_rows() {
  local first=1
  printf '['
  for r in "$@"; do
    read -r d rss pss n polls styled win cpu own <<<"$r"
    [ $first = 1 ] || printf ', '
    first=0
    printf '{"drawn_ms": %s, "rss_kb": %s, "pss_kb": %s, "processes": %s, "polls": %s, "styled_ms": %s, "window_ms": %s, "cpu_ms": %s, "app_cpu_ms": %s}' "$d" "$rss" "$pss" "$n" "$polls" "$styled" "$win" "$cpu" "$own"
  done
  printf ']'
}
{
  printf '{"runs": %s, "screen": "Xvfb 1000x1000x24", "app_bin": "%s", "hello_bin": "%s",\n' "$RUNS" "$APP" "$HELLO"
  printf ' "app": %s,\n' "$(json_rows "${app_rows[@]}")"
  printf ' "hello": %s}\n' "$(json_rows "${hello_rows[@]}")"
} >"$OUT"
echo "wrote $OUT"
