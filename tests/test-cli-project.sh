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

# The benchmark finds the peers beside this checkout (../shared/peers) and nowhere else:
# in a checkout with no such folder, it names that folder rather than one machine's path.
SRCDIR=${G_TEST_SRCDIR:-$(dirname "$0")}
if [ -f "$SRCDIR/bench/bench-project.py" ] && command -v python3 >/dev/null; then
  mkdir -p "$TMP/checkout/tests/bench"
  cp "$SRCDIR/bench/bench-project.py" "$TMP/checkout/tests/bench/"
  peers=$(python3 -c 'import importlib.util, sys
spec = importlib.util.spec_from_file_location("bench", sys.argv[1])
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
print(bench.PEERS)' "$TMP/checkout/tests/bench/bench-project.py" 2>&1)
  [ "$peers" = "$TMP/shared/peers" ] || fail "bench-project.py peers: $peers (expected $TMP/shared/peers)"
fi

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

# --scale N: each pixel an NxN block, for slides, in every PNG path (16-bit gray, colormap).
"$CLI" project "$GOLGI" -m max -o "$TMP/max-x3.png" --scale 3 -q || fail "--scale 3 exit $?"
"$CLI" info "$TMP/max-x3.png" | grep -q "441 x 411" || fail "--scale 3 size: $("$CLI" info "$TMP/max-x3.png" | head -n 3)"
"$CLI" project "$GOLGI" -m max -o "$TMP/max-viridis-x2.png" --colormap viridis --range 0:5000 \
  --scale 2 -q || fail "colormap --scale 2 exit $?"
"$CLI" info "$TMP/max-viridis-x2.png" | grep -q "294 x 274 pixels, u8 RGB" \
  || fail "colormap --scale 2: $("$CLI" info "$TMP/max-viridis-x2.png" | head -n 3)"
"$CLI" project "$GOLGI" -m max -o "$TMP/x.png" --scale 5 -q 2>/dev/null; [ $? = 2 ] || fail "--scale 5 should exit 2"
"$CLI" project "$GOLGI" -m max -o "$TMP/x.tif" --scale 2 -q 2>/dev/null; [ $? = 2 ] || fail "--scale with a TIFF should exit 2"
[ ! -e "$TMP/x.tif" ] || fail "--scale with a TIFF wrote one"

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

# A rerun replaces its own output (it was refused: the result's name MAX_g.tif was taken
# for an input), atomically: a new file renamed over the old one, no temporary left.
mkdir "$TMP/rerun" && cp "$GOLGI" "$TMP/rerun/g.tif"
(cd "$TMP/rerun" && "$CLI" project g.tif -m max -q -o MAX_g.tif) || fail "first run exit $?"
first_inode=$(stat -c %i "$TMP/rerun/MAX_g.tif")
first_sum=$(cksum < "$TMP/rerun/MAX_g.tif")
err=$(cd "$TMP/rerun" && "$CLI" project g.tif -m max -q -o MAX_g.tif 2>&1) || fail "rerun exit $?: $err"
[ "$(cksum < "$TMP/rerun/MAX_g.tif")" = "$first_sum" ] || fail "the rerun wrote something else"
[ "$(stat -c %i "$TMP/rerun/MAX_g.tif")" != "$first_inode" ] || fail "the rerun wrote in place, not atomically"
[ "$(ls -A "$TMP/rerun" | wc -l)" = 2 ] || fail "rerun left: $(ls -A "$TMP/rerun")"
(cd "$TMP/rerun" && "$CLI" project g.tif -m max -q -o MAX_g.png) || fail "png first run exit $?"
(cd "$TMP/rerun" && "$CLI" project g.tif -m max -q -o MAX_g.png) || fail "png rerun exit $?"
(cd "$TMP/rerun" && "$CLI" project g.tif -m max -q --colormap fire -o MAX_g.png) || fail "colormap png rerun exit $?"

# Never over an input: the file, a hard link or a symbolic link to it, any file of an input
# folder, any input of the same run. Each is refused with exit 1, and one line that says so.
refused () { # refused WHAT FILE-THAT-MUST-STAY COMMAND...
  what=$1 keep=$2; shift 2
  sum=$(cksum < "$keep")
  err=$("$CLI" "$@" 2>&1 >/dev/null); rc=$?
  [ $rc = 1 ] || fail "$what: exit $rc (expected 1): $err"
  printf '%s' "$err" | grep -q "Will not write over the input" || fail "$what: $err"
  [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "$what: more than one line: $err"
  [ "$(cksum < "$keep")" = "$sum" ] || fail "$what: the input changed"
}
ln "$TMP/rerun/g.tif" "$TMP/rerun/hard.tif"
ln -s g.tif "$TMP/rerun/soft.tif"
ln -s g.tif "$TMP/rerun/soft.png"
refused "output = input" "$TMP/rerun/g.tif" project "$TMP/rerun/g.tif" -m max -q -o "$TMP/rerun/g.tif"
refused "hard link" "$TMP/rerun/g.tif" project "$TMP/rerun/g.tif" -m max -q -o "$TMP/rerun/hard.tif"
refused "symlink" "$TMP/rerun/g.tif" project "$TMP/rerun/g.tif" -m max -q -o "$TMP/rerun/soft.tif"
refused "symlink png" "$TMP/rerun/g.tif" project "$TMP/rerun/g.tif" -m max -q -o "$TMP/rerun/soft.png"
refused "input via symlink" "$TMP/rerun/g.tif" project "$TMP/rerun/soft.tif" -m max -q -o "$TMP/rerun/g.tif"
[ -L "$TMP/rerun/soft.tif" ] && [ -L "$TMP/rerun/soft.png" ] || fail "a link was replaced"
SERIES=$DATA/folder-em-tiff-series
if [ -d "$SERIES" ]; then
  cp -r "$SERIES" "$TMP/series"
  first=$(ls "$TMP/series" | grep -i '\.tif' | head -n 1)
  refused "file of an input folder" "$TMP/series/$first" \
    project "$TMP/series" -m max -q -o "$TMP/series/$first"
  ln "$TMP/series/$first" "$TMP/series-link.tif"
  refused "hard link to a file of an input folder" "$TMP/series/$first" \
    project "$TMP/series" -m max -q -o "$TMP/series-link.tif"
else
  echo "real test data $SERIES is absent: TIFF input-folder checks skipped"
fi
PNGS=$DATA/folder-png-brightfield
if [ -d "$PNGS" ]; then
  cp -r "$PNGS" "$TMP/pngs"
  first=$(ls "$TMP/pngs" | grep -i '\.png$' | head -n 1)
  refused "png over a file of an input folder" "$TMP/pngs/$first" \
    project "$TMP/pngs" -m max -q -o "$TMP/pngs/$first"
  "$CLI" project "$TMP/pngs" -m max -q -o "$TMP/pngs-max.png" || fail "png folder exit $?"
else
  echo "real test data $PNGS is absent: PNG input-folder checks skipped"
fi
mkdir "$TMP/same" && cp "$GOLGI" "$TMP/same/e.tif" && cp "$GOLGI" "$TMP/same/e_max.tif"
refused "another input of the run" "$TMP/same/e_max.tif" \
  project "$TMP/same/e.tif" "$TMP/same/e_max.tif" -m max -q -o "$TMP/same"

if [ $failures -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all project CLI checks passed"
