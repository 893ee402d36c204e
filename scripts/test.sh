#!/usr/bin/env bash
# Builds Stackscope and runs every test suite (headless, gui, ...).
# Usage: scripts/test.sh [meson test arguments]
set -euo pipefail

cd "$(dirname "$0")/.."
scripts/build.sh test
builddir=${STACKSCOPE_BUILDDIR:-_build}

status=0
meson test -C "$builddir" --print-errorlogs --num-processes "$(nproc)" "$@" || status=$?
logs=("$builddir/meson-logs/testlog.json")

# The headless and fuzz suites again in a second build under AddressSanitizer and UBSan
# (clang, harnesses with libFuzzer), and the gui suite in a third (the viewer built with
# both); any sanitizer report fails. Only for a full run (no arguments);
# STACKSCOPE_SANITIZE=0 skips them.
if [ $# -eq 0 ] && [ "${STACKSCOPE_SANITIZE:-1}" != 0 ]; then
  asandir=${STACKSCOPE_ASAN_BUILDDIR:-_build-asan}
  if [ -f "$asandir/build.ninja" ]; then
    meson setup --reconfigure "$asandir" >/dev/null
  else
    CC=clang meson setup "$asandir" -Dsanitize=true -Dfuzzing=true -Dgui=disabled -Dtests=headless
  fi
  ninja -C "$asandir"
  # Threads cost about 1 ms each to start under ASan, and the projection tests start many.
  # GLib is built without frame pointers: only the slow unwinder gives leak stacks that the
  # suppressions (GLib's and fontconfig's own caches, tests/lsan.supp) can match.
  ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:print_stacktrace=1:fast_unwind_on_malloc=0 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
  G_SLICE=always-malloc \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    meson test -C "$asandir" --suite headless --suite fuzz --print-errorlogs \
      --num-processes "$(nproc)" --timeout-multiplier 5 || status=$?
  logs+=("$asandir/meson-logs/testlog.json")

  # The viewer itself under AddressSanitizer and UBSan, through every end-to-end scenario
  # (the gui suite): a memory error or undefined behaviour in the viewer, GTK's callbacks
  # into it included, makes the viewer exit non-zero on SIGTERM and fails the scenario.
  # Leaks are not checked here: GLib and GTK have no frame pointers, so LeakSanitizer's
  # fast unwinder cannot tell Stackscope's leaks from GTK's caches, and the slow one makes
  # a scenario take ten minutes; the headless suites above check the core's leaks.
  guidir=${STACKSCOPE_ASAN_GUI_BUILDDIR:-_build-asan-gui}
  if [ -f "$guidir/build.ninja" ]; then
    meson setup --reconfigure "$guidir" >/dev/null
  else
    CC=clang meson setup "$guidir" -Dsanitize=true -Dtests=all
  fi
  ninja -C "$guidir"
  # (SCGUI_SANITIZED: the scenarios report answer times under ASan, they do not judge them)
  SCGUI_SANITIZED=1 ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:detect_leaks=0:print_stacktrace=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$guidir" --suite gui --print-errorlogs \
      --num-processes "$(nproc)" --timeout-multiplier 4 || status=$?
  logs+=("$guidir/meson-logs/testlog.json")
fi

# One closing line that any CI can read.
python3 - "${logs[@]}" <<'PY' || true
import json, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "TIMEOUT": 0, "ERROR": 0, "EXPECTEDFAIL": 0, "UNEXPECTEDPASS": 0}
for path in sys.argv[1:]:
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            counts[r["result"]] = counts.get(r["result"], 0) + 1
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["ERROR"] + counts["UNEXPECTEDPASS"]
print(f"tests: {counts['OK'] + counts['EXPECTEDFAIL']} passed, {failed} failed, {counts['SKIP']} skipped")
PY
exit $status
