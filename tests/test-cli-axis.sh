#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# stackscope-cli project --axis and reslice on golgi: shapes, calibration, exit codes.
set -u
CLI=${SC_CLI:?SC_CLI names the stackscope-cli to test}
DATA=${SC_TESTDATA:-../shared/testdata}
GOLGI=$DATA/zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_rc () { want=$1; shift; "$@" >/dev/null 2>"$TMP/err"; rc=$?; [ $rc -eq "$want" ] || fail "$* exited $rc, not $want: $(cat "$TMP/err")"; }

if [ ! -f "$GOLGI" ]; then echo "SKIP: no golgi test data at $GOLGI"; exit 77; fi

"$CLI" project "$GOLGI" -m max --axis y -q -o "$TMP/y.tif" || fail "project --axis y"
info=$("$CLI" info "$TMP/y.tif")
echo "$info" | grep -q "Size: *147 x 25 pixels" || fail "axis y size: $info"
echo "$info" | grep -q "Voxel size: *0.351435 x 0.3876" || fail "axis y calibration: $info"
"$CLI" project "$GOLGI" -m sd --axis x --columns 10:49 -q -o "$TMP/x.tif" || fail "project --axis x"
info=$("$CLI" info "$TMP/x.tif")
echo "$info" | grep -q "Size: *25 x 137 pixels, f32" || fail "axis x size: $info"
echo "$info" | grep -q "Voxel size: *0.3876 x 0.351435" || fail "axis x calibration: $info"
"$CLI" project "$GOLGI" -m max --axis x -q --true-aspect -o "$TMP/x.png" || fail "true aspect png"
# 25 slices of 0.3876 against pixels of 0.351435: 28 columns
python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); w,h=struct.unpack(">II",d[16:24]); sys.exit(0 if (w,h)==(28,137) else 1)' "$TMP/x.png" || fail "true aspect png size"
"$CLI" reslice "$GOLGI" --xz 60 -o "$TMP/xz.tif" || fail "reslice --xz"
"$CLI" info "$TMP/xz.tif" | grep -q "Size: *147 x 25 pixels" || fail "reslice xz size"
"$CLI" reslice "$GOLGI" --yz 30 -o "$TMP/yz.tif" || fail "reslice --yz"
"$CLI" info "$TMP/yz.tif" | grep -q "Size: *25 x 137 pixels" || fail "reslice yz size"
expect_rc 2 "$CLI" project "$GOLGI" -m max --axis w -o "$TMP/e.tif"
expect_rc 2 "$CLI" project "$GOLGI" -m max --rows 1:2 -o "$TMP/e.tif"
expect_rc 2 "$CLI" project "$GOLGI" -m max --axis y --true-aspect -o "$TMP/e.tif"
expect_rc 1 "$CLI" project "$GOLGI" -m max --axis y --rows 5:999 -q -o "$TMP/e.tif"
grep -q "golgi_bfa.tif" "$TMP/err" || fail "range error names the file"
expect_rc 2 "$CLI" reslice "$GOLGI" -o "$TMP/e.tif"
expect_rc 2 "$CLI" reslice "$GOLGI" --xz 1 --yz 2 -o "$TMP/e.tif"
expect_rc 2 "$CLI" reslice "$GOLGI" --xz -3 -o "$TMP/e.tif"
expect_rc 1 "$CLI" reslice "$GOLGI" --yz 147 -o "$TMP/e.tif"
expect_rc 1 "$CLI" reslice "$TMP/missing.tif" --yz 1 -o "$TMP/e.tif"
[ $failures -eq 0 ] || exit 1
echo "ok"
