#!/bin/sh
# run-smoke.sh HARNESS SECONDS CORPUS_DIR SEED_DIR DICT
# A time-bounded fuzz run for `meson test --suite fuzz`: new inputs go to CORPUS_DIR (in the
# build folder), a crash is kept there as crash-* and fails the test.
set -eu
exe=$1 seconds=$2 corpus=$3 seeds=$4 dict=$5
mkdir -p "$corpus"
exec "$exe" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -dict="$dict" -artifact_prefix="$corpus/" "$corpus" "$seeds"
