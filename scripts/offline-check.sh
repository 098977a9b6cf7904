#!/usr/bin/env bash
# Proves "nothing leaves the device" as it really is. Unknot's Rust shell (dioxus-desktop 0.7.10, the same on
# Android and in the desktop window) talks to its WebView over a websocket on 127.0.0.1 — which is why the
# Android app needs the INTERNET permission — and must open no other socket. Two checks:
#
#  1. No network crate in the app's dependency tree (cargo tree for the desktop, web, Android and iOS builds):
#     no HTTP/websocket client (reqwest, ureq, hyper, h2, quinn, curl, tokio-tungstenite, ...), and the
#     websocket/TLS crates dioxus-desktop brings for its edit channel (tungstenite, rustls, native-tls) reached
#     through dioxus-desktop / dioxus-devtools only.
#  2. The desktop build (the same Rust, the same edit channel) run through a whole journey — first start,
#     safety notes, a routine skipped through to Done, "Log how you feel" with a note, save, Settings > Export
#     JSON — inside a network namespace that has only loopback (`unshare -n`, `lo` up), under
#     `strace -f -ff -e trace=socket,connect,bind,sendto,sendmsg,sendmmsg,execve` (one file per process,
#     WebKit's web and network processes included). Fails on any address other than 127.0.0.1 / ::1 in any
#     of those calls, or if the edit channel itself was not seen (a broken trace proves nothing). AF_UNIX
#     sockets (X11, D-Bus, WebKit IPC, PulseAudio) and AF_NETLINK are reported separately and allowed.
#     Checks the journey happened: the export exists, is JSON, and holds the note typed in;
#     screenshots/offline-*.png show each step.
#
# OFFLINE_CHECK_CANARY=1 also runs `curl http://1.1.1.1/` inside the traced namespace: the check must then FAIL
# (that is how it was shown to be able to fail).
# Needs root (or unprivileged user namespaces: it falls back to `unshare -rn`), and from apt: strace iproute2
# xvfb xdotool imagemagick python3 (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/unknot-target}"
start_time=$SECONDS

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in strace unshare ip Xvfb xdotool import compare python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing: scripts/setup.sh installs it"
done

