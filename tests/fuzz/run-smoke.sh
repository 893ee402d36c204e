#!/bin/sh
# run-smoke.sh HARNESS RUNS CORPUS_DIR SEED_DIR DICT [REGRESSION_DIR]
#
# The fuzz smoke test of `meson test --suite fuzz`. It is deterministic, so that CI turns
# red because the code changed and never because of a lucky draw: the harness starts from
# a fixed -seed, reads only the generated seeds (SEED_DIR) and the kept crashing inputs
# (REGRESSION_DIR), and stops after RUNS inputs (meson.build sizes them to about 10 s per
# harness under ASan). The same build therefore tries the same inputs every time. New
# inputs go to CORPUS_DIR (in the build folder), emptied first so that an earlier run does
# not change this one; an input that crashes, leaks, hangs or runs out of memory is kept
# there as crash-*, leak-*, timeout-* or oom-* and fails the test. The time bound
# (SC_FUZZ_SECONDS, 120 s) is only a safety net for a very slow machine; a run that meets
# it says so.
#
# A long random fuzz, for a person rather than CI, is the same script with
#   SC_FUZZ_SEED=0          a random seed (libFuzzer prints it as "Seed:")
#   SC_FUZZ_RUNS=-1         no limit on the number of inputs
#   SC_FUZZ_SECONDS=3600    stop after an hour instead
#   SC_FUZZ_KEEP_CORPUS=1   grow CORPUS_DIR from run to run instead of emptying it
#   SC_FUZZ_ARGS="..."      more libFuzzer options, e.g. "-jobs=4 -workers=4"
# for example, from the top of the checkout after `ninja -C _build-asan`:
#   SC_FUZZ_SEED=0 SC_FUZZ_RUNS=-1 SC_FUZZ_SECONDS=3600 SC_FUZZ_KEEP_CORPUS=1 \
#     tests/fuzz/run-smoke.sh _build-asan/tests/fuzz/fuzz-png 0 fuzz-corpus/png \
#       _build-asan/tests/fuzz/seeds/png tests/fuzz/png.dict tests/fuzz/regressions/png
# Run it with the sanitizer settings of scripts/test.sh. Copy what it finds into
# regressions/<harness>/, under a name that says what it was, together with the fix.
set -eu
exe=$1 runs=$2 corpus=$3 seeds=$4 dict=$5 regressions=${6:-}
seed=${SC_FUZZ_SEED:-1}
runs=${SC_FUZZ_RUNS:-$runs}
seconds=${SC_FUZZ_SECONDS:-120}

if [ "${SC_FUZZ_KEEP_CORPUS:-0}" = 0 ]; then
  rm -rf "$corpus"
fi
mkdir -p "$corpus"
set -- "$corpus" "$seeds"
if [ -n "$regressions" ]; then
  set -- "$@" "$regressions"
fi

start=$(date +%s)
status=0
# shellcheck disable=SC2086 # SC_FUZZ_ARGS is a list of options
"$exe" -seed="$seed" -runs="$runs" -max_total_time="$seconds" -reload=0 -timeout=20 -error_exitcode=1 \
  -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -dict="$dict" \
  -artifact_prefix="$corpus/" ${SC_FUZZ_ARGS:-} "$@" || status=$?
elapsed=$(( $(date +%s) - start ))
if [ "$status" = 0 ] && [ "$runs" != -1 ] && [ "$elapsed" -ge "$seconds" ]; then
  echo "run-smoke.sh: stopped by the ${seconds} s safety net before ${runs} runs;" \
       "this run was shorter than the deterministic one" >&2
fi
exit "$status"
