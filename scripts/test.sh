#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, builds,
# runs every test (Release build), then again under AddressSanitizer +
# UndefinedBehaviorSanitizer (clang), plus a short fixed libFuzzer run of the
# model loader.
#   scripts/test.sh            everything
#   scripts/test.sh --quick    Release build and tests only (no sanitizer pass)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${TINYC_JOBS:-$(nproc 2>/dev/null || echo 2)}
start=$(date +%s)

scripts/install-deps.sh
scripts/setup-oracle.sh

echo "== build (Release)"
TINYC_BUILD_DIR=build scripts/build.sh -DTINYC_BUILD_TESTS=ON
echo "== tests (Release)"
ctest --test-dir build --output-on-failure -j"$JOBS"

if [[ "${1:-}" != "--quick" ]]; then
  echo "== build (clang, ASan + UBSan, fuzzers)"
  # -O1 with line tables only: quicker to build than -O2 -g, and reports still name file:line.
  CC=clang CXX=clang++ TINYC_BUILD_DIR=build-asan scripts/build.sh \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DTINYC_SANITIZE=ON -DTINYC_FUZZ=ON
  # The suites that build and run firmware (cross compiler, QEMU) ran in the
  # Release pass; their host side (import, quantize, codegen) is what the
  # other suites exercise here, so the sanitizer pass leaves them out.
  TARGET_ONLY="^(qemu|runtime_freestanding|firmware_cmake)$"
  echo "== tests (ASan + UBSan; not re-run here, target-only: $TARGET_ONLY)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    TINYC_SANITIZED=1 ctest --test-dir build-asan --output-on-failure -j"$JOBS" -E "$TARGET_ONLY"
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