# --- 1. No network crate in the dependency tree -------------------------------------------------------------
# HTTP, websocket, QUIC and DNS clients and servers. Any of them in the tree of any build fails the check.
DENY='reqwest|ureq|hyper|hyper-util|hyper-rustls|hyper-tls|h2|h3|quinn|isahc|curl|curl-sys|attohttpc|surf|minreq|
ehttp|awc|actix-web|axum|warp|tiny_http|tokio-tungstenite|async-tungstenite|websocket|trust-dns-resolver|
hickory-resolver|reqwless|ws'
DENY=$(tr -d '\n' <<<"$DENY")
# Present only for dioxus-desktop's loopback edit channel: allowed only as dependencies of these crates.
SHELL_ONLY='tungstenite rustls native-tls'
SHELL_PARENTS='dioxus-desktop|dioxus-devtools|tungstenite'
builds=(
  "desktop|"
  "web|--target wasm32-unknown-unknown --no-default-features --features web"
  "android|--target aarch64-linux-android --no-default-features --features mobile"
  "ios|--target aarch64-apple-ios --no-default-features --features mobile"
)
for b in "${builds[@]}"; do
  name=${b%%|*}; args=${b#*|}
  # shellcheck disable=SC2086 # $args is a list of cargo arguments
  crates=$(cargo tree -e normal --prefix none --format '{p}' $args | awk '{print $1}' | sort -u)
  [ "$(wc -l <<<"$crates")" -gt 50 ] || fail "cargo tree ($name) listed too few crates: $crates"
  bad=$(grep -Ex "$DENY" <<<"$crates" || true)
  [ -z "$bad" ] || fail "network crate(s) in the $name build: $(echo $bad)  (cargo tree -i <crate> $args)"
  for c in $SHELL_ONLY; do
    grep -qx "$c" <<<"$crates" || continue
    # shellcheck disable=SC2086
    parents=$(cargo tree -e normal -i "$c" --depth 1 --prefix none --format '{p}' $args | awk 'NR>1{print $1}' | sort -u)
    others=$(grep -Evx "$SHELL_PARENTS" <<<"$parents" || true)
    [ -z "$others" ] || fail "$c in the $name build comes through $(echo $others), not only dioxus-desktop's edit channel"
  done
  echo "== dependency tree ($name): $(wc -l <<<"$crates") crates, no network client"
done

# --- 2. The journey in a namespace with only loopback, every socket call recorded ---------------------------
cargo build --quiet
BIN="$CARGO_TARGET_DIR/debug/unknot"
SHOTS=screenshots
mkdir -p "$SHOTS"
rm -f "$SHOTS"/offline-*.png
WORK=$(mktemp -d)
DATA="$WORK/data" TRACE="$WORK/trace"
mkdir -p "$DATA" "$TRACE"
NOTE="offline-check-note-$RANDOM$RANDOM"
DISPLAY_NUM=:96
Xvfb $DISPLAY_NUM -screen 0 1000x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
APP=""
cleanup() {
  # The app runs in its own process group (setsid below): end that group, then Xvfb; both started here.
  [ -n "$APP" ] && kill -- -"$APP" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
  if [ "${KEEP_TRACE:-0}" = 1 ]; then echo "traces kept in $TRACE"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
export DISPLAY=$DISPLAY_NUM
sleep 1

if [ "$(id -u)" = 0 ]; then NS=(unshare -n); else NS=(unshare -rn); fi
canary=""
[ "${OFFLINE_CHECK_CANARY:-0}" = 1 ] && canary='curl -s -m 2 -o /dev/null http://1.1.1.1/ || true;'
# Inside the namespace: loopback up, the interface list saved (checked below), then strace starts a shell that
# (with the canary) runs curl and then becomes the app, so everything after `strace` is traced.
UNKNOT_DATA_DIR="$DATA" setsid "${NS[@]}" sh -c '
  ip link set lo up && ip -o link show > "$1/links.txt" || exit 97
  exec strace -f -ff -qq -s 64 -o "$1/t" -e trace=socket,connect,bind,sendto,sendmsg,sendmmsg,execve \
    sh -c "$3 exec \"\$0\"" "$2"' sh "$TRACE" "$BIN" "$canary" >"$WORK/app.log" 2>&1 &
APP=$!

for _ in $(seq 1 120); do xdotool search --onlyvisible --name '^Unknot$' >/dev/null 2>&1 && break; sleep 0.5; done
WID=$(xdotool search --onlyvisible --name '^Unknot$' | head -1 || true)
[ -n "$WID" ] || { cat "$WORK/app.log"; fail "no Unknot window"; }
eval "$(xdotool getwindowgeometry --shell "$WID")"
echo "== journey in a loopback-only namespace: window ${WIDTH}x${HEIGHT}, note \"$NOTE\""

shot() { import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$SHOTS/offline-$1.png"; }
differ() { compare -metric AE "$SHOTS/offline-$1.png" "$SHOTS/offline-$2.png" null: 2>&1 | awk '{print int($1)}' || true; }
click() { xdotool mousemove $((X + $1)) $((Y + $2)) click 1; }
scroll_down() { xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT / 2)); for _ in $(seq 1 "$1"); do xdotool click 5; done; }
first_row() { # first_row <shot> <x> <y0> <y1> <colour>: the first y in [y0, y1) where the pixel is <colour>
  convert "$SHOTS/offline-$1.png" -crop "1x$(($4 - $3))+$2+$3" +repage txt:- |
    awk -v y0="$3" -v c="$5" 'NR > 1 && $NF == c && !found { split($1, a, /[,:]/); print a[2] + y0; found = 1 }'
}
pixel() { convert "$SHOTS/offline-$1.png" -format "%[pixel:p{$2,$3}]" info:; }
step_changed() { # step_changed <before> <after> <what>: the screen must have changed
  local n; n=$(differ "$1" "$2"); echo "   $3: $n pixels changed"
  [ "$n" -gt 5000 ] || fail "$3: the screen did not change"
}

for _ in $(seq 1 60); do
  sleep 0.5; shot probe
  [ "$(convert "$SHOTS/offline-probe.png" -format %k info:)" -gt 8 ] && break
done
sleep 1
shot 1-first-start
# Safety notes: scroll to the end, accept (the button is the last thing, near the bottom).
scroll_down 40; sleep 0.5
click $((WIDTH / 2)) $((HEIGHT - 64)); sleep 1.5
shot 2-home
step_changed 1-first-start 2-home "safety notes accepted"
# Routines tab (second of five), the first routine, Start.
click $((WIDTH * 3 / 10)) $((HEIGHT - 30)); sleep 1.5
click $((WIDTH / 2)) 540; sleep 1.5
shot 3-routine
step_changed 2-home 3-routine "routine opened"
# Start: the first brand-green row in a column right of the length chips and the star, from the top.
start=$(first_row 3-routine $((WIDTH - 25)) 0 $((HEIGHT - 100)) "srgb(11,110,79)")
[ -n "$start" ] || fail "Start not found on the routine page"
click $((WIDTH / 2)) $((start + 24)); sleep 2
shot 4-player
step_changed 3-routine 4-player "routine started"
# Skip (right of the play/pause button) until Done, whose "Log how you feel" button is the first row of the
# player's green in a column near the left edge (the done mark above it is narrower).
done_seen=0
for i in $(seq 1 60); do
  click $((WIDTH * 3 / 4)) $((HEIGHT - 52)); sleep 0.5
  shot 5-done
  log_button=$(first_row 5-done 40 0 $((HEIGHT - 20)) "srgb(76,195,138)")
  # A wide, tall button: green at the right edge on the same row, and still green 20 px lower (the progress
  # bar's fill is 8 px high, and reaches the right edge near the end).
  if [ -n "$log_button" ] && [ "$(pixel 5-done $((WIDTH - 40)) $((log_button + 4)))" = "srgb(76,195,138)" ] \
    && [ "$(pixel 5-done 40 $((log_button + 20)))" = "srgb(76,195,138)" ]; then
    done_seen=$i; break
  fi
done
[ "$done_seen" -gt 0 ] || fail "the routine did not reach Done after 60 skips"
echo "   Done after $done_seen skips"
click $((WIDTH / 2)) $((log_button + 24)); sleep 1.5
shot 6-log
step_changed 5-done 6-log "Log how you feel"
# Feel 4 of 5, then the note (slow typing: each key is a round trip through the edit channel). The note box
# is below the window's edge: a click in the run-effort box (left empty), then Tab to the note, which WebKit
# scrolls into view.
click 289 542; sleep 0.3
click 90 733; sleep 0.3
xdotool key Tab; sleep 0.5
xdotool type --delay 150 "$NOTE"; sleep 0.5
scroll_down 20; sleep 1
shot 7-log-filled
click $((WIDTH / 2)) 767; sleep 1.5
shot 8-note
step_changed 7-log-filled 8-note "note saved"
# Settings (last tab), to the bottom, Export JSON.
click $((WIDTH * 9 / 10)) $((HEIGHT - 30)); sleep 1.5
scroll_down 40; sleep 1
shot 9-settings
# The button's place depends on how the data folder's path wraps: find its top border (brand green) in the
# column through the button, from the top of the screen; the heading and text above it are not green.
border=$(first_row 9-settings 114 0 $((HEIGHT - 100)) "srgb(11,110,79)")
[ -n "$border" ] || fail "Export JSON not found on the Settings screen"
click 114 $((border + 24))
for _ in $(seq 1 20); do compgen -G "$DATA/exports/*.json" >/dev/null && break; sleep 0.5; done
sleep 0.5
shot 10-exported
export_file=$(compgen -G "$DATA/exports/*.json" | head -1 || true)
[ -n "$export_file" ] || fail "no export in $DATA/exports (Settings > Export JSON did not happen)"
python3 - "$export_file" "$NOTE" <<'EOF' || fail "the export does not hold the note"
import json, sys
path, note = sys.argv[1], sys.argv[2]
data = json.load(open(path))
text = json.dumps(data)
assert note in text, f"{note!r} not in {path}"
print(f"   export {path.rsplit('/', 1)[-1]}: valid JSON, {len(text)} chars, holds the note")
EOF

python3 scripts/x11-close.py "$WID"
for _ in $(seq 1 40); do kill -0 "$APP" 2>/dev/null || break; sleep 0.25; done
kill -0 "$APP" 2>/dev/null && fail "the app did not exit after its window closed"
wait "$APP" && status=0 || status=$?
APP=""
[ "$status" = 0 ] || { tail -20 "$WORK/app.log"; fail "the app exited with status $status"; }
rm -f "$SHOTS/offline-probe.png"

# --- What the namespace had, and every address any process used -------------------------------------------
links=$(awk -F': ' '{print $2}' "$TRACE/links.txt" | tr '\n' ' ')
[ "$links" = "lo " ] || fail "the namespace had interfaces other than lo: $links"
python3 - "$TRACE" <<'EOF'
import collections, glob, os, re, sys
trace = sys.argv[1]
inet = collections.Counter()      # (syscall, family, address, port) -> count, for AF_INET/AF_INET6
unix = collections.Counter()      # path -> count
other = collections.Counter()     # family -> count
bad = []
procs = {}
calls = 0
pat_call = re.compile(r"^(socket|connect|bind|sendto|sendmsg|sendmmsg)\(")
pat_v4 = re.compile(r'sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)')
pat_v6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]+)"')
pat_fam = re.compile(r"sa_family=(AF_[A-Z0-9_]+)")
pat_unix = re.compile(r'sun_path=(@?"[^"]*")')
for f in sorted(glob.glob(os.path.join(trace, "t.*"))):
    pid = f.rsplit(".", 1)[1]
    for line in open(f, errors="replace"):
        if line.startswith("execve("):
            m = re.match(r'execve\("([^"]+)"', line)
            if m and "= 0" in line:
                procs[pid] = os.path.basename(m.group(1))
            continue
        m = pat_call.match(line)
        if not m:
            continue
        calls += 1
        call = m.group(1)
        for port, addr in pat_v4.findall(line):
            inet[(call, "AF_INET", addr, int(port))] += 1
            if addr != "127.0.0.1":
                bad.append(f"pid {pid} ({procs.get(pid, '?')}): {line.strip()}")
        for port, addr in pat_v6.findall(line):
            inet[(call, "AF_INET6", addr, int(port))] += 1
            if addr not in ("::1", "::ffff:127.0.0.1"):
                bad.append(f"pid {pid} ({procs.get(pid, '?')}): {line.strip()}")
        for fam in pat_fam.findall(line):
            if fam == "AF_UNIX":
                for p in pat_unix.findall(line):
                    unix[p] += 1
            elif fam not in ("AF_INET", "AF_INET6"):
                other[fam] += 1
                if fam not in ("AF_NETLINK", "AF_UNSPEC"):
                    bad.append(f"pid {pid} ({procs.get(pid, '?')}): unexpected family {fam}: {line.strip()}")
