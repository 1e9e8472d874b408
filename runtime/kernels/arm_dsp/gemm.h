/* tinyc runtime (arm_dsp, internal) — the int16 x int16 multiply-accumulate
 * blocks under the convolution and fully connected kernels.
 *
 * Both operands are int16 pairs already in SMLAD lane order (dsp_pack.h), so
 * an inner step is loads and SMLADs only:
 *   gemm_2x2: two output pixels x two output channels, per group of 4 taps
 *             one LDM (both pixels' columns, 4 words), two LDRD (the two
 *             channels' weights) and 8 SMLAD: 11 instructions for 16 MACs,
 *             plus the loop's SUBS/BNE once per 8 taps.
 *   gemm_1x4: one input row x four units (fully connected), per group of 4
 *             taps one LDRD (input) and four LDRD (weights), 8 SMLAD.
 * On a DSP core the loops are inline assembly: GCC neither fuses the pointer
 * increments into the loads nor uses LDM for four registers, and the LDM
 * register list must be in ascending order, hence the fixed r8-r11 for the
 * columns. Elsewhere the C loops give the same sums (the tests run them). */
#ifndef TINYC_RT_ARM_DSP_GEMM_H
#define TINYC_RT_ARM_DSP_GEMM_H

#include <stdint.h>

#include "tinyc_rt/dsp.h"

