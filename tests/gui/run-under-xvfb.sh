#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a GTK test program (a TAP stream) on its own Xvfb display: run-under-xvfb.sh PROGRAM
# [ARGS...]. Where Xvfb is absent it reports the whole test as skipped.
set -u

if ! command -v Xvfb >/dev/null; then
  echo "1..0 # SKIP Xvfb is not installed"
  exit 0
fi

tmp=$(mktemp -d)
xvfb_pid=
trap '[ -n "$xvfb_pid" ] && kill $xvfb_pid 2>/dev/null; rm -rf "$tmp"' EXIT

# -displayfd: Xvfb picks a free display and says which, so such tests run in parallel;
# -noreset: see test-viewer.sh.
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp -noreset >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
  [ -s "$tmp/display" ] && break
  sleep 0.1
done
exec 3>&-
if [ ! -s "$tmp/display" ]; then
  echo "Bail out! Xvfb did not start: $(cat "$tmp/xvfb.log")"
  exit 1
fi

export DISPLAY=":$(head -n1 "$tmp/display")"
export GDK_BACKEND=x11
export GTK_A11Y=none
unset WAYLAND_DISPLAY
"$@"
