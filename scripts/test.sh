#!/usr/bin/env bash
# Builds Stackscope and runs every test suite (headless, gui, ...).
# Usage: scripts/test.sh [meson test arguments]
set -euo pipefail

cd "$(dirname "$0")/.."
scripts/install-deps.sh test

builddir=${STACKSCOPE_BUILDDIR:-_build}
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir"
fi
ninja -C "$builddir"

status=0
meson test -C "$builddir" --print-errorlogs --num-processes "$(nproc)" "$@" || status=$?

# One closing line that any CI can read.
python3 - "$builddir/meson-logs/testlog.json" <<'PY' || true
import json, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "TIMEOUT": 0, "ERROR": 0, "EXPECTEDFAIL": 0, "UNEXPECTEDPASS": 0}
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)
        counts[r["result"]] = counts.get(r["result"], 0) + 1
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["ERROR"] + counts["UNEXPECTEDPASS"]
print(f"tests: {counts['OK'] + counts['EXPECTEDFAIL']} passed, {failed} failed, {counts['SKIP']} skipped")
PY
exit $status
