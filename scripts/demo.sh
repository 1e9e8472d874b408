#!/usr/bin/env bash
# The main job on the bundled example, from a fresh machine: installs what is
# missing, builds tinyc, compiles the digits CNN (examples/models/) for a
# Cortex-M4, builds the firmware image and runs its self-test in QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --minimal
echo "== build tinyc"
TINYC_BUILD_DIR=build scripts/build.sh -DTINYC_BUILD_TESTS=OFF >/dev/null
TINYC=build/tinyc
OUT=build/demo/digits
M=examples/models

echo "== tinyc inspect $M/digits.onnx"
$TINYC inspect $M/digits.onnx

echo "== tinyc compile (int8, Cortex-M4, self-test on 8 images)"
$TINYC compile $M/digits.onnx --target cortex-m4 --calib $M/digits_calib.npy \
  --selftest $M/digits_selftest.npy --name digits -o $OUT --force

echo "== firmware image (examples/qemu-cortex-m4) and sizes"
examples/qemu-cortex-m4/build.sh $OUT digits -o build/demo/image

echo "== run on QEMU mps2-an386 (Cortex-M4)"
scripts/qemu/run.sh build/demo/image/image.elf
