#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# stackscope-cli project end to end: figures of the real golgi stack, outputs, exit codes.
set -u
CLI=${SC_CLI:?SC_CLI names the stackscope-cli to test}
DATA=${SC_TESTDATA:-../shared/testdata}
GOLGI=$DATA/zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
# field NAME JSON -> the number after "NAME":
field () { printf '%s' "$2" | sed -n "s/.*\"$1\": \([-0-9.e+]*\).*/\1/p"; }
round4 () { awk -v v="$1" 'BEGIN { printf "%.4f", v }'; }

if [ ! -f "$GOLGI" ]; then
  echo "SKIP: real test data $GOLGI is absent"
  exit 77
fi

out=$("$CLI" project "$GOLGI" -m max -o "$TMP/max.tif" --json) || fail "max exit $?"
[ "$(field max "$out")" = 14421 ] || fail "max projection max: $(field max "$out")"
[ "$(round4 "$(field mean "$out")")" = 236.8731 ] || fail "max projection mean: $(field mean "$out")"
[ -s "$TMP/max.tif" ] || fail "no max.tif"

out=$("$CLI" project "$GOLGI" --method median --threads 1 --memory-budget 100K -o "$TMP/med.tif" --json) \
  || fail "median exit $?"
[ "$(field max "$out")" = 3496 ] || fail "median max: $(field max "$out")"
[ "$(round4 "$(field mean "$out")")" = 28.7516 ] || fail "median mean: $(field mean "$out")"

# The written TIFF reads back with the same figures and the calibration.
info=$("$CLI" info "$TMP/med.tif") || fail "info on the result exit $?"
printf '%s' "$info" | grep -q "147 x 137" || fail "result size: $info"
printf '%s' "$info" | grep -qi "0.3876" || fail "result spacing lost: $info"

out=$("$CLI" project "$GOLGI" -m p90 --planes 2:24:2 -o "$TMP/p90.tif" --json) || fail "p90 exit $?"
[ "$(field slices "$out")" = 12 ] || fail "planes 2:24:2 gave $(field slices "$out") slices"

"$CLI" project "$GOLGI" -m sd -o "$TMP/sd.png" -q || fail "png exit $?"
head -c 8 "$TMP/sd.png" | od -An -c | grep -q "P   N   G" || fail "sd.png is not a PNG"
"$CLI" project "$GOLGI" -m max -o "$TMP/max-viridis.png" --colormap viridis --range 0:5000 -q \
  || fail "colormap png exit $?"

# Several inputs: one output each in the folder.
cp "$GOLGI" "$TMP/a.tif"
cp "$GOLGI" "$TMP/b.tif"
out=$("$CLI" project "$TMP/a.tif" "$TMP/b.tif" -m mean -o "$TMP/batch" --json) || fail "batch exit $?"
[ -s "$TMP/batch/a_mean.tif" ] && [ -s "$TMP/batch/b_mean.tif" ] || fail "batch outputs: $(ls "$TMP/batch")"
mkdir "$TMP/folder" && cp "$GOLGI" "$TMP/folder/c.tif" && cp "$GOLGI" "$TMP/folder/d.tif"
"$CLI" project --batch "$TMP/folder" -m max -o "$TMP/batch2" -q || fail "--batch exit $?"
[ -s "$TMP/batch2/c_max.tif" ] && [ -s "$TMP/batch2/d_max.tif" ] || fail "--batch outputs: $(ls "$TMP/batch2")"

# Exit codes: 2 for usage, 1 for inputs; never over the input.
"$CLI" project "$GOLGI" -o "$TMP/x.tif" 2>/dev/null; [ $? = 2 ] || fail "no --method should exit 2"
"$CLI" project "$GOLGI" -m mode -o "$TMP/x.tif" 2>/dev/null; [ $? = 2 ] || fail "unknown method should exit 2"
"$CLI" project "$GOLGI" -m max -o "$TMP/x.jpg" 2>/dev/null; [ $? = 2 ] || fail ".jpg should exit 2"
"$CLI" project "$TMP/missing.tif" -m max -o "$TMP/x.tif" 2>/dev/null; [ $? = 1 ] || fail "missing input should exit 1"
"$CLI" project "$GOLGI" -m max --channel 2 -o "$TMP/x.tif" 2>/dev/null; [ $? = 1 ] || fail "channel 2 should exit 1"
before=$(cksum < "$TMP/a.tif")
"$CLI" project "$TMP/a.tif" -m max -o "$TMP/a.tif" 2>/dev/null; [ $? = 1 ] || fail "overwriting the input should exit 1"
[ "$(cksum < "$TMP/a.tif")" = "$before" ] || fail "the input changed"
[ ! -e "$TMP/x.tif" ] || fail "a failed run left x.tif"
ls -a "$TMP" | grep -q '^\.x\.tif\.' && fail "a temporary file was left behind"

if [ $failures -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all project CLI checks passed"
