/* tinyc runtime — leaky_relu_s8: TFLite's int8 LEAKY_RELU, and PRELU with one
 * slope per channel.
 *
 * Non-negative offset inputs are rescaled by the identity multiplier
 * (s_in / s_out), negative ones by alpha's (s_in * |alpha| / s_out); a negative
 * alpha is applied by negating the offset input, so every multiplier stays
 * positive. The channel of element i is (i / inner) % channels: the loop keeps
 * two counters instead of dividing per element. */
#include <stdint.h>

#include "param_checks.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {

Status leaky_relu_s8(const LeakyParams* p, const int32_t* alpha_mult, const int32_t* alpha_shift,
                     const uint8_t* alpha_negative, const int8_t* input, int8_t* output, int32_t count) {
  if (!p || !alpha_mult || !alpha_shift || !alpha_negative || count < 0 || (count > 0 && (!input || !output)))
    return kArgError;
  if (p->channels < 1 || p->inner < 1 || !portable::shift_ok(p->id_shift) || !portable::shifts_ok(alpha_shift, p->channels))
    return kArgError;

  int32_t c = 0;       // channel of element i
  int32_t in_run = 0;  // position of element i within its run of `inner` elements
  for (int32_t i = 0; i < count; ++i) {
    const int32_t d = input[i] + p->in_offset;
    int32_t v;
    if (d >= 0) {
      v = requantize(d, p->id_mult, p->id_shift);
    } else {
      v = requantize(alpha_negative[c] ? -d : d, alpha_mult[c], alpha_shift[c]);
    }
    output[i] = (int8_t)clamp_s32(v + p->out_offset, -128, 127);
    if (++in_run == p->inner) {
      in_run = 0;
      if (++c == p->channels) c = 0;
    }
  }
  return kOk;
}

}  // namespace tinyc_rt
