/* Startup for Cortex-M (Armv6-M and Armv7E-M): the vector table and the reset
 * handler. The reset handler enables the FPU (when the code is built to use
 * it), copies .data from flash to RAM, zeroes .bss, runs the static
 * constructors and calls main(); main's return value becomes the exit code.
 *
 * Written in C rather than C++ because ISO C++ forbids calling main().
 * The symbols it uses come from image.ld.
 */
#include <stdint.h>

#include "semihosting.h"

/* Linker-script symbols: only their addresses mean anything. */
extern uint32_t _estack;                     /* initial stack pointer: top of RAM */
extern uint32_t _sidata, _sdata, _edata;     /* .data: load address, start, end */
extern uint32_t _sbss, _ebss;                /* .bss: start, end */
typedef void (*InitFn)(void);
extern InitFn __preinit_array_start[], __preinit_array_end[];
extern InitFn __init_array_start[], __init_array_end[];

int main(void);
void Reset_Handler(void);
/* Every exception the self-test does not expect goes to Default_Handler, which
 * hands the stacked register frame to fault_report() (faults.c): it prints the
 * exception and the fault status registers, then exits with kExitFault. */
void Default_Handler(void);
void fault_report(const uint32_t* frame, uint32_t exc_return) __attribute__((noreturn));

/* Weak, so firmware can define its own handler under the same name. */
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

/* The 16 system entries of the table. Device interrupts (IRQ0...) would follow;
 * the self-test enables none, so none are listed. Entries 7-10 and 13 are
 * reserved. Armv6-M has no MemManage/BusFault/UsageFault/DebugMon: the
 * entries are harmless there (never taken). */
typedef struct {
  const void* initial_sp;
  void (*handlers[15])(void);
} VectorTable;

__attribute__((section(".isr_vector"), used)) const VectorTable g_vector_table = {
    &_estack,
    {Reset_Handler, NMI_Handler, HardFault_Handler, MemManage_Handler, BusFault_Handler,
     UsageFault_Handler, 0, 0, 0, 0, SVC_Handler, DebugMon_Handler, 0, PendSV_Handler,
     SysTick_Handler}};

/* Naked: no prologue may touch the stack or LR before we read them. LR holds
 * EXC_RETURN; its bit 2 says whether the frame was pushed on MSP or PSP.
 * Thumb-1 instructions only, so the same code serves Armv6-M; the jump goes
 * through a register because a Thumb-1 `b` reaches only +-2 KB. */
__attribute__((naked)) void Default_Handler(void) {
  __asm__ volatile(
      "movs r0, #4\n\t"
      "mov  r1, lr\n\t"
      "tst  r0, r1\n\t"
      "beq  1f\n\t"
      "mrs  r0, psp\n\t"
      "b    2f\n"
      "1:\n\t"
      "mrs  r0, msp\n"
      "2:\n\t"
      "ldr  r2, =fault_report\n\t"
      "bx   r2\n\t"
      ".ltorg\n");
}

static void enable_fpu(void) {
#if defined(__ARM_FP)
  /* CPACR (0xE000ED88) bits 20-23: full access to coprocessors 10 and 11 (the
   * FPU). Any FP instruction before this raises a NOCP UsageFault, so this runs
   * before anything compiled with -mfloat-abi=hard/softfp could touch the FPU. */
  volatile uint32_t* const cpacr = (volatile uint32_t*)0xE000ED88u;
  *cpacr |= 0xFu << 20;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
}

void Reset_Handler(void) {
  uint32_t* src;
  uint32_t* dst;
  InitFn* fn;

  enable_fpu();
  for (src = &_sidata, dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  for (fn = __preinit_array_start; fn < __preinit_array_end; ++fn) (*fn)();
  for (fn = __init_array_start; fn < __init_array_end; ++fn) (*fn)();

  semihost_exit(main());
}
