/* tinyc runtime — fully_connected_s8: rows x depth times [units][depth]
 * weights, portable C (TFLite's FULLY_CONNECTED, int8).
 *
 * One int32 dot product per (row, unit), plus the bias, requantized with one
 * multiplier (per-tensor weights) or one per unit (per-channel weights). */
#include <stddef.h>
#include <stdint.h>

#include "param_checks.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {

size_t fully_connected_s8_scratch_size(const FcParams* p) {
  (void)p;
  return 0;
}

Status fully_connected_s8(const FcParams* p, const int32_t* mult, const int32_t* shift, const int8_t* input,
                          const int8_t* weights, const int32_t* bias, int8_t* output, void* scratch) {
  (void)scratch;
  if (!p || !mult || !shift || !input || !weights || !output) return kArgError;
  if (p->rows < 1 || p->depth < 1 || p->units < 1 || !portable::clamp_ok(p->act_min, p->act_max)) return kArgError;
  if (p->per_channel != 0 && p->per_channel != 1) return kArgError;
  if (!portable::shifts_ok(shift, p->per_channel ? p->units : 1)) return kArgError;

  for (int32_t r = 0; r < p->rows; ++r) {
    const int8_t* x = input + r * p->depth;
    const int8_t* w = weights;
    for (int32_t u = 0; u < p->units; ++u, w += p->depth) {
      int32_t acc = 0;
      for (int32_t d = 0; d < p->depth; ++d) acc += (x[d] + p->in_offset) * w[d];
      if (bias) acc += bias[u];
      // per_channel is 0 or 1: index u or 0 without a branch in the loop.
      const int32_t q = u * p->per_channel;
      const int32_t v = requantize(acc, mult[q], shift[q]) + p->out_offset;
      *output++ = (int8_t)clamp_s32(v, p->act_min, p->act_max);
    }
  }
  return kOk;
}

}  // namespace tinyc_rt
