#!/usr/bin/env bash
# Takes a screenshot of the installed viewer in a language, under Xvfb, for the
# AppStream screenshots and for checking a translation.
#   scripts/screenshot.sh LANG OUT.png [FILE]     e.g. scripts/screenshot.sh de /tmp/de.png
# Builds and installs into $STACKSCOPE_PREFIX (default /tmp/stackscope-prefix) so that the
# viewer finds its installed translations, and generates the LANG_COUNTRY.UTF-8 locale
# when it is missing (needs root or sudo). Opens the sample stack without FILE.
set -euo pipefail

lang=${1:?usage: scripts/screenshot.sh LANG OUT.png [FILE]}
out=$(realpath -m "${2:?usage: scripts/screenshot.sh LANG OUT.png [FILE]}")
file=${3:+$(realpath "$3")}
cd "$(dirname "$0")/.."

prefix=${STACKSCOPE_PREFIX:-/tmp/stackscope-prefix}
builddir=${STACKSCOPE_BUILDDIR:-_build-screenshot}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --prefix="$prefix" >/dev/null
fi
meson install -C "$builddir" --quiet >/dev/null

# gettext ignores LANGUAGE in the C locale: use a real one for the language.
locale=$(locale -a | grep -i "^${lang}_.*\.utf-\?8$" | head -n1 || true)
if [ -z "$locale" ] && [ -f /etc/locale.gen ]; then
  line=$(grep -E "^# *${lang}_[A-Z]+\.UTF-8 UTF-8" /etc/locale.gen | head -n1 | sed 's/^# *//')
  if [ -n "$line" ]; then
    sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" sed -i "s/^# *${line}\$/${line}/" /etc/locale.gen
    "${sudo[@]}" locale-gen >/dev/null
    locale=${line%% *}
  fi
fi
[ -n "$locale" ] || locale=C.UTF-8

export LANGUAGE=$lang LANG=$locale LC_ALL=$locale
export XDG_DATA_DIRS=$prefix/share:/usr/local/share:/usr/share
export GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
export STACKSCOPE_SHOT_OUT=$out STACKSCOPE_SHOT_BIN=$prefix/bin/stackscope STACKSCOPE_SHOT_FILE=$file
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- bash -c '
  "$STACKSCOPE_SHOT_BIN" ${STACKSCOPE_SHOT_FILE:+"$STACKSCOPE_SHOT_FILE"} &
  pid=$!
  sleep "${STACKSCOPE_SHOT_DELAY:-6}"
  import -window root "$STACKSCOPE_SHOT_OUT"
  kill $pid
' 2>&1 | grep -v "fd limit" || true
echo "$out ($locale)"
