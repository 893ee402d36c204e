#!/usr/bin/env bash
# The benchmark in one command: installs the Debian packages it needs that are missing
# (with sudo when not root, as scripts/install-deps.sh does), builds Stackscope, generates
# the stacks that are missing and runs tests/bench/bench-project.py, which ends with one
# summary: floors, each method's time as a multiple of its floor beside its ratios to
# numpy, ImageJ, vips and ImageMagick, whether each result agrees with numpy's, the
# many-pages figures and per-page overhead, thread scaling and the viewer's start
# (tests/bench/bench-start.sh on the golgi stack and u16).
#   scripts/bench.sh [--quick] [bench-project.py options...]
# e.g. scripts/bench.sh --quick; scripts/bench.sh --threads 1,2,4,8,16 --stacks u16,manypages
# The stacks go to $STACKSCOPE_BENCH_DIR (default /tmp/stackscope-bench, about 8 GB) and the
# results to /tmp/stackscope-bench-out; the whole output is kept in $STACKSCOPE_BENCH_LOG
# (default /tmp/stackscope-bench.log). A full run takes about 20-25 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."

bench_pkgs=(
  python3 python3-numpy python3-tifffile
  imagej xvfb dbus
  libvips-tools imagemagick
)

missing=()
for p in "${bench_pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# the viewer too (bench-start.sh runs it), in the default build folder bench-start.sh uses
STACKSCOPE_BUILDDIR=_build scripts/build.sh run

dir=${STACKSCOPE_BENCH_DIR:-/tmp/stackscope-bench}
log=${STACKSCOPE_BENCH_LOG:-/tmp/stackscope-bench.log}
/usr/bin/python3 tests/bench/bench-project.py --build _build --dir "$dir" --start golgi,u16 "$@" \
  2>&1 | tee "$log"
echo "(the whole output: $log)"
