/* tinyc runtime (arm_dsp, internal) — int8 activations widened to the int16
 * columns the GEMM blocks read (gemm.h), in SXTB16 lane order (dsp_pack.h).
 *
 * A column buffer holds two output pixels interleaved per group of four taps:
 * int16 index g*8 + slot*4 + lane, slot 0 or 1. Taps are written in the
 * weights' order [ky][kx][ic]; taps outside the input get the input zero
 * point (the compiler folded in_offset * sum(w) into the bias, so a padding
 * tap must contribute zp * w, as in the portable kernel it contributes 0).
 * A single row (fully connected) has one slot: 4 int16 per group. */
#ifndef TINYC_RT_ARM_DSP_COLUMNS_H
#define TINYC_RT_ARM_DSP_COLUMNS_H

#include <stdint.h>

#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/inplace.h"

namespace tinyc_rt {
namespace arm_dsp {

struct ColumnWriter {
  int16_t* cols;
  int32_t slot;  /* 0 or 1 */
  int32_t t;     /* next tap */
  int32_t group_stride;  /* int16 per tap group: 8 for two interleaved pixels, 4 for one row */

  void put(int32_t v) {
    cols[(t >> 2) * group_stride + slot * 4 + (dsp_pack::lane(t) & 3)] = (int16_t)v;
    ++t;
  }
  /* Four taps at a group boundary: one load, two SXTB16, two stores. */
  void put4(int32_t x) {
    int16_t* d = cols + (t >> 2) * group_stride + slot * 4;
    dsp::store_word(d, dsp::sxtb16(x));
    dsp::store_word(d + 2, dsp::sxtb16_ror8(x));
    t += 4;
  }
  void copy(const int8_t* src, int32_t n) {
    while (n > 0 && (t & 3) != 0) { put(*src++); --n; }
    for (; n >= 4; n -= 4, src += 4) put4(dsp::load_s8x4(src));
    while (n-- > 0) put(*src++);
  }
  void fill(int32_t v, int32_t n) {
    while (n > 0 && (t & 3) != 0) { put(v); --n; }
    const int32_t four = (int32_t)(((uint32_t)v & 0xFFu) * 0x01010101u);
    for (; n >= 4; n -= 4) put4(four);
    while (n-- > 0) put(v);
  }
};

/* The column of output pixel (oy, ox), taps padded to K8 with 0. Input row r
 * is inplace_row(rows, r, saved, saved_slot): the ring holds the rows up to
 * `saved` when the convolution runs in place (tinyc_rt/inplace.h). */
static inline void im2col_pixel(const ConvParams* p, const InplaceRows* rows, int32_t saved, int32_t saved_slot,
                                int32_t oy, int32_t ox, int16_t* cols, int32_t slot) {
  ColumnWriter w = {cols, slot, 0, 8};
  const int32_t zp = -p->in_offset;
  const int32_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
  const int32_t row_taps = p->k_w * p->in_c;
  const bool whole_rows = p->dil_w == 1 && x0 >= 0 && x0 + p->k_w <= p->in_w;
  for (int32_t ky = 0; ky < p->k_h; ++ky) {
    const int32_t iy = y0 + ky * p->dil_h;
    if (iy < 0 || iy >= p->in_h) {
      w.fill(zp, row_taps);
      continue;
    }
    const int8_t* row = inplace_row(rows, iy, saved, saved_slot);
    if (whole_rows) {  /* the k_w taps are adjacent in NHWC: one run */
      w.copy(row + x0 * p->in_c, row_taps);
      continue;
    }
    for (int32_t kx = 0; kx < p->k_w; ++kx) {
      const int32_t ix = x0 + kx * p->dil_w;
      if (ix < 0 || ix >= p->in_w) w.fill(zp, p->in_c);
      else w.copy(row + ix * p->in_c, p->in_c);
    }
  }
  w.fill(0, dsp_pack::conv_taps_padded(p) - w.t);
}

/* Pointwise: the column is the pixel's channels. */
static inline void widen_pixel(const ConvParams* p, const int8_t* px, int16_t* cols, int32_t slot) {
  ColumnWriter w = {cols, slot, 0, 8};
  w.copy(px, p->in_c);
  w.fill(0, dsp_pack::conv_taps_padded(p) - p->in_c);
}

}  // namespace arm_dsp
}  // namespace tinyc_rt

#endif /* TINYC_RT_ARM_DSP_COLUMNS_H */
