#!/usr/bin/env bash
# Installs the Debian packages that are missing (scripts/install-deps.sh run|test) and
# builds Stackscope into $STACKSCOPE_BUILDDIR (default _build). Safe to run twice.
set -euo pipefail

cd "$(dirname "$0")/.."
scripts/install-deps.sh "${1:-run}"

builddir=${STACKSCOPE_BUILDDIR:-_build}
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir"
fi
ninja -C "$builddir"
