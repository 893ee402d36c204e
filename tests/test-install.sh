#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary DESTDIR and checks that the desktop sees it as
# any GNOME application: every file in its place, `gio mime image/tiff` lists the
# application among the handlers, and `gio open some.tif` starts the installed viewer
# on that file under Xvfb (its window title names the file).
#
# Usage: test-install.sh BUILDDIR APP_ID
# Exit 77 (skip) without xvfb-run, gio or python3.
set -uo pipefail

builddir=$(cd "$1" && pwd)
app_id=$2
meson=${MESON:-meson}

for tool in xvfb-run gio python3 xwininfo; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool not found (scripts/install-deps.sh test installs it)"
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackscope-install.XXXXXX")
app_pid=
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

fail=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

echo "# meson install --destdir $tmp/root"
if ! "$meson" install -C "$builddir" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "FAIL: meson install"
  exit 1
fi

prefix=$("$meson" introspect "$builddir" --buildoptions |
         python3 -c 'import json,sys; print({o["name"]: o["value"] for o in json.load(sys.stdin)}["prefix"])')
root=$tmp/root$prefix
bindir=$root/bin
share=$root/share

for f in \
  bin/stackscope \
  bin/stackscope-cli \
  share/applications/$app_id.desktop \
  share/metainfo/$app_id.metainfo.xml \
  share/icons/hicolor/scalable/apps/$app_id.svg \
  share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg \
  share/glib-2.0/schemas/$app_id.gschema.xml \
  share/locale/de/LC_MESSAGES/stackscope.mo \
  share/man/man1/stackscope-cli.1; do
  check "installed $f" test -s "$root/$f"
done
[ $fail -eq 0 ] || exit 1

# meson skips post-install steps under DESTDIR: do what they would have done.
glib-compile-schemas "$share/glib-2.0/schemas"
if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$share/applications"
fi
if command -v update-mime-database >/dev/null && [ -d "$share/mime/packages" ]; then
  update-mime-database "$share/mime"
fi

# A desktop session of our own: nothing of the caller's configuration leaks in.
export HOME=$tmp/home
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share XDG_CACHE_HOME=$HOME/.cache
export XDG_STATE_HOME=$HOME/.local/state XDG_RUNTIME_DIR=$tmp/runtime
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export XDG_DATA_DIRS=$share:/usr/local/share:/usr/share
export PATH=$bindir:$PATH
export GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
unset GSETTINGS_SCHEMA_DIR

check "gio mime image/tiff lists $app_id.desktop" \
  bash -c "gio mime image/tiff | tee '$tmp/mime.txt' | grep -qx '[[:space:]]*$app_id.desktop'"
sed 's/^/# /' "$tmp/mime.txt"
check "gio mime image/png lists $app_id.desktop" \
  bash -c "gio mime image/png | grep -qx '[[:space:]]*$app_id.desktop'"
check "gio mime inode/directory lists $app_id.desktop" \
  bash -c "gio mime inode/directory | grep -qx '[[:space:]]*$app_id.desktop'"

# The user picks Stackscope for TIFF files, as in Files' "Open With".
gio mime image/tiff "$app_id.desktop" >/dev/null

# A small two-plane 8-bit TIFF with a name that no other window has.
tif=$tmp/gio-open-probe-$$.tif
python3 - "$tif" <<'PY'
import struct, sys
w, h, pages = 64, 48, 2
out = bytearray(b"II*\0" + struct.pack("<I", 0))
offsets = []
for p in range(pages):
    data = bytes(((x * 4 + y * 2 + p * 60) & 0xFF) for y in range(h) for x in range(w))
    data_off = len(out)
    out += data
    if len(out) % 2:
        out += b"\0"
    entries = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, data_off), (277, 3, 1, 1), (278, 3, 1, h), (279, 4, 1, len(data))]
    ifd_off = len(out)
    offsets.append(ifd_off)
    out += struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        packed = struct.pack("<H", value) + b"\0\0" if typ == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, typ, count) + packed
    out += struct.pack("<I", 0)
struct.pack_into("<I", out, 4, offsets[0])
for a, b in zip(offsets, offsets[1:]):
    n = struct.unpack_from("<H", out, a)[0]
    struct.pack_into("<I", out, a + 2 + 12 * n, b)
open(sys.argv[1], "wb").write(out)
PY
check "the generated TIFF has type image/tiff" \
  bash -c "gio info -a standard::content-type '$tif' | grep -q 'image/tiff'"

# gio open, under Xvfb and a private session bus (GApplication registers there). Inside
# the session: the viewer must be a process of the installed binary with our file as its
# argument, and show a window titled with the file name once the stack has opened.
name=$(basename "$tif")
cat >"$tmp/session.sh" <<EOS
set -u
gio open "$tif" || exit 10
proc=
for i in \$(seq 1 150); do
  if [ -z "\$proc" ]; then
    for p in /proc/[0-9]*; do
      [ "\$(readlink \$p/exe 2>/dev/null)" = "$bindir/stackscope" ] || continue
      if tr '\\0' '\\n' <\$p/cmdline 2>/dev/null | grep -qF "$name"; then
        proc=\${p#/proc/}
        echo "# process \$proc: \$(tr '\\0' ' ' <\$p/cmdline)"
        echo "\$proc" >"$tmp/app.pid"
      fi
    done
  fi
  if [ -n "\$proc" ] && xwininfo -root -tree 2>/dev/null | grep -qF '"$name"'; then
    xwininfo -root -tree | grep -F '"$name"' | sed 's/^ */# window: /'
    kill \$proc
    exit 0
  fi
  sleep 0.2
done
xwininfo -root -tree | sed 's/^/# /'
[ -n "\$proc" ] && kill \$proc
[ -n "\$proc" ] && exit 12
exit 11
EOS
run_session=(bash "$tmp/session.sh")
if command -v dbus-run-session >/dev/null; then
  run_session=(dbus-run-session -- "${run_session[@]}")
fi
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "${run_session[@]}" >"$tmp/session.log" 2>&1
session_rc=$?
sed 's/^/# /' "$tmp/session.log" | grep -v '^# # '
grep '^# ' "$tmp/session.log"
app_pid=$(cat "$tmp/app.pid" 2>/dev/null)

check "gio open ran (gio exit status)" test $session_rc -ne 10
check "gio open started the installed $bindir/stackscope on the file" test -n "$app_pid"
check "a window titled $name appeared" test $session_rc -eq 0

if [ -n "$app_pid" ]; then
  kill "$app_pid" 2>/dev/null
  app_pid=
fi
exit $fail