namespace tinyc_rt {
namespace arm_dsp {

static inline int32_t word_at(const int16_t* p, int32_t i) {
  int32_t v;
  __builtin_memcpy(&v, p + 2 * i, 4);
  return v;
}

/* acc[0] += A.w0, acc[1] += A.w1, acc[2] += B.w0, acc[3] += B.w1 over `groups` tap
 * groups (even, >= 2: the loop does two per turn). cols: per group A (4 int16), B (4 int16); w: per group channel 0
 * (4 int16), channel 1 (4 int16). Both 4-byte aligned; w is left past the
 * weights read (the next channel pair's). */
static inline void gemm_2x2(const int16_t* cols, const int16_t*& w, int32_t groups, int32_t* acc) {
#if TINYC_RT_HAVE_DSP
  int32_t c00 = acc[0], c01 = acc[1], c10 = acc[2], c11 = acc[3];
  int32_t w0, w1;
  register int32_t a0 __asm__("r8");
  register int32_t a1 __asm__("r9");
  register int32_t b0 __asm__("r10");
  register int32_t b1 __asm__("r11");
  __asm__ volatile(
      "1:\n\t"
      "ldm %[c]!, {r8, r9, r10, r11}\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c00], r8, %[w0], %[c00]\n\t"
      "smlad %[c00], r9, %[w1], %[c00]\n\t"
      "smlad %[c10], r10, %[w0], %[c10]\n\t"
      "smlad %[c10], r11, %[w1], %[c10]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c01], r8, %[w0], %[c01]\n\t"
      "smlad %[c01], r9, %[w1], %[c01]\n\t"
      "smlad %[c11], r10, %[w0], %[c11]\n\t"
      "smlad %[c11], r11, %[w1], %[c11]\n\t"
      "ldm %[c]!, {r8, r9, r10, r11}\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c00], r8, %[w0], %[c00]\n\t"
      "smlad %[c00], r9, %[w1], %[c00]\n\t"
      "smlad %[c10], r10, %[w0], %[c10]\n\t"
      "smlad %[c10], r11, %[w1], %[c10]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c01], r8, %[w0], %[c01]\n\t"
      "smlad %[c01], r9, %[w1], %[c01]\n\t"
      "smlad %[c11], r10, %[w0], %[c11]\n\t"
      "smlad %[c11], r11, %[w1], %[c11]\n\t"
      "subs %[n], %[n], #2\n\t"
      "bne 1b\n\t"
      : [c00] "+r"(c00), [c01] "+r"(c01), [c10] "+r"(c10), [c11] "+r"(c11), [c] "+r"(cols), [w] "+r"(w),
        [n] "+r"(groups), [w0] "=&r"(w0), [w1] "=&r"(w1), "=r"(a0), "=r"(a1), "=r"(b0), "=r"(b1)
      :
      : "cc", "memory");
  acc[0] = c00;
  acc[1] = c01;
  acc[2] = c10;
  acc[3] = c11;
#else
  for (int32_t g = 0; g < groups; ++g, cols += 8, w += 8) {
    for (int32_t h = 0; h < 2; ++h) {
      const int32_t a = word_at(cols, h), b = word_at(cols, 2 + h);
      const int32_t x = word_at(w, h), y = word_at(w, 2 + h);
      acc[0] = dsp::smlad(a, x, acc[0]);
      acc[1] = dsp::smlad(a, y, acc[1]);
      acc[2] = dsp::smlad(b, x, acc[2]);
      acc[3] = dsp::smlad(b, y, acc[3]);
    }
  }
#endif
}

/* acc[u] += x . w_u for four units over `groups` tap groups (even, >= 2). x: 4 int16 per
 * group; w: per group 4 int16 of each unit. Both 4-byte aligned. */
static inline void gemm_1x4(const int16_t* x, const int16_t* w, int32_t groups, int32_t* acc) {
#if TINYC_RT_HAVE_DSP
  int32_t c0 = acc[0], c1 = acc[1], c2 = acc[2], c3 = acc[3];
  int32_t x0, x1, w0, w1;
  __asm__ volatile(
      "1:\n\t"
      "ldrd %[x0], %[x1], [%[x]], #8\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c0], %[x0], %[w0], %[c0]\n\t"
      "smlad %[c0], %[x1], %[w1], %[c0]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c1], %[x0], %[w0], %[c1]\n\t"
      "smlad %[c1], %[x1], %[w1], %[c1]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c2], %[x0], %[w0], %[c2]\n\t"
      "smlad %[c2], %[x1], %[w1], %[c2]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c3], %[x0], %[w0], %[c3]\n\t"
      "smlad %[c3], %[x1], %[w1], %[c3]\n\t"
      "ldrd %[x0], %[x1], [%[x]], #8\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c0], %[x0], %[w0], %[c0]\n\t"
      "smlad %[c0], %[x1], %[w1], %[c0]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c1], %[x0], %[w0], %[c1]\n\t"
      "smlad %[c1], %[x1], %[w1], %[c1]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c2], %[x0], %[w0], %[c2]\n\t"
      "smlad %[c2], %[x1], %[w1], %[c2]\n\t"
      "ldrd %[w0], %[w1], [%[w]], #8\n\t"
      "smlad %[c3], %[x0], %[w0], %[c3]\n\t"
      "smlad %[c3], %[x1], %[w1], %[c3]\n\t"
      "subs %[n], %[n], #2\n\t"
      "bne 1b\n\t"
      : [c0] "+r"(c0), [c1] "+r"(c1), [c2] "+r"(c2), [c3] "+r"(c3), [x] "+r"(x), [w] "+r"(w), [n] "+r"(groups),
        [x0] "=&r"(x0), [x1] "=&r"(x1), [w0] "=&r"(w0), [w1] "=&r"(w1)
      :
      : "cc", "memory");
  acc[0] = c0;
  acc[1] = c1;
  acc[2] = c2;
  acc[3] = c3;
#else
  for (int32_t g = 0; g < groups; ++g, x += 4, w += 16) {
    for (int32_t h = 0; h < 2; ++h) {
      const int32_t v = word_at(x, h);
      for (int32_t u = 0; u < 4; ++u) acc[u] = dsp::smlad(v, word_at(w + 4 * u, h), acc[u]);
    }
  }
#endif
}

}  // namespace arm_dsp
}  // namespace tinyc_rt

#endif /* TINYC_RT_ARM_DSP_GEMM_H */
