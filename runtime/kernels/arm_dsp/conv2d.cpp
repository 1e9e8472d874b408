/* tinyc runtime — conv2d_s8_dsp for Armv7E-M (Cortex-M4/M7).
 *
 * conv2d_s8_dsp (what the compiler calls for a DSP target, groups == 1): the
 * output pixels are taken in pairs; each pair's columns are widened to int16
 * once (im2col, or for a pointwise 1x1 stride-1 convolution just the pixels'
 * channels: dsp_pack::conv_variant), then every pair of output channels is a
 * 2x2 register block of SMLADs over the pre-packed int16 weights (gemm.h),
 * started from the folded bias and requantized with the DspChannel constants
 * (epilogue.h). An odd last pixel runs as a pair with itself; an odd last
 * channel has zero weights in the packing and is not stored.
 *
 * In place (output == input when conv_inplace_ok(p), tinyc_rt/inplace.h):
 * a pixel pair may straddle two output rows, so the rows are saved in the ring
 * (pad_top + 1 rows at the start of scratch) not per output row but just
 * before the first store into each row, once both columns of the pair are
 * built: the ring then holds every row a later pixel reads. Pointwise needs no
 * ring (dsp_pack::conv_ring_bytes).
 *
 * Calls the compiler does not specialise (grouped convolutions) take the
 * portable conv2d_s8: a DSP target carries portable/conv2d.cpp beside this
 * file when a model has one (src/codegen/kernel_files.cpp).
 *
 * tinyc:inplace-rows — may run with output == input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "columns.h"
#include "epilogue.h"
#include "gemm.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/inplace.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

/* Where conv_pairs reads its input: the image, and when in place the ring of
 * saved rows, which holds the input rows up to `saved` (slot `saved_slot`). */
struct Source {
  InplaceRows rows;
  int32_t saved, saved_slot;
};

/* An output pixel (image, row, column), stepped in storage order: no
 * division per pixel. */
struct Pixel {
  int32_t b, oy, ox;
  void next(const ConvParams* p) {
    if (++ox < p->out_w) return;
    ox = 0;
    if (++oy < p->out_h) return;
    oy = 0;
    ++b;
  }
};

/* The im2col column of output pixel `at` into `slot` (pointwise pixels are
 * widened in conv_pairs itself). */
void column_of(const ConvParams* p, Source* src, const int8_t* input, const Pixel& at, int16_t* cols, int32_t slot,
               int8_t* stage) {
  src->rows.tensor = input + at.b * p->in_h * src->rows.row_bytes;
  arm_dsp::im2col_pixel(p, &src->rows, src->saved, src->saved_slot, at.oy, at.ox, cols, slot, stage);
}

/* Pointwise: in and out have the same pixels, so pixel i is input + i * in_c.
 * Out of line: one copy instead of one per clamp instance and slot. */
__attribute__((noinline)) void widen_pair(const ConvParams* p, const int8_t* input, int32_t pix_a, int32_t pix_b,
                                          int16_t* cols) {
  arm_dsp::widen_pixel(p, input + pix_a * p->in_c, cols, 0);
  arm_dsp::widen_pixel(p, input + pix_b * p->in_c, cols, 1);
}

/* In place: before the outputs of row `row` are stored, save the input rows up
 * to it in the ring (the columns already read the rows they need; the slot
 * reused held row - pad_top - 1, which no later pixel reads). */
void save_rows(Source* src, int32_t row) {
  InplaceRows& r = src->rows;
  while (src->saved < row) {
    ++src->saved;
    src->saved_slot = src->saved_slot + 1 == r.slots ? 0 : src->saved_slot + 1;
    memcpy(r.ring + src->saved_slot * r.row_bytes, r.tensor + src->saved * r.row_bytes, (size_t)r.row_bytes);
  }
}

