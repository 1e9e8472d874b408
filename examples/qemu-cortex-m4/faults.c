/* Reports an unexpected exception and ends the program with kExitFault, so a
 * crash in CI reads as a one-line diagnosis instead of a hang or a lockup:
 *
 *   FAULT: exception 3 (HardFault) pc=0x000001f4 lr=0x00000161 CFSR=0x00008200 HFSR=0x40000000 BFAR=0xf0000000
 *
 * pc is the instruction that faulted (or was about to run, for an interrupt).
 * CFSR/HFSR/BFAR/MMFAR exist on Armv7-M only; Armv6-M (Cortex-M0+) prints the
 * exception number and registers alone. Decode CFSR with the Armv7-M ARM
 * (B3.2.15): bit 0 IACCVIOL, 1 DACCVIOL, 7 MMARVALID, 8 IBUSERR, 9 PRECISERR,
 * 15 BFARVALID, 16 UNDEFINSTR, 17 INVSTATE, 18 INVPC, 19 NOCP, 24 UNALIGNED,
 * 25 DIVBYZERO.
 */
#include <stdint.h>

#include "semihosting.h"

/* Called (tail-jumped) from Default_Handler in startup.c. */
void fault_report(const uint32_t* frame, uint32_t exc_return) __attribute__((noreturn));

static const char* exception_name(uint32_t number) {
  switch (number) {
    case 2: return "NMI";
    case 3: return "HardFault";
    case 4: return "MemManage";
    case 5: return "BusFault";
    case 6: return "UsageFault";
    case 11: return "SVCall";
    case 12: return "DebugMonitor";
    case 14: return "PendSV";
    case 15: return "SysTick";
    default: return number >= 16 ? "IRQ" : "reserved";
  }
}

static void print_reg(const char* label, uint32_t value) {
  semihost_write0(label);
  semihost_write_hex(value);
}

void fault_report(const uint32_t* frame, uint32_t exc_return) {
  /* The hardware pushed r0, r1, r2, r3, r12, lr, pc, xPSR. */
  enum { kStackedLr = 5, kStackedPc = 6 };
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr &= 0x1FFu;

  semihost_write0("FAULT: exception ");
  semihost_write_dec(ipsr);
  semihost_write0(" (");
  semihost_write0(exception_name(ipsr));
  semihost_write0(")");
  print_reg(" pc=", frame[kStackedPc]);
  print_reg(" lr=", frame[kStackedLr]);
  print_reg(" exc_return=", exc_return);
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
  {
    /* System Control Block fault registers (Armv7-M ARM B3.2.2). */
    const uint32_t cfsr = *(volatile const uint32_t*)0xE000ED28u;
    const uint32_t hfsr = *(volatile const uint32_t*)0xE000ED2Cu;
    print_reg(" CFSR=", cfsr);
    print_reg(" HFSR=", hfsr);
    if (cfsr & (1u << 7)) print_reg(" MMFAR=", *(volatile const uint32_t*)0xE000ED34u);
    if (cfsr & (1u << 15)) print_reg(" BFAR=", *(volatile const uint32_t*)0xE000ED38u);
  }
#endif
  semihost_write0("\n");
  semihost_exit(kExitFault);
}
