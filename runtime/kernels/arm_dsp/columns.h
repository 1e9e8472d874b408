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
#include <string.h>

#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/inplace.h"

namespace tinyc_rt {
namespace arm_dsp {

struct ColumnWriter {
  int16_t* d;            /* the current tap group's four lanes of this slot */
  int32_t t;             /* next tap */
  int32_t group_stride;  /* int16 per tap group: 8 for two interleaved pixels, 4 for one row */

  static ColumnWriter at(int16_t* cols, int32_t slot, int32_t group_stride) {
    ColumnWriter w = {cols + slot * 4, 0, group_stride};
    return w;
  }
  void put(int32_t v) {
    d[dsp_pack::lane(t) & 3] = (int16_t)v;
    if ((++t & 3) == 0) d += group_stride;
  }
  /* Runs of four taps at a group boundary: one load, two SXTB16, two stores.
   * Locals, not members, in the loop: GCC keeps them in registers. */
  const int8_t* put4s(const int8_t* src, int32_t groups) {
    int16_t* q = d;
    const int32_t gs = group_stride;
    for (int32_t i = 0; i < groups; ++i, src += 4, q += gs) {
      const int32_t x = dsp::load_s8x4(src);
      dsp::store_word(q, dsp::sxtb16(x));
      dsp::store_word(q + 2, dsp::sxtb16_ror8(x));
    }
    d = q;
    t += groups * 4;
    return src;
  }
  /* Out of line: inlined at every run of every caller they cost more flash
   * than their call costs instructions (one call per run of taps). */
  __attribute__((noinline)) void copy(const int8_t* src, int32_t n) {
    while (n > 0 && (t & 3) != 0) { put(*src++); --n; }
    src = put4s(src, n >> 2);
    for (n &= 3; n > 0; --n) put(*src++);
  }
  __attribute__((noinline)) void fill(int32_t v, int32_t n) {
    while (n > 0 && (t & 3) != 0) { put(v); --n; }
    const int32_t four = (int32_t)(((uint32_t)v & 0xFFu) * 0x01010101u);
    int16_t* q = d;
    const int32_t gs = group_stride;
    const int32_t lo = dsp::sxtb16(four), hi = dsp::sxtb16_ror8(four);
    for (int32_t i = 0; i < (n >> 2); ++i, q += gs) {
      dsp::store_word(q, lo);
      dsp::store_word(q + 2, hi);
    }
    d = q;
    t += n & ~3;
    for (n &= 3; n > 0; --n) put(v);
  }
};

/* Writes taps as bytes (the stage of conv_stages_bytes): word copies where it
 * can, no lane arithmetic. Through the ColumnWriter, runs that do not start on
 * a tap group cost about 20 instructions per tap; staged, about 5. */
struct ByteWriter {
  int8_t* d;
  void copy(const int8_t* src, int32_t n) {
    for (; n >= 4; n -= 4, src += 4, d += 4) dsp::store_word(d, dsp::load_s8x4(src));
    while (n-- > 0) *d++ = *src++;
  }
  void fill(int32_t v, int32_t n) {
    while (n-- > 0) *d++ = (int8_t)v;
  }
};

/* The column of output pixel (oy, ox), taps padded to K8 with 0. Input row r
 * is inplace_row(rows, r, saved, saved_slot): the ring holds the rows up to
 * `saved` when the convolution runs in place (tinyc_rt/inplace.h).
 * Writer: ColumnWriter when every run starts and ends on a tap group
 * (in_c % 4 == 0), else ByteWriter into the stage, widened after. The
 * padding taps up to K8 are not written. */
template <class Writer>
static inline void im2col_taps(const ConvParams* p, const InplaceRows* rows, int32_t saved, int32_t saved_slot,
                               int32_t oy, int32_t ox, Writer& w) {
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
}

static inline void im2col_pixel(const ConvParams* p, const InplaceRows* rows, int32_t saved, int32_t saved_slot,
                                int32_t oy, int32_t ox, int16_t* cols, int32_t slot, int8_t* stage) {
  ColumnWriter w = ColumnWriter::at(cols, slot, 8);
  if (!dsp_pack::conv_stages_bytes(p)) {
    im2col_taps(p, rows, saved, saved_slot, oy, ox, w);
    w.fill(0, dsp_pack::conv_taps_padded(p) - dsp_pack::conv_taps(p));
    return;
  }
  // The stage's padding taps [K, K8) are zero from stage_clear_padding.
  ByteWriter b = {stage};
  im2col_taps(p, rows, saved, saved_slot, oy, ox, b);
  w.put4s(stage, dsp_pack::conv_taps_padded(p) >> 2);
}

/* The byte stage follows the two pixels' columns in scratch (dsp_pack.h). */
static inline int8_t* stage_after(const ConvParams* p, int16_t* cols) {
  return (int8_t*)(cols + 2 * dsp_pack::conv_taps_padded(p));
}

/* Once per call, before any im2col_pixel: the stage's taps past K are 0. */
static inline void stage_clear_padding(const ConvParams* p, int8_t* stage) {
  const int32_t k = dsp_pack::conv_taps(p);
  memset(stage + k, 0, (size_t)(dsp_pack::conv_taps_padded(p) - k));
}

/* Pointwise: the column is the pixel's channels (whole tap groups inline,
 * the common case; the padding taps only when in_c is not a multiple of 8). */
static inline void widen_pixel(const ConvParams* p, const int8_t* px, int16_t* cols, int32_t slot) {
  ColumnWriter w = ColumnWriter::at(cols, slot, 8);
  if ((p->in_c & 3) == 0) w.put4s(px, p->in_c >> 2);
  else w.copy(px, p->in_c);
  const int32_t k8 = dsp_pack::conv_taps_padded(p);
  if (w.t < k8) w.fill(0, k8 - w.t);
}

}  // namespace arm_dsp
}  // namespace tinyc_rt

#endif /* TINYC_RT_ARM_DSP_COLUMNS_H */
