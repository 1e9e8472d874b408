/* tinyc runtime — the fixed-point functions of TFLite's int8 softmax
 * (gemmlowp's exp on negative values and 1/(1+x)), freestanding C++11.
 *
 * Formats: Qm.n is an int32 with m integer and n fractional bits (Q0.31 is
 * [-1, 1), Q5.26 is [-32, 32)). The steps follow docs/quantization.md and
 * TFLite exactly, including where they wrap modulo 2^32: those additions go
 * through uint32 so C++ never sees signed overflow. An implementation of its
 * own, compared in tests with the compiler's (src/quant_math). */
#ifndef TINYC_RT_FIXEDPOINT_H
#define TINYC_RT_FIXEDPOINT_H

#include <stdint.h>

#include "tinyc_rt/requant.h"

namespace tinyc_rt {

static inline int32_t add_wrap(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t sub_wrap(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }

/* x * 2^k saturated to int32 (0 < k < 31). */
static inline int32_t saturating_shl(int32_t x, int32_t k) {
  const int32_t limit = (int32_t)(((uint32_t)1 << (31 - k)) - 1u);
  if (x > limit) return INT32_MAX;
  if (x < -limit) return INT32_MIN;
  return (int32_t)((uint32_t)x << k);
}

/* Leading zero bits of v (32 for 0), by binary search: Cortex-M0+ has no CLZ
 * instruction, and __builtin_clz would become a libgcc call there. */
static inline int32_t count_leading_zeros(uint32_t v) {
  if (v == 0) return 32;
  int32_t n = 0;
  if ((v & 0xFFFF0000u) == 0) { n += 16; v <<= 16; }
  if ((v & 0xFF000000u) == 0) { n += 8; v <<= 8; }
  if ((v & 0xF0000000u) == 0) { n += 4; v <<= 4; }
  if ((v & 0xC0000000u) == 0) { n += 2; v <<= 2; }
  if ((v & 0x80000000u) == 0) n += 1;
  return n;
}

/* exp(v) for v in [-1/4, 0), Q0.31 in and out: Taylor series around -1/8. */
static inline int32_t exp_on_interval_quarter(int32_t v) {
  const int32_t exp_minus_one_eighth = 1895147668;  // exp(-1/8), Q0.31
  const int32_t one_third = 715827883;              // 1/3, Q0.31
  const int32_t x = add_wrap(v, 1 << 28);           // v + 1/8
  const int32_t x2 = srdhm(x, x);
  const int32_t x3 = srdhm(x2, x);
  const int32_t x4 = srdhm(x2, x2);
  const int32_t x4_over_4 = rdbpot(x4, 2);
  // (x^4/4 + x^3) / 3 + x^2, halved: x^2/2 + x^3/6 + x^4/24
  const int32_t poly = rdbpot(add_wrap(srdhm(add_wrap(x4_over_4, x3), one_third), x2), 1);
  return add_wrap(exp_minus_one_eighth, srdhm(exp_minus_one_eighth, add_wrap(x, poly)));
}

/* exp(a) for a <= 0 in Q5.26, result Q0.31. a is split into a remainder in
 * [-1/4, 0), done by the series, and whole multiples of 1/4, each set bit of
 * which multiplies by a constant exp(-2^(b-26)). */
static inline int32_t exp_on_negative_values_q5_26(int32_t a) {
  const int32_t quarter = 1 << 24;  // 1/4 in Q5.26
  const int32_t r = sub_wrap(a & (quarter - 1), quarter);
  int32_t y = exp_on_interval_quarter(saturating_shl(r, 5));  // Q5.26 -> Q0.31, exact
  const int32_t rem = sub_wrap(r, a);
  if (rem & (1 << 24)) y = srdhm(y, 1672461947);  // exp(-1/4)
  if (rem & (1 << 25)) y = srdhm(y, 1302514674);  // exp(-1/2)
  if (rem & (1 << 26)) y = srdhm(y, 790015084);   // exp(-1)
  if (rem & (1 << 27)) y = srdhm(y, 290630308);   // exp(-2)
  if (rem & (1 << 28)) y = srdhm(y, 39332535);    // exp(-4)
  if (rem & (1 << 29)) y = srdhm(y, 720401);      // exp(-8)
  if (rem & (1 << 30)) y = srdhm(y, 242);         // exp(-16)
  return a == 0 ? INT32_MAX : y;
}

/* 1 / (1 + u) for u in [0, 1), Q0.31 in and out: Newton-Raphson on
 * d = (1 + u) / 2 in Q2.29, from the start value 48/17 - 32/17 * d. */
static inline int32_t one_over_one_plus_x_q0_31(int32_t u) {
  const int32_t half_denominator = (int32_t)(((int64_t)u + (int64_t)INT32_MAX + 1) >> 1);
  const int32_t c48_17 = 1515870810;      // 48/17, Q2.29
  const int32_t cneg32_17 = -1010580540;  // -32/17, Q2.29
  int32_t x = add_wrap(c48_17, srdhm(half_denominator, cneg32_17));
  for (int32_t i = 0; i < 3; ++i) {
    const int32_t p = srdhm(half_denominator, x);  // d * x, ideally 1
    x = add_wrap(x, saturating_shl(srdhm(x, sub_wrap(1 << 29, p)), 2));
  }
  return saturating_shl(x, 1);  // x ~ 2/(1+u) in Q2.29 = 1/(1+u) in Q1.30 -> Q0.31
}

}  // namespace tinyc_rt

#endif /* TINYC_RT_FIXEDPOINT_H */
