/* tinyc runtime — mul_s8 / mul_s8_broadcast: TFLite's int8 MUL.
 *
 * The product of the two offset inputs (|.| <= 256 * 256, exact in int32) is
 * requantized once to the output scale. */
#include <stdint.h>

#include "broadcast.h"
#include "param_checks.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

bool mul_params_ok(const MulParams* p) { return portable::shift_ok(p->shift) && portable::clamp_ok(p->act_min, p->act_max); }

inline int8_t mul_one(const MulParams* p, int32_t a, int32_t b) {
  const int32_t v = requantize((a + p->a_offset) * (b + p->b_offset), p->mult, p->shift) + p->out_offset;
  return (int8_t)clamp_s32(v, p->act_min, p->act_max);
}

}  // namespace

Status mul_s8(const MulParams* p, const int8_t* a, const int8_t* b, int8_t* output, int32_t count) {
  if (!p || count < 0 || (count > 0 && (!a || !b || !output)) || !mul_params_ok(p)) return kArgError;
  for (int32_t i = 0; i < count; ++i) output[i] = mul_one(p, a[i], b[i]);
  return kOk;
}

Status mul_s8_broadcast(const MulParams* p, const BroadcastShape* s, const int8_t* a, const int8_t* b,
                        int8_t* output) {
  if (!p || !s || !portable::dims_ok(s->rank, s->out_dims) || !mul_params_ok(p)) return kArgError;
  if (portable::element_count(s->rank, s->out_dims) == 0) return kOk;
  if (!a || !b || !output) return kArgError;
  portable::broadcast_binary(s, a, b, output, [p](int32_t x, int32_t y) { return mul_one(p, x, y); });
  return kOk;
}

}  // namespace tinyc_rt
