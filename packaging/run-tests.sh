#!/usr/bin/env bash
# Builds Reverie (Release, into build/) and runs every test with CTest. Usage: packaging/run-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$JOBS"
QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" ctest --test-dir build --output-on-failure -j "$JOBS"
