// Checks that the firmware template's startup did its job before main():
// .data was copied from flash (RAM starts out zero in QEMU, so a missing copy
// shows), the static constructors in .init_array ran, and the FPU was enabled
// (a hard-float image faults on its first FP instruction otherwise).
// Generated models need none of this; the template supports it for the user's
// own code. Returns the number of failed checks.
#include <stdint.h>

extern "C" int demo_startup_check_failures(void);

namespace {

volatile int32_t g_data_word = 0x12345678;  // .data: non-zero initial value

int g_constructed = 0;
struct RunsAtStartup {
  RunsAtStartup() { g_constructed = 42; }
};
RunsAtStartup g_runs_at_startup;

}  // namespace

int demo_startup_check_failures(void) {
  int failures = 0;
  if (g_data_word != 0x12345678) ++failures;
  if (g_constructed != 42) ++failures;
  volatile float x = 1.5f;  // volatile: the multiply must run, as an FP instruction when hard-float
  if (x * 2.0f != 3.0f) ++failures;
  return failures;
}
