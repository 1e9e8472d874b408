/* tinyc runtime — requantization arithmetic on the device.
 *
 * The integer primitives of the int8 spec (docs/quantization.md), written for
 * freestanding C++11: only <stdint.h>, no floating point, no division in the
 * hot path. This is an implementation of its own: the compiler's reference
 * (src/quant_math) is the other one, and the tests compare them.
 *
 *  tinyc_srdhm(a, b)   saturating rounding doubling high multiply:
 *                      (a*b + 2^30) >> 31, INT32_MIN*INT32_MIN -> INT32_MAX
 *  tinyc_rdbpot(x, e)  rounding divide by 2^e (0 <= e <= 31), ties away from zero
 *  tinyc_requantize(x, m, s)
 *                      x * m * 2^(s-31) with TFLite's double rounding:
 *                      rdbpot(srdhm(x << max(s,0), m), max(-s,0))
 */
#ifndef TINYC_RT_REQUANT_H
#define TINYC_RT_REQUANT_H

#include <stdint.h>

namespace tinyc_rt {

static inline int32_t srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t p = (int64_t)a * (int64_t)b;
  /* An arithmetic right shift of a signed value: floor division, which is
   * what makes ties round toward +infinity. */
  return (int32_t)((p + ((int64_t)1 << 30)) >> 31);
}

static inline int32_t rdbpot(int32_t x, int32_t e) {
  /* A 32-bit shift (e <= 31): a 64-bit one is a libgcc call on Cortex-M0+. */
  const int32_t mask = (int32_t)((1u << e) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> e) + (remainder > threshold ? 1 : 0);
}

static inline int32_t requantize(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  return rdbpot(srdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

static inline int32_t clamp_s32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

}  // namespace tinyc_rt

#endif /* TINYC_RT_REQUANT_H */
