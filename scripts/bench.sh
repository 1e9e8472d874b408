#!/usr/bin/env bash
# The MLPerf Tiny benchmark on the emulated Cortex-M4 (docs/benchmarks.md):
# compiles each model for cortex-m4, builds it with the firmware template at
# -O2, runs one inference in QEMU with the instruction counter, and writes
# benchmarks/results/mlperf_tiny.{md,json} with TFLite Micro + CMSIS-NN's
# figures beside ours.
#
#   scripts/bench.sh [--models kws,vww,ic,ad] [--results PREFIX] [--work DIR]
#                    [--tinyc PATH] [--model SPEC]...
#
#   --models   which MLPerf Tiny models (default all four)
#   --results  output prefix (default benchmarks/results/mlperf_tiny)
#   --work     scratch folder (default build-bench/bench-work)
#   --tinyc    the tinyc binary (default build-bench/tinyc, built or brought up
#              to date there with -j2)
#   --model    benchmark this model instead (benchmarks/tools/bench.py's SPEC:
#              name=N,onnx=M.onnx,selftest=X.npy[,calib=C.npy]); repeatable
#
# Models: $TINYC_SHARED_DIR/models/mlperf-tiny-onnx (default ../shared beside
# the repository): {kws,vww,ic,ad}_qdq_int8io.onnx with the golden input
# NAME.input_int8.npy. Without it, the project's own float exports of the same
# architectures (tests/fixtures/tiny_*, calibrated with their calib.npy), and
# the results say so; there is no TFLite Micro baseline for those.
#
# Exit code: 0 when every model ran and its self-test found 0 mismatching
# bytes; 1 when any model failed (the results name it); 2 on usage or setup
# errors (a missing tool, tinyc failing to build).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

MODELS=kws,vww,ic,ad
RESULTS=benchmarks/results/mlperf_tiny
BUILD_DIR=${TINYC_BENCH_BUILD_DIR:-build-bench}
WORK=""
TINYC=""
SPECS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) MODELS=${2:?--models needs a list}; shift 2 ;;
    --results) RESULTS=${2:?--results needs a prefix}; shift 2 ;;
    --work) WORK=${2:?--work needs a folder}; shift 2 ;;
    --tinyc) TINYC=${2:?--tinyc needs a path}; shift 2 ;;
    --model) SPECS+=(--model "${2:?--model needs a spec}"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
WORK=${WORK:-$BUILD_DIR/bench-work}

for tool in /usr/bin/python3 arm-none-eabi-gcc qemu-system-arm gcc cmake; do
  command -v "$tool" >/dev/null || { echo "bench.sh: $tool not found (scripts/install-deps.sh installs it)" >&2; exit 2; }
done

if [[ -z "$TINYC" ]]; then
  # Our own build folder, brought up to date with the tree (a no-op when it is).
  TINYC=$BUILD_DIR/tinyc
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    echo "bench.sh: configuring tinyc in $BUILD_DIR/"
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DTINYC_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$BUILD_DIR" -j"${TINYC_JOBS:-2}" --target tinyc >/dev/null ||
    { echo "bench.sh: building tinyc in $BUILD_DIR/ failed (cmake --build $BUILD_DIR --target tinyc)" >&2; exit 2; }
fi
[[ -x "$TINYC" ]] || { echo "bench.sh: no tinyc at $TINYC" >&2; exit 2; }

ARGS=(--tinyc "$TINYC" --work "$WORK" --results "$RESULTS" --plugin-dir "$BUILD_DIR/qemu-plugin")
if [[ ${#SPECS[@]} -gt 0 ]]; then
  ARGS+=(--source "models given on the command line" "${SPECS[@]}")
else
  SHARED=${TINYC_SHARED_DIR:-$REPO/../shared}
  ONNX_DIR=$SHARED/models/mlperf-tiny-onnx
  if [[ -d "$ONNX_DIR" ]]; then
    ARGS+=(--source "MLPerf Tiny int8 QDQ ONNX (\`models/mlperf-tiny-onnx/NAME_qdq_int8io.onnx\`, golden input NAME.input_int8.npy)")
    [[ -f "$SHARED/baselines.md" ]] && ARGS+=(--baselines "$SHARED/baselines.md")
  else
    echo "bench.sh: $ONNX_DIR not found: benchmarking the project's own exports (tests/fixtures/tiny_*) instead;" \
         "they have random weights and no TFLite Micro baseline" >&2
    ARGS+=(--source "NOT the MLPerf Tiny models: $ONNX_DIR was absent, so the project's own float exports of the same architectures (tests/fixtures/tiny_*, random weights, calibrated with calib.npy); no TFLite Micro baseline")
  fi
  IFS=, read -r -a NAMES <<<"$MODELS"
  for m in "${NAMES[@]}"; do
    case "$m" in kws|vww|ic|ad) ;; *) echo "bench.sh: unknown model '$m' (kws, vww, ic, ad)" >&2; exit 2 ;; esac
    if [[ -d "$ONNX_DIR" ]]; then
      spec="name=$m,onnx=$ONNX_DIR/${m}_qdq_int8io.onnx,selftest=$ONNX_DIR/$m.input_int8.npy,baseline=$m"
      [[ -f "$ONNX_DIR/$m.output_tflm_int8.npy" ]] && spec+=",tflm_output=$ONNX_DIR/$m.output_tflm_int8.npy"
    else
      f=tests/fixtures/tiny_$m
      spec="name=$m,onnx=$f/tiny_$m.onnx,selftest=$f/inputs.npy,calib=$f/calib.npy"
    fi
    ARGS+=(--model "$spec")
  done
fi
exec /usr/bin/python3 benchmarks/tools/bench.py "${ARGS[@]}"
