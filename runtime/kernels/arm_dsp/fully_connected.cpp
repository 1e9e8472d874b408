/* tinyc runtime — fully_connected_s8 and fully_connected_s8_dsp for
 * Armv7E-M (Cortex-M4/M7).
 *
 * fully_connected_s8_dsp: each input row is widened once to int16 in SXTB16
 * lane order (scratch), then four units at a time run as a 1x4 block of
 * SMLADs over the pre-packed int16 weights (gemm.h: per 4 taps one LDRD of
 * input, four LDRD of weights, 8 SMLAD), from the folded bias, requantized
 * with the DspChannel constants. With one row (the usual case) every weight
 * is used once, so int8 weights would need an SXTB16 per two weights; the
 * int16 packing trades flash for those instructions (docs/performance.md).
 *
 * fully_connected_s8 keeps the portable signature and [units][depth] int8
 * weights for calls the compiler does not specialise. */
#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "epilogue.h"
#include "gemm.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

template <class ClampT>
void fc_rows(const FcParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights, int8_t* output,
             int16_t* x16, const ClampT& clamp) {
  const int32_t d8 = dsp_pack::fc_depth_padded(p);
  for (int32_t r = 0; r < p->rows; ++r, input += p->depth, output += p->units) {
    arm_dsp::ColumnWriter x = {x16, 0, 0, 4};
    x.copy(input, p->depth);
    x.fill(0, d8 - p->depth);
    const int16_t* w = weights;
    for (int32_t u = 0; u < p->units; u += 4, w += 4 * d8) {
      int32_t acc[4] = {ch[u].bias, ch[u + 1].bias, ch[u + 2].bias, ch[u + 3].bias};
      arm_dsp::gemm_1x4(x16, w, d8 >> 2, acc);
      const int32_t n = p->units - u < 4 ? p->units - u : 4;
      for (int32_t k = 0; k < n; ++k) output[u + k] = clamp(arm_dsp::requant_dsp(acc[k], ch + u + k));
    }
  }
}

struct ClampFull {
  int8_t operator()(int32_t v) const { return (int8_t)dsp::ssat8(v); }
};

}  // namespace

size_t fully_connected_s8_dsp_scratch_size(const FcParams* p) { return p ? dsp_pack::fc_scratch_size(p) : 0; }

Status fully_connected_s8_dsp(const FcParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                              int8_t* output, void* scratch) {
  if (!p || !ch || !input || !weights || !output || !scratch) return kArgError;
  if (p->rows < 1 || p->depth < 1 || p->units < 1 || !arm_dsp::clamp_ok(p->act_min, p->act_max)) return kArgError;
  if (!arm_dsp::channels_ok(ch, dsp_pack::round_up(p->units, 4)) || ((uintptr_t)scratch & 3u) != 0 ||
      ((uintptr_t)weights & 3u) != 0)
    return kArgError;
  int16_t* x16 = (int16_t*)scratch;
  if (p->act_min == -128 && p->act_max == 127) {
    fc_rows(p, ch, input, weights, output, x16, ClampFull());
  } else {
    const arm_dsp::Clamp clamp = {p->act_min, p->act_max};
    fc_rows(p, ch, input, weights, output, x16, clamp);
  }
  return kOk;
}

size_t fully_connected_s8_scratch_size(const FcParams* p) {
  (void)p;
  return 0;
}

Status fully_connected_s8(const FcParams* p, const int32_t* mult, const int32_t* shift, const int8_t* input,
                          const int8_t* weights, const int32_t* bias, int8_t* output, void* scratch) {
  (void)scratch;
  if (!p || !mult || !shift || !input || !weights || !output) return kArgError;
  if (p->rows < 1 || p->depth < 1 || p->units < 1 || !arm_dsp::clamp_ok(p->act_min, p->act_max)) return kArgError;
  if (p->per_channel != 0 && p->per_channel != 1) return kArgError;
  for (int32_t i = 0; i < (p->per_channel ? p->units : 1); ++i)
    if (shift[i] < -31 || shift[i] > 31) return kArgError;
  const int32_t ones = 0x00010001;
  for (int32_t r = 0; r < p->rows; ++r) {
    const int8_t* x = input + r * p->depth;
    const int8_t* w = weights;
    for (int32_t u = 0; u < p->units; ++u, w += p->depth) {
      int32_t acc = 0, sum_w = 0, d = 0;
      for (; d + 4 <= p->depth; d += 4) {
        const int32_t xv = dsp::load_s8x4(x + d), wv = dsp::load_s8x4(w + d);
        const int32_t w02 = dsp::sxtb16(wv), w13 = dsp::sxtb16_ror8(wv);
        acc = dsp::smlad(dsp::sxtb16(xv), w02, acc);
        acc = dsp::smlad(dsp::sxtb16_ror8(xv), w13, acc);
        sum_w = dsp::smlad(w02, ones, sum_w);
        sum_w = dsp::smlad(w13, ones, sum_w);
      }
      for (; d < p->depth; ++d) {
        acc += x[d] * w[d];
        sum_w += w[d];
      }
      acc += p->in_offset * sum_w;  // (x + in_offset) . w
      if (bias) acc += bias[u];
      const int32_t q = u * p->per_channel;
      const int32_t v = requantize(acc, mult[q], shift[q]) + p->out_offset;
      *output++ = (int8_t)clamp_s32(v, p->act_min, p->act_max);
    }
  }
  return kOk;
}

}  // namespace tinyc_rt
