/* tinyc runtime — softmax_s8: TFLite's integer softmax, int8 in, int8 out
 * (scale 1/256, zero point -128), along one axis.
 *
 * Per row: the maximum; for every entry within diff_min of it ("live"),
 * exp((x - max) * beta * s_in) in fixed point; the sum of those exps; its
 * reciprocal by Newton-Raphson; each output = exp * reciprocal, rescaled to
 * 1/256 steps. Dead entries output -128 and are never rescaled (their
 * difference times 2^input_shift would not fit in int32). The exps are
 * computed twice, once for the sum and once for the outputs, as TFLite's
 * reference does, so the kernel needs no scratch. */
#include <stdint.h>

#include "tinyc_rt/fixedpoint.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

/* The row's difference to its maximum, in Q5.26 (beta * s_in applied). */
inline int32_t scaled_diff(const SoftmaxParams* p, int32_t diff) {
  // |diff| <= -diff_min keeps diff * 2^input_shift within int32.
  return srdhm((int32_t)((uint32_t)diff << p->input_shift), p->input_mult);
}

}  // namespace

Status softmax_s8(const SoftmaxParams* p, const int8_t* input, int8_t* output) {
  if (!p || !input || !output || p->outer < 1 || p->inner < 1 || p->axis_len < 1) return kArgError;
  // Rows of 512 or more entries could make the sum of exps reach 2^28 and the
  // final shift leave [0, 31] (TFLite aborts there); the compiler rejects them.
  if (p->axis_len > 511 || p->input_shift < 0 || p->input_shift > 31 || p->diff_min > 0) return kArgError;

  const int32_t step = p->inner;
  for (int32_t o = 0; o < p->outer; ++o) {
    for (int32_t i = 0; i < p->inner; ++i) {
      const int8_t* x = input + o * p->axis_len * p->inner + i;
      int8_t* y = output + o * p->axis_len * p->inner + i;

      int32_t max = -128;
      for (int32_t j = 0; j < p->axis_len; ++j) max = x[j * step] > max ? x[j * step] : max;

      int32_t sum = 0;  // Q12.19: at most 511 terms of at most 2^19
      for (int32_t j = 0; j < p->axis_len; ++j) {
        const int32_t diff = x[j * step] - max;
        if (diff >= p->diff_min) sum += rdbpot(exp_on_negative_values_q5_26(scaled_diff(p, diff)), 12);
      }

      // sum = 2^(12 - headroom) * (1 + u), u in [0, 1): reciprocal of (1 + u) in Q0.31.
      const int32_t headroom = count_leading_zeros((uint32_t)sum);
      const int32_t bits_over_unit = 12 - headroom;
      const int32_t u = (int32_t)(((uint32_t)sum << headroom) - 0x80000000u);
      const int32_t reciprocal = one_over_one_plus_x_q0_31(u);
      // sum >= 2^19 (the maximum contributes exp(0)) and < 2^28: shift in [23, 31].
      const int32_t out_shift = bits_over_unit + 31 - 8;

      for (int32_t j = 0; j < p->axis_len; ++j) {
        const int32_t diff = x[j * step] - max;
        int32_t v = -128;
        if (diff >= p->diff_min) {
          const int32_t e = exp_on_negative_values_q5_26(scaled_diff(p, diff));
          v = clamp_s32(rdbpot(srdhm(reciprocal, e), out_shift) - 128, -128, 127);
        }
        y[j * step] = (int8_t)v;
      }
    }
  }
  return kOk;
}

}  // namespace tinyc_rt
