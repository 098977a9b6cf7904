#!/usr/bin/env bash
# Desktop wake-ups: how often a running session wakes the app and WebKit, against the idle app, under Xvfb.
#   scripts/bench-wakeups.sh [APP_BIN] [OUT.json] [SECONDS] [ROUNDS] [HELLO_BIN TICK_BIN]
# APP_BIN defaults to the release build in $CARGO_TARGET_DIR (build it first: `cargo build --release`).
# With HELLO_BIN and TICK_BIN (examples/hello.rs and examples/tick.rs, release builds), each round also counts
# SECONDS of the bare hello-world and of the same app changing one line of text once a second, each launched
# the same way and left SETTLE s after its first frame: the difference is what a once-a-second text change by
# itself costs the webview (the floor under the session's countdown, which changes at least once a second).
#
# A wake-up is a voluntary context switch: a thread that blocked (on a timer, a poll, a futex) and was woken.
# Each round launches the app with a fresh data dir whose safety notes are already accepted (the marker file
# beside the journal), waits until Home is drawn and SETTLE s more (WAKE_SETTLE, default 10: the first seconds
# after start-up are busier than idle), then counts SECONDS idle on Home; then it opens
# the first routine, taps Start, waits 3 s (the start's own work: the page, Web Audio) and counts SECONDS
# during the session, then pauses it and counts SECONDS paused (the player on screen, nothing ticking). Counting is the sum of `voluntary_ctxt_switches` in /proc/<pid>/task/*/status over the
# app process and every descendant (WebKit's web and network processes), read at the start and end of each
# window (read every 100 ms, see count()); nothing is clicked or screenshotted inside a window (Xvfb itself is not counted). Per process and
# per thread (by the name in /proc/.../comm; threads of one name are summed) the script prints wake-ups per
# second idle and during the session, and writes the rounds' figures to OUT.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/desktop-bench-lib.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"
APP=${1:-$CARGO_TARGET_DIR/release/unknot}
OUT=${2:-/dev/null}
SECS=${3:-20}
ROUNDS=${4:-2}
HELLO=${5:-}
TICK=${6:-}
[ -z "$HELLO" ] || [ -x "$TICK" ] || { echo "with HELLO_BIN, give TICK_BIN too (examples/tick.rs)" >&2; exit 1; }
SETTLE=${WAKE_SETTLE:-10}
DISPLAY_NUM=:93
WORK=$(mktemp -d)
[ -x "$APP" ] || { echo "no app binary at $APP (cargo build --release)" >&2; exit 1; }

