/* tinyc runtime (arm_dsp, internal) — requantization of one accumulator with
 * the per-channel constants the compiler prepared (DspChannel, kernels.h):
 *
 *   h   = SMMLAR(acc, mult, acc)        = srdhm(acc, M)        1 instruction
 *   out = (h + round - (h < 0)) >> R    = rdbpot(h, R) + zp    3 instructions
 *
 * SMMLAR adds the rounded high word of acc * (2M - 2^32), i.e. of
 * acc * 2M - acc * 2^32, to acc: that is floor((acc*M + 2^30) / 2^31), TFLite's
 * SRDHM, for any int32 acc (M in [2^30, 2^31), so no saturation case). The
 * rounding divide rounds half away from zero: adding 2^(R-1) - 1 for negative h
 * and 2^(R-1) otherwise before the arithmetic shift; the output zero point
 * rides along as zp << R, exact because it is a multiple of 2^R. The compiler
 * checks R >= 1 and that h + round cannot overflow. */
#ifndef TINYC_RT_ARM_DSP_EPILOGUE_H
#define TINYC_RT_ARM_DSP_EPILOGUE_H

#include <stdint.h>

#include "tinyc_rt/dsp.h"
#include "tinyc_rt/kernels.h"

namespace tinyc_rt {
namespace arm_dsp {

static inline int32_t requant_dsp(int32_t acc, const DspChannel* c) {
  const int32_t h = dsp::smmlar(acc, c->mult, acc);
  const int32_t t = (int32_t)((uint32_t)h + (uint32_t)c->round - ((uint32_t)h >> 31));
  return t >> c->shift;
}

/* The clamp after requantization: SSAT to int8, then the activation bounds
 * (a no-op pair of compares when they are the whole int8 range). */
struct Clamp {
  int32_t lo, hi;
  int8_t operator()(int32_t v) const {
    v = dsp::ssat8(v);
    v = v < lo ? lo : v;
    return (int8_t)(v > hi ? hi : v);
  }
};

static inline bool clamp_ok(int32_t lo, int32_t hi) { return lo >= -128 && hi <= 127 && lo <= hi; }

/* The convolution geometry both conv2d.cpp and dwconv2d.cpp check: an inline
 * function with external linkage, so the linker keeps one copy. */
inline bool conv_geometry_ok(const ConvParams* p) {
  return p->batch > 0 && p->in_c > 0 && p->out_c > 0 && p->in_h > 0 && p->in_w > 0 && p->out_h > 0 &&
         p->out_w > 0 && p->k_h > 0 && p->k_w > 0 && p->stride_h > 0 && p->stride_w > 0 && p->dil_h > 0 &&
         p->dil_w > 0 && p->pad_top >= 0 && p->pad_left >= 0 && clamp_ok(p->act_min, p->act_max);
}

static inline bool channels_ok(const DspChannel* ch, int32_t n) {
  // Branch-free (a fully connected layer checks one channel per output, so
  // this is a per-output cost): every shift below 32 and none of them 0 or
  // negative, i.e. all in 1..31.
  // (0 - s) has its top bit set exactly when s > 0 (s = INT_MIN aside,
  // which any_bits rejects). Four channels a turn.
  uint32_t any_bits = 0, positive = 0x80000000u;
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const uint32_t s0 = (uint32_t)ch[i].shift, s1 = (uint32_t)ch[i + 1].shift;
    const uint32_t s2 = (uint32_t)ch[i + 2].shift, s3 = (uint32_t)ch[i + 3].shift;
    any_bits |= s0 | s1 | s2 | s3;
    positive &= (0u - s0) & (0u - s1) & (0u - s2) & (0u - s3);
  }
  for (; i < n; ++i) {
    any_bits |= (uint32_t)ch[i].shift;
    positive &= 0u - (uint32_t)ch[i].shift;
  }
  return any_bits < 32u && (positive >> 31) != 0;
}

}  // namespace arm_dsp
}  // namespace tinyc_rt

#endif /* TINYC_RT_ARM_DSP_EPILOGUE_H */
