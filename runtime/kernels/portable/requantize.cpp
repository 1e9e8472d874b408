/* tinyc runtime — requantize_s8: move int8 data to new quantization
 * parameters, then clamp (a DequantizeLinear -> QuantizeLinear pair, a
 * standalone Relu/Clip, Div by a constant, a parameter change the compiler
 * inserted).
 *
 * identity: input and output share their parameters, so the codes pass
 * through and only the clamp applies. negate: the real factor is negative;
 * the sign goes on the offset input before the (positive) multiplier. */
#include <stdint.h>

#include "param_checks.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {

Status requantize_s8(const RequantizeParams* p, const int8_t* input, int8_t* output, int32_t count) {
  if (!p || count < 0 || (count > 0 && (!input || !output))) return kArgError;
  if (!portable::shift_ok(p->shift) || !portable::clamp_ok(p->act_min, p->act_max)) return kArgError;
  if (p->identity) {
    for (int32_t i = 0; i < count; ++i) output[i] = (int8_t)clamp_s32(input[i], p->act_min, p->act_max);
    return kOk;
  }
  const int32_t sign = p->negate ? -1 : 1;
  for (int32_t i = 0; i < count; ++i) {
    const int32_t v = requantize(sign * (input[i] + p->in_offset), p->mult, p->shift) + p->out_offset;
    output[i] = (int8_t)clamp_s32(v, p->act_min, p->act_max);
  }
  return kOk;
}

}  // namespace tinyc_rt
