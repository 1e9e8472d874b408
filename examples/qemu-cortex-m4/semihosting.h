/* Minimal Arm semihosting: print a string and end the program with an exit
 * code. This is all the template needs to report a self-test result from an
 * emulator (QEMU) or a debug probe, with no heap and no newlib stdio.
 *
 * A semihosting call is `bkpt 0xAB` with the operation in r0 and a pointer to
 * its arguments in r1. Without a debugger or an emulator listening, the
 * breakpoint halts (or faults) the core: do not leave these calls in
 * production firmware that runs untethered.
 *
 * C99, usable from C++ (the startup and fault code are C, main.cpp is C++).
 */
#ifndef TINYC_EXAMPLE_SEMIHOSTING_H
#define TINYC_EXAMPLE_SEMIHOSTING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes the template reports to the host (QEMU's own exit code). */
enum FirmwareExitCode {
  kExitPass = 0,      /* self-test: 0 mismatching bytes */
  kExitMismatch = 1,  /* self-test: some bytes differ from the reference */
  kExitFault = 250    /* a fault or unexpected exception; far from the codes
                         shells (126, 127, 128+signal) and `timeout` (124) use */
};

/* Prints a NUL-terminated string (SYS_WRITE0). */
void semihost_write0(const char* text);

/* Prints `value` in decimal / as 0x-prefixed 8-digit hex (no stdio). */
void semihost_write_dec(uint32_t value);
void semihost_write_hex(uint32_t value);

/* Ends the program; the host sees `code` (mod 256) as QEMU's exit code
 * (SYS_EXIT_EXTENDED: plain SYS_EXIT only reports 0 or 1 on 32-bit Arm). */
void semihost_exit(int code) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif
