#!/usr/bin/env bash
# Builds Stackscope and starts it on FILE (a TIFF, a PNG or a folder of them),
# or on the sample stack it generates itself when no file is given.
set -euo pipefail

cd "$(dirname "$0")/.."
scripts/build.sh run
builddir=${STACKSCOPE_BUILDDIR:-_build}

if [ -x "$builddir/src/stackscope" ]; then
  export GSETTINGS_SCHEMA_DIR="$PWD/$builddir/data"
  exec "$builddir/src/stackscope" "$@"
fi

# Without a display toolkit the command-line face still describes the stack.
if [ $# -eq 0 ]; then
  exec "$builddir/src/cli/stackscope-cli" info --sample
fi
exec "$builddir/src/cli/stackscope-cli" info "$@"
