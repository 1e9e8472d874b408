/* tinyc runtime — add_s8 / add_s8_broadcast: TFLite's int8 ADD and SUB.
 *
 * Each input is moved to a common scale first: (q + offset) is scaled up by
 * 2^left_shift (20 for int8, so the rescaling keeps 20 fractional bits) and
 * requantized by its own multiplier; the sum or difference is requantized to
 * the output scale. Every intermediate fits in int32: |q + offset| <= 256 and
 * 256 * 2^22 < 2^31, hence the bounds checked on the offsets and left_shift. */
#include <stdint.h>

#include "broadcast.h"
#include "param_checks.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

bool offset_ok(int32_t offset) { return offset >= -128 && offset <= 128; }

bool add_params_ok(const AddParams* p) {
  return p->left_shift >= 0 && p->left_shift <= 22 && offset_ok(p->a_offset) && offset_ok(p->b_offset) &&
         portable::shift_ok(p->a_shift) && portable::shift_ok(p->b_shift) && portable::shift_ok(p->out_shift) &&
         portable::clamp_ok(p->act_min, p->act_max);
}

inline int8_t add_one(const AddParams* p, int32_t a, int32_t b) {
  const int32_t a_scaled = requantize((a + p->a_offset) * (1 << p->left_shift), p->a_mult, p->a_shift);
  const int32_t b_scaled = requantize((b + p->b_offset) * (1 << p->left_shift), p->b_mult, p->b_shift);
  const int32_t sum = p->subtract ? a_scaled - b_scaled : a_scaled + b_scaled;
  const int32_t v = requantize(sum, p->out_mult, p->out_shift) + p->out_offset;
  return (int8_t)clamp_s32(v, p->act_min, p->act_max);
}

}  // namespace

Status add_s8(const AddParams* p, const int8_t* a, const int8_t* b, int8_t* output, int32_t count) {
  if (!p || count < 0 || (count > 0 && (!a || !b || !output)) || !add_params_ok(p)) return kArgError;
  for (int32_t i = 0; i < count; ++i) output[i] = add_one(p, a[i], b[i]);
  return kOk;
}

Status add_s8_broadcast(const AddParams* p, const BroadcastShape* s, const int8_t* a, const int8_t* b,
                        int8_t* output) {
  if (!p || !s || !portable::dims_ok(s->rank, s->out_dims) || !add_params_ok(p)) return kArgError;
  if (portable::element_count(s->rank, s->out_dims) == 0) return kOk;
  if (!a || !b || !output) return kArgError;
  portable::broadcast_binary(s, a, b, output, [p](int32_t x, int32_t y) { return add_one(p, x, y); });
  return kOk;
}

}  // namespace tinyc_rt
