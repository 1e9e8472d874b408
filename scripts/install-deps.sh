#!/usr/bin/env bash
# Installs the Debian packages tinyc needs, and only those that are missing:
# a no-op taking about a second when everything is there.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --minimal  building tinyc and the Cortex-M4 demo (no test tools)
set -euo pipefail

BUILD_PKGS=(cmake g++ make libonnx-dev libprotobuf-dev protobuf-compiler libeigen3-dev
            libcli11-dev libfmt-dev doctest-dev)
# Cross toolchain and emulator: installed without recommends (the full set is gigabytes).
TARGET_PKGS=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-dev qemu-system-arm)
# Tests: ONNX backend node tests, clang + libFuzzer runtime for the fuzzer and
# sanitizer build, Node.js for the onnxruntime oracle, Chromium for the HTML report.
TEST_PKGS=(libonnx-testdata clang libclang-rt-14-dev nodejs npm chromium)

want=("${BUILD_PKGS[@]}")
want_norec=("${TARGET_PKGS[@]}")
if [[ "${1:-}" != "--minimal" ]]; then
  want+=("${TEST_PKGS[@]}")
fi

missing() {
  local out=()
  for p in "$@"; do
    # nodejs/npm may come from elsewhere (e.g. a preinstalled Node.js): accept a working binary.
    if [[ "$p" == nodejs ]] && command -v node >/dev/null 2>&1; then continue; fi
    if [[ "$p" == npm ]] && command -v npm >/dev/null 2>&1; then continue; fi
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      out+=("$p")
    fi
  done
  echo "${out[@]:-}"
}

miss=$(missing "${want[@]}")
miss_norec=$(missing "${want_norec[@]}")
if [[ -z "${miss// /}" && -z "${miss_norec// /}" ]]; then
  echo "install-deps: all packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${miss} ${miss_norec}"
$SUDO apt-get update -qq
if [[ -n "${miss// /}" ]]; then
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq ${miss} >/dev/null
fi
if [[ -n "${miss_norec// /}" ]]; then
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends ${miss_norec} >/dev/null
fi
echo "install-deps: done"
