#!/usr/bin/env bash
# From a fresh Debian 12 machine to a running Reverie: installs the Debian packages, builds, starts the
# studio on its built-in default. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $(cat packaging/debian-build-deps.txt)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "${JOBS:-$(nproc)}"
exec build/app/reverie "$@"
