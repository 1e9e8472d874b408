// Stand-in self-test: runs demo_invoke on a fixed input and returns the number
// of output bytes that differ from the expected values, plus failed startup
// checks. Build-time switches for the tests (build.sh -D ...):
//   DEMO_EXTRA_MISMATCHES=N   report N more mismatching bytes (a failing self-test)
//   DEMO_FAULT                read from DEMO_FAULT_ADDRESS, where no memory or
//                             device answers (a BusFault, escalated to HardFault)
//   DEMO_HANG                 never return (run.sh's timeout must end the run)
#include "demo.h"

#ifndef DEMO_FAULT_ADDRESS
#define DEMO_FAULT_ADDRESS 0xA0000000u  // external-device space: nothing there on mps2-an386
#endif
#ifndef DEMO_EXTRA_MISMATCHES
#define DEMO_EXTRA_MISMATCHES 0
#endif

extern "C" int demo_selftest(void);
extern "C" int demo_startup_check_failures(void);

namespace {
// See demo.cpp: all-16 input -> output u is 2 * (u + 1).
const int8_t kExpected[kDemoUnits] = {2, 4, 6, 8, 10, 12, 14, 16};
}  // namespace

int demo_selftest(void) {
#ifdef DEMO_FAULT
  volatile const uint32_t* invalid = reinterpret_cast<volatile const uint32_t*>(DEMO_FAULT_ADDRESS);
  if (*invalid == 0x5A5A5A5Au) return 1000;
#endif
#ifdef DEMO_HANG
  for (;;) __asm__ volatile("" ::: "memory");  // volatile: a side-effect-free loop would be UB
#endif
  int8_t input[kDemoDepth];
  for (int i = 0; i < kDemoDepth; ++i) input[i] = 16;
  int8_t output[kDemoUnits];
  demo_invoke(input, output);

  int mismatches = DEMO_EXTRA_MISMATCHES + demo_startup_check_failures();
  for (int u = 0; u < kDemoUnits; ++u) {
    if (output[u] != kExpected[u]) ++mismatches;
  }
  return mismatches;
}