PID=""
cleanup() {
  # Only what this script started: the app and its descendants, and Xvfb.
  if [ -n "$PID" ]; then for p in $(tree "$PID"); do kill "$p" 2>/dev/null || true; done; fi
  [ -n "${XVFB:-}" ] && kill "$XVFB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_xvfb "$DISPLAY_NUM"

# count <file>: for SECONDS, every thread of the tree, read every 100 ms: per thread (pid, process name, tid,
# thread name) the voluntary context switches it made in the window. Read often, so that a thread born
# and gone inside the window (GStreamer's audio threads come and go with the audio context) is counted too;
# a thread first seen after the window began counts from zero.
count() {
  python3 - "$1" "$SECS" "$PID" <<'EOF'
import json, os, sys, time
out, secs, root = sys.argv[1], float(sys.argv[2]), sys.argv[3]

def tree():
    parent = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                parent[p] = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                pass
    out, changed = {root}, True
    while changed:
        changed = False
        for p, pp in parent.items():
            if p not in out and pp in out:
                out.add(p); changed = True
    return out

def read():
    seen = {}
    for pid in tree():
        try:
            pname = open(f"/proc/{pid}/comm").read().strip()
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
                vol = next(int(l.split()[1]) for l in open(f"/proc/{pid}/task/{tid}/status") if l.startswith("voluntary_ctxt_switches"))
            except (OSError, StopIteration):
                continue
            seen[(pid, tid)] = (pname, name, vol)
    return seen

first = read()
last = dict(first)
t0 = time.monotonic()
while time.monotonic() - t0 < secs:
    time.sleep(0.1)
    for key, value in read().items():
        last[key] = value
dt = time.monotonic() - t0
threads = []
for key, (pname, name, vol) in last.items():
    base = first[key][2] if key in first else 0
    threads.append({"process": pname, "thread": name, "pid": key[0], "tid": key[1], "vol": vol - base})
json.dump({"seconds": dt, "threads": threads}, open(out, "w"))
EOF
}

has_window() { xdotool search --onlyvisible --name "^$1\$" >/dev/null 2>&1; }
colours() { import -silent -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$WORK/shot.png" && convert "$WORK/shot.png" -format %k info:; }
click() { xdotool mousemove $((X + $1)) $((Y + $2)) click 1; }
# The first y in [y0, y1) at column x where the last screenshot's pixel is <colour>.
first_row() {
  convert "$WORK/shot.png" -crop "1x$(($3 - $2))+$1+$2" +repage txt:- |
    awk -v y0="$2" -v c="$4" 'NR > 1 && $NF == c && !found { split($1, a, /[,:]/); print a[2] + y0; found = 1 }'
}

# settled <window title>: waits for $PID's window, reads its geometry (X, Y, WIDTH, HEIGHT), waits for its first
# frame with text, then SETTLE s more.
settled() {
  for _ in $(seq 1 120); do has_window "$1" && break; sleep 0.25; done
  WID=$(xdotool search --onlyvisible --name "^$1\$" | head -1)
  eval "$(xdotool getwindowgeometry --shell "$WID")"
  for _ in $(seq 1 120); do [ "$(colours)" -gt 8 ] && break; sleep 0.25; done
  sleep "$SETTLE"
}

# Ends $PID and everything it started (WebKit's processes).
stop_app() {
  for p in $(tree "$PID"); do kill "$p" 2>/dev/null || true; done
  wait "$PID" 2>/dev/null || true
  PID=""
}

round() {
  local r=$1 data="$WORK/data-$r"
  mkdir -p "$data"
  # The safety notes accepted: the app opens on Home.
  echo 1 >"$data/safety-acknowledged"
  UNKNOT_DATA_DIR="$data" "$APP" >"$WORK/app-$r.log" 2>&1 &
  PID=$!
  settled Unknot
  count "$WORK/idle-$r.json"
  # Routines tab, the first routine, Start (the green button, found by its colour as offline-check.sh does).
  click $((WIDTH * 3 / 10)) $((HEIGHT - 30)); sleep 1.5
  click $((WIDTH / 2)) 540; sleep 1.5
  colours >/dev/null
  local start
  start=$(first_row $((WIDTH - 25)) 0 $((HEIGHT - 100)) "srgb(11,110,79)")
  [ -n "$start" ] || { echo "Start not found on the routine page" >&2; exit 1; }
  click $((WIDTH / 2)) $((start + 24)); sleep 3
  colours >/dev/null
  cp "$WORK/shot.png" "$WORK/player-$r.png"
  count "$WORK/run-$r.json"
  # The player must still be up (dark background at the top-left), or the window counted something else.
  colours >/dev/null
  local bg
  bg=$(convert "$WORK/shot.png" -format '%[pixel:p{3,3}]' info:)
  [ "$bg" = "srgb(12,14,16)" ] || { echo "the player is not on screen after the session window (pixel $bg)" >&2; exit 1; }
  # Paused (the middle control): the player on screen with nothing ticking, what the page costs by itself.
  click $((WIDTH / 2)) $((HEIGHT - 52)); sleep 3
  count "$WORK/paused-$r.json"
  stop_app
  # WAKE_SHOW_LOG=1: the app's own output of the round (e.g. timestamps it was asked to print).
  [ "${WAKE_SHOW_LOG:-0}" = 1 ] && { echo "app output, round $r:"; cat "$WORK/app-$r.log"; }
  sleep 1
}

# bare <bin> <window title> <out.json>: launches a bare example, waits for its first frame with text and SETTLE s
# more, and counts SECS.
bare() {
  "$1" >/dev/null 2>&1 &
  PID=$!
  settled "$2"
  count "$3"
  stop_app
  sleep 1
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  round "$r"
  if [ -n "$HELLO" ]; then
    bare "$HELLO" Hello "$WORK/hello-$r.json"
    bare "$TICK" Tick "$WORK/tick-$r.json"
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK" "$ROUNDS" "$SECS" "$OUT" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import collections, json, os, sys
work, rounds, secs, out, load = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

def rates(path):
    """Voluntary switches per second in a window, per (process, thread) name."""
    window = json.load(open(path))
    per_thread = collections.Counter()
    for t in window["threads"]:
        per_thread[(t["process"], t["thread"])] += t["vol"]
    return {k: v / window["seconds"] for k, v in per_thread.items()}

result = {"seconds": float(secs), "rounds": [], "load": load}
for r in range(1, rounds + 1):
    idle = rates(f"{work}/idle-{r}.json")
    run = rates(f"{work}/run-{r}.json")
    paused = rates(f"{work}/paused-{r}.json")
    result["rounds"].append({"idle": sum(idle.values()), "session": sum(run.values()), "paused": sum(paused.values()),
                             "threads": {f"{p} / {t}": [idle.get((p, t), 0.0), run.get((p, t), 0.0), paused.get((p, t), 0.0)]
                                         for (p, t) in sorted(set(idle) | set(run) | set(paused))}})

def median(xs):
    xs = sorted(xs); n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2

result["idle"] = median([r["idle"] for r in result["rounds"]])
result["session"] = median([r["session"] for r in result["rounds"]])
result["paused"] = median([r["paused"] for r in result["rounds"]])
result["added"] = result["session"] - result["idle"]
# The floor: the bare hello-world, and the same changing one line of text once a second (examples/tick.rs).
if os.path.exists(f"{work}/hello-1.json"):
    floor = [{"hello": sum(rates(f"{work}/hello-{r}.json").values()), "tick": sum(rates(f"{work}/tick-{r}.json").values()),
              "tick_threads": rates(f"{work}/tick-{r}.json")} for r in range(1, rounds + 1)]
    result["floor"] = {"hello": median([x["hello"] for x in floor]), "tick": median([x["tick"] for x in floor]),
                       "rounds": [{"hello": x["hello"], "tick": x["tick"]} for x in floor]}
    result["floor"]["added"] = result["floor"]["tick"] - result["floor"]["hello"]
    last = floor[-1]["tick_threads"]
    result["floor"]["tick_threads"] = {f"{p} / {t}": v for (p, t), v in sorted(last.items(), key=lambda kv: -kv[1]) if v >= 0.2}
for i, r in enumerate(result["rounds"], 1):
    print(f"round {i}: idle {r['idle']:.1f}/s, session {r['session']:.1f}/s, paused {r['paused']:.1f}/s; "
          f"added by the session {r['session'] - r['idle']:.1f}/s")
    procs = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for name, rates_ in r["threads"].items():
        for k, v in enumerate(rates_):
            procs[name.split(" / ")[0]][k] += v
    for p, (i_, s_, q_) in sorted(procs.items(), key=lambda kv: -kv[1][1]):
        print(f"  process {p:<20} idle {i_:6.1f}/s  session {s_:6.1f}/s  paused {q_:6.1f}/s")
    for name, (i_, s_, q_) in sorted(r["threads"].items(), key=lambda kv: -max(kv[1])):
        if max(i_, s_, q_) >= 0.2:
            print(f"    {name:<44} idle {i_:6.1f}/s  session {s_:6.1f}/s  paused {q_:6.1f}/s")
print(f"median of {rounds}: idle {result['idle']:.1f}/s, session {result['session']:.1f}/s, paused "
      f"{result['paused']:.1f}/s; added by the session {result['added']:.1f}/s ({secs} s windows)")
if "floor" in result:
    fl = result["floor"]
    print(f"floor, median of {rounds}: hello-world {fl['hello']:.1f}/s, the same with one line changing once a second "
          f"{fl['tick']:.1f}/s; added by the change {fl['added']:.1f}/s")
    for name, v in fl["tick_threads"].items():
        print(f"    tick: {name:<44} {v:6.1f}/s")
json.dump(result, open(out, "w"), indent=1)
EOF
