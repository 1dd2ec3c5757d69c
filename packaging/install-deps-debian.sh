#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what AdStudio needs on Debian 12, only what is missing; non-interactive, idempotent.
#   packaging/install-deps-debian.sh           build + test dependencies
#   packaging/install-deps-debian.sh --bench   also the benchmarks' baselines and load tools
#                                              (pandas, torch, stress-ng, wrk)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev qt6-httpserver-dev qt6-websockets-dev qt6-qpa-plugins
  libtorch-dev libopenblas0-openmp   # without OpenBLAS torch runs on the 20-30x slower reference BLAS
  libgloo-dev                        # Gloo, the collectives libtorch uses; AdStudio runs its ring directly (data-parallel training)
  libopencv-dev libcsv-dev zlib1g-dev libzip-dev libboost-dev
  libgl1-mesa-dev libxkbcommon-dev xvfb xauth fonts-dejavu-core
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3-pandas python3-torch stress-ng wrk)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
