/* tinyc runtime — add_s8_table for Armv7E-M (Cortex-M4/M7): TFLite's int8
 * ADD/SUB.
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
 * add_s8 / add_s8_broadcast (calls the compiler does not specialise) are the
 * portable ones: a DSP target takes portable/add.cpp beside this file. */
#include <stdint.h>

#include "epilogue.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

bool shift_ok(int32_t shift) { return shift >= -31 && shift <= 31; }

}  // namespace

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
