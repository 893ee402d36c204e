#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The viewer run from its build folder, as a developer does before installing:
#  - without its settings schema it says in one line how to run it, and exits 1 (it died on
#    a GLib-GIO-ERROR abort before);
#  - `meson devenv -C BUILDDIR` gives it the schema compiled into the build tree, and the
#    system's data folders still (the file chooser's own schema lives there).
# Usage: test-uninstalled.sh BUILDDIR APP_ID
set -uo pipefail

builddir=$(cd "$1" && pwd)
app_id=$2
meson=${MESON:-meson}
app=$builddir/src/stackscope
status=0

out=$(env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS=/nonexistent "$app" --help 2>&1)
rc=$?
lines=$(printf '%s\n' "$out" | grep -c .)
if [ "$rc" -eq 1 ] && [ "$lines" -eq 1 ] && grep -q "meson devenv" <<<"$out" &&
   grep -q "$app_id" <<<"$out" && ! grep -q "ERROR" <<<"$out"; then
  echo "ok     without its schema the viewer exits 1 with one line: $out"
else
  echo "FAILED without its schema: exit $rc, $lines lines: $out"
  status=1
fi

env=$(env -u GSETTINGS_SCHEMA_DIR -u XDG_DATA_DIRS "$meson" devenv -C "$builddir" \
      bash -c 'echo "GSETTINGS_SCHEMA_DIR=$GSETTINGS_SCHEMA_DIR"; echo "XDG_DATA_DIRS=$XDG_DATA_DIRS"')
if grep -q "^GSETTINGS_SCHEMA_DIR=$builddir/data" <<<"$env" &&
   grep -q "^XDG_DATA_DIRS=.*:/usr/share" <<<"$env" &&
   [ -f "$builddir/data/gschemas.compiled" ]; then
  echo "ok     meson devenv sets the build tree's schema folder and keeps /usr/share"
else
  echo "FAILED meson devenv gives: $env"
  status=1
fi

out=$(env -u GSETTINGS_SCHEMA_DIR "$meson" devenv -C "$builddir" stackscope --help 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && grep -q "Usage:" <<<"$out"; then
  echo "ok     meson devenv -C BUILDDIR stackscope starts the viewer (--help)"
else
  echo "FAILED meson devenv stackscope --help: exit $rc: $out"
  status=1
fi
exit $status
