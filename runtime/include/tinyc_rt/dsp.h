/* tinyc runtime — the Armv7E-M DSP instructions the arm_dsp kernels use, each
 * with a portable C fallback of exactly the same result.
 *
 * On a core with the DSP extension (__ARM_FEATURE_DSP: Cortex-M4/M7) every
 * function is one instruction, written as inline assembly because GCC 12's
 * <arm_acle.h> lacks the rotated SXTB16 forms (and the runtime includes only
 * <stdint.h>, <stddef.h>, <string.h>). Elsewhere (the host tests, Cortex-M0+)
 * the fallbacks compute the same values lane by lane, so the arm_dsp kernels
 * compile and give bit-identical results everywhere; only their speed needs
 * the extension.
 *
 * Lanes: a 32-bit word seen as two int16 halves, lo = bits 0..15, hi = 16..31;
 * or as four int8 bytes b0 (bits 0..7) .. b3. */
#ifndef TINYC_RT_DSP_H
#define TINYC_RT_DSP_H

#include <stdint.h>
#include <string.h>

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#define TINYC_RT_HAVE_DSP 1
#else
#define TINYC_RT_HAVE_DSP 0
#endif

namespace tinyc_rt {
namespace dsp {

/* Four bytes as one word, from any address (unaligned LDR is fine on M4/M7;
 * __builtin_memcpy stays inline even under -ffreestanding). */
static inline int32_t load_s8x4(const int8_t* p) {
  int32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}
static inline void store_word(void* p, int32_t v) { __builtin_memcpy(p, &v, 4); }

static inline int32_t lo16(int32_t x) { return (int16_t)(x & 0xFFFF); }
static inline int32_t hi16(int32_t x) { return (int16_t)((uint32_t)x >> 16); }
static inline int32_t pack16(int32_t lo, int32_t hi) {
  return (int32_t)(((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16));
}
static inline int32_t byte_s8(int32_t x, int n) { return (int8_t)(((uint32_t)x >> (8 * n)) & 0xFF); }

#if TINYC_RT_HAVE_DSP

/* acc + lo(a)*lo(b) + hi(a)*hi(b) (wraps modulo 2^32, like the int32 sums it replaces) */
static inline int32_t smlad(int32_t a, int32_t b, int32_t acc) {
  int32_t r;
  __asm__("smlad %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
/* (b0, b2) sign-extended to int16 lanes */
static inline int32_t sxtb16(int32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1" : "=r"(r) : "r"(x));
  return r;
}
/* (b1, b3) sign-extended: the fused rotate saves the separate ROR */
static inline int32_t sxtb16_ror8(int32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
/* acc + (b0, b2) lane-wise (no carry between lanes) */
static inline int32_t sxtab16(int32_t acc, int32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2" : "=r"(r) : "r"(acc), "r"(x));
  return r;
}
/* acc + (b1, b3) lane-wise */
static inline int32_t sxtab16_ror8(int32_t acc, int32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(acc), "r"(x));
  return r;
}
/* (lo(a), lo(b)): lo half of a, lo half of b shifted up */
static inline int32_t pkhbt16(int32_t a, int32_t b) {
  int32_t r;
  __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
/* (hi(a), hi(b)): hi half of a moved down, hi half of b */
static inline int32_t pkhtb16(int32_t b, int32_t a) {
  int32_t r;
  __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(b), "r"(a));
  return r;
}
/* acc + lo(a)*lo(b) and acc + hi(a)*lo(b) (one int16 product each) */
static inline int32_t smlabb(int32_t a, int32_t b, int32_t acc) {
  int32_t r;
  __asm__("smlabb %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
static inline int32_t smlatb(int32_t a, int32_t b, int32_t acc) {
  int32_t r;
  __asm__("smlatb %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
/* acc + ((a * b + 2^31) >> 32): the rounded high word of the 64-bit product */
static inline int32_t smmlar(int32_t a, int32_t b, int32_t acc) {
  int32_t r;
  __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
/* clamp to [-128, 127] */
static inline int32_t ssat8(int32_t x) {
  int32_t r;
  __asm__("ssat %0, #8, %1" : "=r"(r) : "r"(x));
  return r;
}
/* lane-wise signed byte maximum: SSUB8 sets the GE flags that SEL reads
 * (both in one asm statement, so nothing can clobber the flags between). */
static inline int32_t max_s8x4(int32_t a, int32_t b) {
  int32_t r, t;
  __asm__("ssub8 %1, %2, %3\n\tsel %0, %2, %3" : "=r"(r), "=&r"(t) : "r"(a), "r"(b) : "cc");
  return r;
}

/* lane-wise signed byte minimum */
static inline int32_t min_s8x4(int32_t a, int32_t b) {
  int32_t r, t;
  __asm__("ssub8 %1, %2, %3\n\tsel %0, %3, %2" : "=r"(r), "=&r"(t) : "r"(a), "r"(b) : "cc");
  return r;
}

#else  /* portable fallbacks: the same values, lane by lane */

static inline int32_t smlad(int32_t a, int32_t b, int32_t acc) {
  const uint32_t s = (uint32_t)(lo16(a) * lo16(b)) + (uint32_t)(hi16(a) * hi16(b));
  return (int32_t)((uint32_t)acc + s);
}
static inline int32_t sxtb16(int32_t x) { return pack16(byte_s8(x, 0), byte_s8(x, 2)); }
static inline int32_t sxtb16_ror8(int32_t x) { return pack16(byte_s8(x, 1), byte_s8(x, 3)); }
static inline int32_t sxtab16(int32_t acc, int32_t x) {
  return pack16(lo16(acc) + byte_s8(x, 0), hi16(acc) + byte_s8(x, 2));
}
static inline int32_t sxtab16_ror8(int32_t acc, int32_t x) {
  return pack16(lo16(acc) + byte_s8(x, 1), hi16(acc) + byte_s8(x, 3));
}
static inline int32_t pkhbt16(int32_t a, int32_t b) { return pack16(lo16(a), lo16(b)); }
static inline int32_t pkhtb16(int32_t b, int32_t a) { return pack16(hi16(a), hi16(b)); }
static inline int32_t smlabb(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(lo16(a) * lo16(b)));
}
static inline int32_t smlatb(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(hi16(a) * lo16(b)));
}
static inline int32_t smmlar(int32_t a, int32_t b, int32_t acc) {
  const int64_t p = (int64_t)a * (int64_t)b + ((int64_t)1 << 31);
  /* p >> 32 is an arithmetic shift of a signed value: floor, as SMMLAR. */
  return (int32_t)((uint32_t)acc + (uint32_t)(int32_t)(p >> 32));
}
static inline int32_t ssat8(int32_t x) { return x < -128 ? -128 : (x > 127 ? 127 : x); }
static inline int32_t max_s8x4(int32_t a, int32_t b) {
  uint32_t r = 0;
  for (int n = 0; n < 4; ++n) {
    const int32_t x = byte_s8(a, n), y = byte_s8(b, n);
    r |= (uint32_t)((x > y ? x : y) & 0xFF) << (8 * n);
  }
  return (int32_t)r;
}
static inline int32_t min_s8x4(int32_t a, int32_t b) {
  uint32_t r = 0;
  for (int n = 0; n < 4; ++n) {
    const int32_t x = byte_s8(a, n), y = byte_s8(b, n);
    r |= (uint32_t)((x < y ? x : y) & 0xFF) << (8 * n);
  }
  return (int32_t)r;
}

#endif

}  // namespace dsp
}  // namespace tinyc_rt

#endif /* TINYC_RT_DSP_H */
