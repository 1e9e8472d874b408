// The benchmark's application code: exactly one inference between the
// instruction counter's markers, then a check of its output.
//
// scripts/bench.sh (benchmarks/tools/bench.py) copies this file into a model
// folder emitted by `tinyc compile --op-markers --selftest ...`, next to a
// generated bench_data.h (benchmarks/tools/bench_data.py) that holds the
// self-test's first input and the int8 reference's output for it, and names
// the model's invoke function. The firmware template builds it as the
// application (examples/qemu-cortex-m4/build.sh MODEL_DIR bench
// -DTINYC_MARK_SELFTEST=0: main.cpp calls bench_selftest()) and reports
// "selftest: N mismatching bytes".
//
// Why not count the generated NAME_selftest(): it loops over samples and
// compares outputs inside the region; here BEGIN/END enclose the call alone,
// so "icount total" is one NAME_invoke (argument set-up, call, return). With
// the model's inputs and outputs in the arena (`tinyc compile --io arena`),
// the input is written into the arena before BEGIN and NAME_invoke gets the
// arena's own buffers, so it copies nothing: the region is what TFLite
// Micro's Invoke() does after the application filled its input tensor.
#include <string.h>

#include "bench_data.h"
#include "tinyc_markers.h"

namespace {

#ifndef TINYC_BENCH_INPUT_BUFFER
int8_t g_bench_output[sizeof(kBenchExpected)];
#endif

}  // namespace

extern "C" int bench_selftest(void) {
#ifdef TINYC_BENCH_INPUT_BUFFER
  int8_t* const input = TINYC_BENCH_INPUT_BUFFER();
  int8_t* const output = TINYC_BENCH_OUTPUT_BUFFER();
  if (!input || !output) return -1000;
  memcpy(input, kBenchInput, sizeof(kBenchInput));
#else
  const int8_t* const input = kBenchInput;
  int8_t* const output = g_bench_output;
#endif
  TINYC_MARK_BEGIN();
  const int failed = TINYC_BENCH_INVOKE(input, output);
  TINYC_MARK_END();
  if (failed != 0) return failed < 0 ? failed : -failed;  // main.cpp prints "failed with status -N"
  int mismatches = 0;
  for (unsigned i = 0; i < sizeof(kBenchExpected); ++i) mismatches += output[i] != kBenchExpected[i];
  return mismatches;
}
