#!/usr/bin/env bash
# Configures and builds tinyc (Release) into build/ (or $TINYC_BUILD_DIR).
#   scripts/build.sh [extra cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${TINYC_BUILD_DIR:-build}
JOBS=${TINYC_JOBS:-$(nproc 2>/dev/null || echo 2)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$JOBS"
