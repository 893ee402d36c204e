#!/usr/bin/env bash
# Installs the Debian 12 packages Stackscope needs to build, run and test.
# Safe to run twice: installs only what is missing. Uses sudo when not root.
#   scripts/install-deps.sh run    build and run the viewer
#   scripts/install-deps.sh test   also everything the test suites use
set -euo pipefail

what=${1:-run}

build_pkgs=(
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-bin libtiff-dev libpng-dev libcairo2-dev
  libgtk-4-dev libadwaita-1-dev gettext
  adwaita-icon-theme fonts-cantarell
  desktop-file-utils  # update-desktop-database: meson setup needs it for gnome.post_install
)
test_pkgs=(
  appstream
  xvfb xauth dbus dbus-x11 at-spi2-core python3 python3-gi python3-pyatspi
  imagemagick x11-utils shared-mime-info
  clang libclang-rt-14-dev
)

pkgs=("${build_pkgs[@]}")
if [ "$what" = test ]; then
  pkgs+=("${test_pkgs[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
