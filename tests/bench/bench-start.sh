#!/usr/bin/env bash
# Viewer start: from process start to the first frame that shows the whole visible plane,
# once rendered (the frame clock's after-paint), as the viewer's own probe
# (STACKSCOPE_START_PROBE) reports it, for each stack given, under Xvfb: as users get it
# (the viewer's own choice: cairo where no GPU device can be reached, see src/main.c), with
# GSK_RENDERER=gl forced and with GSK_RENDERER=cairo; the median of N runs (default 5).
# ImageJ's opening of the same files is timed beside it by bench-project.py (--start), which
# runs this script.
#   tests/bench/bench-start.sh [-n N] STACK...      (run from a built checkout: _build/)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=5
if [ "${1:-}" = -n ]; then runs=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [-n N] STACK..." >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "bench-start: Xvfb is missing" >&2; exit 2; }

# one session bus for every run, as a desktop has
if [ -z "${BENCH_START_IN_SESSION:-}" ]; then
  BENCH_START_IN_SESSION=1 exec dbus-run-session -- "$0" -n "$runs" "$@"
fi

display=:93
Xvfb $display -screen 0 1280x860x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
export DISPLAY=$display GSETTINGS_BACKEND=memory STACKSCOPE_START_PROBE=1
export GSETTINGS_SCHEMA_DIR=$PWD/_build/data

one_run() {   # renderer|default file -> ms
  local log; log=$(mktemp)
  local renderer=(env GSK_RENDERER="$1")
  [ "$1" = default ] && renderer=(env -u GSK_RENDERER)
  HOME=$(mktemp -d) "${renderer[@]}" _build/src/stackscope "$2" >"$log" 2>/dev/null &
  local pid=$!
  for _ in $(seq 1 200); do
    grep -q 'start-probe:' "$log" && break
    sleep 0.05
  done
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  sed -n 's/.*drawn \([0-9]*\) ms.*/\1/p' "$log" | head -1
  rm -f "$log"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }

printf '%-44s %-9s %s\n' "stack" "renderer" "first plane on screen, ms (median of $runs; all runs)"
for file in "$@"; do
  for renderer in default gl cairo; do
    times=()
    for _ in $(seq 1 "$runs"); do times+=("$(one_run $renderer "$file")"); done
    printf '%-44s %-9s %s   (%s)\n' "$(basename "$file")" "$renderer" \
      "$(printf '%s\n' "${times[@]}" | grep -v '^$' | median)" "${times[*]}"
  done
done
