// The firmware's application: run the model's self-test and report.
//
// `tinyc compile ... --selftest` emits NAME_selftest.cpp, whose
//   extern "C" int NAME_selftest(void);
// runs the model on the embedded inputs and returns how many output bytes
// differ from tinyc's int8 reference. Choose the function with
// -DTINYC_SELFTEST_FN=NAME_selftest (build.sh does this from NAME).
//
// Prints "selftest: N mismatching bytes" and returns 0 when N == 0, else 1;
// startup.c turns the return value into the program's exit code.
#include "semihosting.h"
#include "tinyc_markers.h"

#ifndef TINYC_SELFTEST_FN
#define TINYC_SELFTEST_FN model_selftest
#endif

// 1: count the whole self-test as one region (TINYC_MARK_BEGIN/END around it).
// 0: the code under test places its own BEGIN/END markers.
#ifndef TINYC_MARK_SELFTEST
#define TINYC_MARK_SELFTEST 1
#endif

extern "C" int TINYC_SELFTEST_FN(void);

int main() {
  // The markers delimit the region the instruction counter reports
  // (scripts/qemu/count.sh); they are no-ops on hardware and in a plain run.
#if TINYC_MARK_SELFTEST
  TINYC_MARK_BEGIN();
#endif
  const int mismatches = TINYC_SELFTEST_FN();
#if TINYC_MARK_SELFTEST
  TINYC_MARK_END();
#endif

  if (mismatches < 0) {  // not a count: the self-test could not run the model
    semihost_write0("selftest: failed with status -");
    semihost_write_dec(0u - static_cast<unsigned>(mismatches));
    semihost_write0("\n");
    return kExitMismatch;
  }
  semihost_write0("selftest: ");
  semihost_write_dec(static_cast<unsigned>(mismatches));
  semihost_write0(" mismatching bytes\n");
  return mismatches == 0 ? kExitPass : kExitMismatch;
}
