#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts the real viewer on a real Z stack under Xvfb with its own D-Bus session and
# checks it through the accessibility tree (test-viewer.py). Exit 77 = skipped.
set -u

app=$1
schema_dir=$2
out_dir=$3
here=$(cd "$(dirname "$0")" && pwd)
data=${SC_TESTDATA:-$here/../../../shared/testdata}/zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif

if [ ! -f "$data" ]; then
  echo "SKIP: real test data $data is absent (see ../shared/testdata)"
  exit 77
fi
for tool in Xvfb dbus-run-session /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed"
    exit 77
  fi
done
if ! /usr/bin/python3 -c 'import pyatspi' 2>/dev/null; then
  echo "SKIP: python3-pyatspi is not installed"
  exit 77
fi

mkdir -p "$out_dir"
tmp=$(mktemp -d)
trap 'kill $xvfb_pid 2>/dev/null; rm -rf "$tmp"' EXIT

# Let Xvfb pick a free display and tell us which. -noreset: without it the server resets
# when its last client goes, and a client that connects then (the viewer, while the AT-SPI
# bus launcher has just let go of the display) gets "cannot open display" (1 run in 5).
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp -noreset >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
  [ -s "$tmp/display" ] && break
  sleep 0.1
done
exec 3>&-
if [ ! -s "$tmp/display" ]; then
  echo "Xvfb did not start:"; cat "$tmp/xvfb.log"
  exit 1
fi

export DISPLAY=":$(head -n1 "$tmp/display")"
export GSETTINGS_SCHEMA_DIR="$schema_dir"
export GSETTINGS_BACKEND=memory
export GTK_A11Y=atspi
export NO_AT_BRIDGE=0
export XDG_RUNTIME_DIR="$tmp/runtime"
export XDG_DATA_HOME="$tmp/data"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

dbus-run-session -- /usr/bin/python3 "$here/test-viewer.py" "$app" "$data" "$out_dir" 2>&1 |
  grep -v -e 'dbus-daemon\[' -e 'SpiRegistry daemon'
exit "${PIPESTATUS[0]}"
