// Stand-in model for testing the instruction counter: a marked region written
// in assembly, so the count of every part is known by construction.
// Build with -DTINYC_MARK_SELFTEST=0 (the region places its own BEGIN/END) and
// -DLOOP_N=<iterations of op 0's first loop, 1..65535>.
//
//   dbg #1                                  BEGIN
//   movw r0,#5 ; 1: subs ; bne 1b           other: 1 + 2*5 = 11
//   dbg #3 ; movw ip,#0                     op 0 (marker payload: 1)
//   movw r0,#LOOP_N ; 2: subs ; bne 2b      op 0: 1 + 2*LOOP_N
//   dbg #3 ; movw ip,#57005                 op 57005 = 0xDEAD (every immediate field set)
//   movw r0,#50 ; 3: subs ; bne 3b ; b 9f   op 57005: 1 + 2*50 + 1 = 102
//   (padding up to 4 bytes before a 4 KB boundary; skipped by the branch)
//   9: dbg #3 | movw ip,#0                  op 0 again; the pair straddles the
//                                           boundary, so QEMU translates the two
//                                           halves in different blocks
//   movw r0,#10 ; 4: subs ; bne 4b ; b 8f   op 0: 1 + 2*10 + 1 = 22
//   (padding up to 6 bytes before the next 4 KB boundary; skipped)
//   8: dbg #2 ; nop                         END, 6 bytes before the boundary,
//                                           then a 16-bit instruction: QEMU
//                                           reports the marker as 6 bytes
//                                           (it peeks at the next halfword)
//
// Expected: op 0 = 2*LOOP_N + 23 over 2 entries, op 57005 = 102 over 1 entry,
// other = 11, markers = 3, total = 2*LOOP_N + 139.
// The self-test returns 0: the counts are checked by the host.
#ifndef LOOP_N
#define LOOP_N 1000
#endif

extern "C" int loop_selftest(void);

int loop_selftest(void) {
  __asm__ volatile(
      "dbg #1\n\t"
      "movw r0, #5\n"
      "1:\n\t"
      "subs r0, r0, #1\n\t"
      "bne 1b\n\t"
      "dbg #3\n\t"
      "movw ip, #0\n\t"
      "movw r0, %[n]\n"
      "2:\n\t"
      "subs r0, r0, #1\n\t"
      "bne 2b\n\t"
      "dbg #3\n\t"
      "movw ip, #57005\n\t"
      "movw r0, #50\n"
      "3:\n\t"
      "subs r0, r0, #1\n\t"
      "bne 3b\n\t"
      "b.w 9f\n\t"
      ".balign 4096\n\t"
      ".space 4092\n"
      "9:\n\t"
      "dbg #3\n\t"
      "movw ip, #0\n\t"
      "movw r0, #10\n"
      "4:\n\t"
      "subs r0, r0, #1\n\t"
      "bne 4b\n\t"
      "b.w 8f\n\t"
      ".balign 4096\n\t"
      ".space 4090\n"
      "8:\n\t"
      "dbg #2\n\t"
      "nop\n\t"
      :
      : [n] "i"(LOOP_N)
      : "r0", "ip", "cc", "memory");
  return 0;
}
