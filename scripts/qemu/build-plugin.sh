#!/usr/bin/env bash
# Builds the instruction-counting QEMU plugin (benchmarks/qemu_plugin) into a
# build folder and prints the path of the .so.
#   scripts/qemu/build-plugin.sh [BUILD_DIR]     default: build-qemu-plugin/ at the project root
# Rebuilds only when the source is newer than the library.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SRC_DIR=$ROOT/benchmarks/qemu_plugin
OUT_DIR=${1:-$ROOT/build-qemu-plugin}
mkdir -p "$OUT_DIR"
SO=$OUT_DIR/tinyc_icount.so
CC=${CC_HOST:-gcc}

if [[ ! -f "$SO" || "$SRC_DIR/tinyc_icount.c" -nt "$SO" || "$SRC_DIR/qemu_plugin_api.h" -nt "$SO" ]]; then
  # Build under a temporary name and rename: parallel callers never load a half-written file.
  tmp=$(mktemp "$OUT_DIR/tinyc_icount.so.XXXXXX")
  "$CC" -std=c11 -O2 -Wall -Wextra -Werror -pedantic -shared -fPIC -fvisibility=hidden \
    -o "$tmp" "$SRC_DIR/tinyc_icount.c"
  mv -f "$tmp" "$SO"
fi
echo "$SO"
