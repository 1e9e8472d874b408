#!/usr/bin/env bash
# The steps of firmware.yml, runnable locally: build tinyc, install it, build
# the firmware project (examples/firmware-cmake) against the installed package
# with find_package(tinyc) + tinyc_add_model, and run its self-test in QEMU.
#
#   examples/ci/steps.sh [STEP...]     default: all steps in order
#
# Steps: deps, build-tinyc, install-tinyc, build-firmware, run-firmware.
# Folders (environment; defaults under ./ci-work):
#   TINYC_SRC          tinyc's source tree (default: this script's repository)
#   TINYC_BUILD_DIR    tinyc build folder (an existing one is reused)
#   TINYC_PREFIX       install prefix
#   FIRMWARE_SRC       the firmware project (default: examples/firmware-cmake)
#   FIRMWARE_BUILD_DIR its build folder
# deps installs the Debian packages only when one is missing (apt-get, with
# sudo when not root).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TINYC_SRC=${TINYC_SRC:-$(cd "$HERE/../.." && pwd)}
WORK=${CI_WORK_DIR:-$PWD/ci-work}
TINYC_BUILD_DIR=${TINYC_BUILD_DIR:-$WORK/tinyc-build}
TINYC_PREFIX=${TINYC_PREFIX:-$WORK/prefix}
FIRMWARE_SRC=${FIRMWARE_SRC:-$TINYC_SRC/examples/firmware-cmake}
FIRMWARE_BUILD_DIR=${FIRMWARE_BUILD_DIR:-$WORK/firmware-build}
JOBS=${JOBS:-$(nproc)}

PKGS=(cmake g++ make libonnx-dev libprotobuf-dev protobuf-compiler libeigen3-dev libcli11-dev libfmt-dev
      gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-dev qemu-system-arm)

step_deps() {
  local missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "deps: all packages present"
    return
  fi
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

step_build_tinyc() {
  if [[ ! -f "$TINYC_BUILD_DIR/CMakeCache.txt" ]]; then
    cmake -S "$TINYC_SRC" -B "$TINYC_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DTINYC_BUILD_TESTS=OFF
  fi
  cmake --build "$TINYC_BUILD_DIR" --target tinyc -j "$JOBS"
}

step_install_tinyc() {
  cmake --install "$TINYC_BUILD_DIR" --prefix "$TINYC_PREFIX"
}

step_build_firmware() {
  cmake -S "$FIRMWARE_SRC" -B "$FIRMWARE_BUILD_DIR" \
    -DCMAKE_TOOLCHAIN_FILE="$FIRMWARE_SRC/arm-none-eabi.cmake" -DCMAKE_PREFIX_PATH="$TINYC_PREFIX"
  cmake --build "$FIRMWARE_BUILD_DIR" -j "$JOBS"
}

step_run_firmware() {
  local out
  out=$("$TINYC_SRC/scripts/qemu/run.sh" "$FIRMWARE_BUILD_DIR/image.elf")
  echo "$out"
  [[ "$out" == "selftest: 0 mismatching bytes" ]]
}

steps=("$@")
[[ ${#steps[@]} -gt 0 ]] || steps=(deps build-tinyc install-tinyc build-firmware run-firmware)
for s in "${steps[@]}"; do
  case "$s" in
    deps|build-tinyc|install-tinyc|build-firmware|run-firmware) echo "== $s"; "step_${s//-/_}" ;;
    *) echo "steps.sh: unknown step '$s' (deps, build-tinyc, install-tinyc, build-firmware, run-firmware)" >&2; exit 2 ;;
  esac
done
