/* Region markers for tinyc's instruction counter (benchmarks/qemu_plugin).
 *
 * The counter is a QEMU TCG plugin; it counts the guest instructions executed
 * between the markers. The markers are DBG hints, which a Cortex-M3/M4/M7
 * executes as a no-op, so a marked image runs unchanged on hardware and in a
 * plain QEMU run.
 *
 *   TINYC_MARK_BEGIN()   dbg #1              start counting (resets the op table)
 *   TINYC_MARK_END()     dbg #2              stop; the plugin prints the counts
 *   TINYC_MARK_OP(i)     dbg #3              the instructions from here to the
 *                        movw ip, #i         next marker belong to op i
 *
 * The op index travels in the immediate of `movw ip, #i` right after `dbg #3`:
 * the plugin reads it from the instruction bytes when QEMU translates the code
 * (QEMU 7.2's plugin API cannot read registers at run time). So i must be a
 * compile-time constant in 0..65535; ip (r12) is declared clobbered, which
 * costs nothing at a call boundary, where ip is scratch anyway.
 *
 * Counts exclude the dbg markers themselves but include the one `movw` per op
 * marker: the plugin reports it apart (the "markers" line) rather than in any
 * op. Ops may repeat or be skipped: each op index accumulates its own total.
 *
 * Each marker is a compiler barrier ("memory" clobber), so calls and memory
 * accesses are not moved across it; register-only arithmetic still may be.
 *
 * Armv6-M (Cortex-M0+) has neither DBG nor MOVW: there the markers expand to
 * nothing (its images are built, not counted).
 */
#ifndef TINYC_MARKERS_H
#define TINYC_MARKERS_H

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
#define TINYC_MARK_BEGIN() __asm__ volatile("dbg #1" ::: "memory")
#define TINYC_MARK_END() __asm__ volatile("dbg #2" ::: "memory")
#define TINYC_MARK_OP(i) __asm__ volatile("dbg #3\n\tmovw ip, %0" ::"i"(i) : "ip", "memory")
#else
#define TINYC_MARK_BEGIN() ((void)0)
#define TINYC_MARK_END() ((void)0)
#define TINYC_MARK_OP(i) ((void)0)
#endif

#endif
