/* tinyc runtime — add_s8, add_s8_broadcast and add_s8_table for Armv7E-M
 * (Cortex-M4/M7): TFLite's int8 ADD/SUB.
 *
 * add_s8_table (what the compiler calls for a same-shape Add on a DSP
 * target): each input's rescaling, requantize((q + offset) << left_shift,
 * mult, shift), depends on one int8 code, so the compiler tabulates it (256
 * int32 per input, the subtraction's sign folded into table_b). Per element
 * that leaves two byte loads, two table loads, one add and the output
 * requantization, done as SMMLAR plus a rounding shift (epilogue.h) when the
 * output multiplier allows it (M >= 2^30, a right shift), else with
 * tinyc_rt::requantize.
 *
 * add_s8 / add_s8_broadcast keep the portable semantics (per-element
 * requantization of both inputs) for calls the compiler does not specialise. */
#include <stdint.h>

#include "epilogue.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

bool offset_ok(int32_t offset) { return offset >= -128 && offset <= 128; }
bool shift_ok(int32_t shift) { return shift >= -31 && shift <= 31; }

bool add_params_ok(const AddParams* p) {
  return p->left_shift >= 0 && p->left_shift <= 22 && offset_ok(p->a_offset) && offset_ok(p->b_offset) &&
         shift_ok(p->a_shift) && shift_ok(p->b_shift) && shift_ok(p->out_shift) &&
         arm_dsp::clamp_ok(p->act_min, p->act_max);
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
  if (!p || !s || s->rank < 0 || s->rank > kMaxRank || !add_params_ok(p)) return kArgError;
  int32_t total = 1;
  for (int32_t d = 0; d < s->rank; ++d) {
    if (s->out_dims[d] < 0) return kArgError;
    total *= s->out_dims[d];
  }
  if (total == 0) return kOk;
  if (!a || !b || !output) return kArgError;
  // An odometer over the output index; the inputs follow through their strides.
  int32_t idx[kMaxRank] = {0};
  int32_t a_at = 0, b_at = 0;
  for (int32_t i = 0; i < total; ++i) {
    output[i] = add_one(p, a[a_at], b[b_at]);
    for (int32_t d = s->rank - 1; d >= 0; --d) {
      a_at += s->a_strides[d];
      b_at += s->b_strides[d];
      if (++idx[d] < s->out_dims[d]) break;
      a_at -= s->a_strides[d] * s->out_dims[d];
      b_at -= s->b_strides[d] * s->out_dims[d];
      idx[d] = 0;
    }
  }
  return kOk;
}

Status add_s8_table(const AddParams* p, const int32_t* table_a, const int32_t* table_b, const int8_t* a,
                    const int8_t* b, int8_t* output, int32_t count) {
  if (!p || !table_a || !table_b || count < 0 || (count > 0 && (!a || !b || !output))) return kArgError;
  if (!shift_ok(p->out_shift) || !arm_dsp::clamp_ok(p->act_min, p->act_max)) return kArgError;
  const int32_t* ta = table_a + 128;
  const int32_t* tb = table_b + 128;
  const int32_t R = -p->out_shift;
  if (p->out_mult >= (1 << 30) && R >= 1 && R <= 22) {
    // The requantization of epilogue.h with the zero point folded into the
    // rounding term: table entries below 2^29 (kernels.h) keep h + round in int32.
    DspChannel c;
    c.bias = 0;
    c.mult = (int32_t)(2u * (uint32_t)p->out_mult);
    c.round = (int32_t)((1u << (R - 1)) + (uint32_t)p->out_offset * (1u << R));
    c.shift = R;
    const arm_dsp::Clamp clamp = {p->act_min, p->act_max};
    for (int32_t i = 0; i < count; ++i) output[i] = clamp(arm_dsp::requant_dsp(ta[a[i]] + tb[b[i]], &c));
    return kOk;
  }
  for (int32_t i = 0; i < count; ++i) {
    const int32_t v = requantize(ta[a[i]] + tb[b[i]], p->out_mult, p->out_shift) + p->out_offset;
    output[i] = (int8_t)clamp_s32(v, p->act_min, p->act_max);
  }
  return kOk;
}

}  // namespace tinyc_rt