template <class ClampT>
void conv_pairs(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                int8_t* output, int16_t* cols, int8_t* ring, const ClampT& clamp) {
  const int32_t pixels = p->batch * p->out_h * p->out_w;
  const int32_t groups = dsp_pack::conv_taps_padded(p) >> 2;
  const int32_t oc_pairs = p->out_c >> 1;
  Source src = {{input, ring, p->in_w * p->in_c, p->pad_top + 1}, -1, -1};
  const bool pointwise = dsp_pack::conv_variant(p) == dsp_pack::kConvPointwise;
  int8_t* stage = arm_dsp::stage_after(p, cols);
  if (dsp_pack::conv_stages_bytes(p)) arm_dsp::stage_clear_padding(p, stage);
  Pixel a = {0, 0, 0};
  for (int32_t pix = 0; pix < pixels; pix += 2) {
    const bool has_b = pix + 1 < pixels;
    if (pointwise) {
      widen_pair(p, input, pix, has_b ? pix + 1 : pix, cols);
    } else {
      Pixel b = a;
      if (has_b) b.next(p);
      column_of(p, &src, input, a, cols, 0, stage);
      column_of(p, &src, input, b, cols, 1, stage);
      if (ring) save_rows(&src, b.oy);  /* in place: batch 1 */
      a = b;
      a.next(p);
    }
    // An odd last pixel runs as a pair with itself and stores its B results
    // over its A results (the same values): no branch in the channel loop.
    int8_t* out_a = output + pix * p->out_c;
    int8_t* out_b = has_b ? out_a + p->out_c : out_a;
    const int16_t* w = weights;
    const DspChannel* c = ch;
    for (int32_t j = 0; j < oc_pairs; ++j, c += 2, out_a += 2, out_b += 2) {
      int32_t acc[4] = {c[0].bias, c[1].bias, c[0].bias, c[1].bias};
      arm_dsp::gemm_2x2(cols, w, groups, acc);
      // Copies before the stores: an int8 store may alias the constants, so
      // the compiler would otherwise load them again for the second pixel.
      const DspChannel c0 = c[0], c1 = c[1];
      out_a[0] = clamp(arm_dsp::requant_dsp(acc[0], &c0));
      out_a[1] = clamp(arm_dsp::requant_dsp(acc[1], &c1));
      out_b[0] = clamp(arm_dsp::requant_dsp(acc[2], &c0));
      out_b[1] = clamp(arm_dsp::requant_dsp(acc[3], &c1));
    }
    if (p->out_c & 1) {  // channel pair (out_c - 1, padding)
      int32_t acc[4] = {c[0].bias, 0, c[0].bias, 0};
      arm_dsp::gemm_2x2(cols, w, groups, acc);
      const DspChannel c0 = c[0];
      out_a[0] = clamp(arm_dsp::requant_dsp(acc[0], &c0));
      out_b[0] = clamp(arm_dsp::requant_dsp(acc[2], &c0));
    }
  }
}

struct ClampFull {  /* act_min = -128, act_max = 127: SSAT alone */
  int8_t operator()(int32_t v) const { return (int8_t)dsp::ssat8(v); }
};

}  // namespace

size_t conv2d_s8_dsp_scratch_size(const ConvParams* p) { return p ? dsp_pack::conv_scratch_size(p) : 0; }

Status conv2d_s8_dsp(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                     int8_t* output, void* scratch) {
  if (!p || !ch || !input || !weights || !output || !scratch || !arm_dsp::conv_geometry_ok(p) || !dsp_pack::conv_supported(p))
    return kArgError;
  if (!arm_dsp::channels_ok(ch, p->out_c) || ((uintptr_t)scratch & 3u) != 0 || ((uintptr_t)weights & 3u) != 0)
    return kArgError;
  // In place (output == input): the ring of saved rows first in scratch,
  // none for pointwise (dsp_pack::conv_ring_bytes); the columns after it.
  // Not in place, the columns start the scratch (the compiler reserves the
  // ring only for calls the plan runs in place).
  const bool inplace = (const void*)input == (const void*)output;
  if (inplace && !conv_inplace_ok(p)) return kArgError;
  const size_t ring_bytes = inplace ? dsp_pack::conv_ring_bytes(p) : 0;
  int8_t* ring = inplace && ring_bytes ? (int8_t*)scratch : NULL;
  int16_t* cols = (int16_t*)((int8_t*)scratch + ring_bytes);
  if (p->act_min == -128 && p->act_max == 127) {
    conv_pairs(p, ch, input, weights, output, cols, ring, ClampFull());
  } else {
    const arm_dsp::Clamp clamp = {p->act_min, p->act_max};
    conv_pairs(p, ch, input, weights, output, cols, ring, clamp);
  }
  return kOk;
}

}  // namespace tinyc_rt