files = glob.glob(os.path.join(trace, "t.*"))
print(f"== socket calls: {calls} in {len(files)} traced processes/threads "
      f"(programs: {', '.join(sorted(set(procs.values())))})")
print("   AF_INET/AF_INET6 addresses (syscall family address:port x count):")
for (call, fam, addr, port), n in sorted(inet.items()):
    print(f"     {call:8} {fam:9} {addr}:{port} x{n}")
print("   AF_UNIX (local, allowed):")
for path, n in sorted(unix.items()):
    print(f"     {path} x{n}")
if other:
    print("   other families:", ", ".join(f"{k} x{v}" for k, v in sorted(other.items())),
          "(AF_NETLINK: route queries to the kernel; AF_UNSPEC: a socket disconnect)")
if bad:
    print("FAIL: socket calls to something other than loopback:", file=sys.stderr)
    for b in bad[:40]:
        print("  " + b, file=sys.stderr)
    sys.exit(1)
# The trace must have seen the edit channel itself, or it proves nothing.
if not any(c == "bind" and a == "127.0.0.1" for c, _, a, _ in inet) or \
   not any(c == "connect" and a == "127.0.0.1" for c, _, a, _ in inet):
    print("FAIL: the trace does not show the edit channel (bind + connect on 127.0.0.1)", file=sys.stderr)
    sys.exit(1)
EOF
echo "offline check: ok ($((SECONDS - start_time)) s; screenshots in $SHOTS/offline-*.png)"
