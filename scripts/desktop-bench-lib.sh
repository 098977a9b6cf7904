# Shared by the desktop benchmarks (bench-desktop.sh, bench-wakeups.sh); sourced, not run.

# start_xvfb DISPLAY: a virtual screen for the app, ready when this returns; its pid in XVFB.
# -noreset: by default Xvfb resets when its last client leaves, and connections made during the reset fail.
start_xvfb() {
  Xvfb "$1" -screen 0 1000x1000x24 -nolisten tcp -noreset >/dev/null 2>&1 &
  XVFB=$!
  export DISPLAY=$1
  for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
}

# tree PID: the process and all its descendants (the app and WebKit's web and network processes).
tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END {
      out[root] = 1; changed = 1
      while (changed) { changed = 0; for (p in parent) if (!(p in out) && (parent[p] in out)) { out[p] = 1; changed = 1 } }
      for (p in out) printf "%s ", p
    }'
}
