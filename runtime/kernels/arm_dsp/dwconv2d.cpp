/* tinyc runtime — dwconv2d_s8_dsp for Armv7E-M (Cortex-M4/M7).
 *
 * dwconv2d_s8_dsp (ch_mult == 1): channel-parallel over NHWC, row by row. Per
 * output row the kernel finds where each of the k_h input rows is (the tensor,
 * the in-place ring, or none: padding); per output pixel it points every tap
 * at its input pixel, or at a row of the input zero point in scratch when the
 * tap falls in the padding (the folded bias expects zp * w there). Then, four
 * channels at a time, taps go in pairs: the words X (tap 2i) and Y (tap 2i+1)
 * of four channels are merged by PKHBT/PKHTB into (X0 X1 Y0 Y1) and
 * (X2 X3 Y2 Y3), and SXTB16 / SXTB16 ROR #8 turn those into the int16 pairs
 * (Xc, Yc) of each channel c, which SMLAD multiplies with the pre-packed pair
 * (w[2i][c], w[2i+1][c]): 2 loads, 2 packs, 4 unpacks, 4 weight loads and
 * 4 SMLAD for 8 MACs. An odd last tap goes alone: SXTB16 pairs (X0, X2) and
 * (X1, X3) and SMLABB / SMLATB against the low halves of its packed weight
 * words (the other half is the zero padding weight). Nine taps (3x3) are
 * unrolled: the tap pointers are stack slots at constant offsets, the
 * weights at constant offsets from one pointer, and the loop keeps its four
 * accumulators and the channel offset in registers. The four outputs are
 * requantized, saturated, stored, and clamped to the activation bounds as
 * one word (SSUB8/SEL). Channels beyond the last multiple of 4 go one by one.
 *
 * In place (output == input when conv_inplace_ok(p), tinyc_rt/inplace.h):
 * before output row y is written, input row y is saved in a ring of
 * pad_top + 1 rows at the start of scratch (dsp_pack::dw_scratch_size), and
 * the rows <= y are read from it.
 *
 * Calls the compiler does not specialise (ch_mult > 1) take the portable
 * dwconv2d_s8 (portable/dwconv2d.cpp beside this file).
 *
 * tinyc:inplace-rows — may run with output == input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "epilogue.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/inplace.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

/* GCC's first scheduling pass hoists the loads of all nine unrolled taps and
 * their weights ahead of their uses, then spills them to the stack: about
 * twice the instructions per channel group. Without it every value stays in a
 * register from its load to its SMLAD (arm-none-eabi-g++ 12, -O2 and -Os). */
#if defined(__GNUC__) && !defined(__clang__)
#define TINYC_DW_NO_SCHED __attribute__((optimize("no-schedule-insns")))
#else
#define TINYC_DW_NO_SCHED
#endif

namespace tinyc_rt {
namespace {

int32_t word_of(const int16_t* w) {
  int32_t v;
  __builtin_memcpy(&v, w, 4);
  return v;
}

struct Acc4 {
  int32_t a0, a1, a2, a3;
};

/* Taps 2i and 2i+1 of four channels: w points at the pair's 4 weight words. */
inline void tap_pair(const int8_t* x_at, const int8_t* y_at, const int16_t* w, Acc4& a) {
  const int32_t x = dsp::load_s8x4(x_at), y = dsp::load_s8x4(y_at);
  const int32_t lo = dsp::pkhbt16(x, y), hi = dsp::pkhtb16(y, x);
  a.a0 = dsp::smlad(dsp::sxtb16(lo), word_of(w), a.a0);
  a.a1 = dsp::smlad(dsp::sxtb16_ror8(lo), word_of(w + 2), a.a1);
  a.a2 = dsp::smlad(dsp::sxtb16(hi), word_of(w + 4), a.a2);
  a.a3 = dsp::smlad(dsp::sxtb16_ror8(hi), word_of(w + 6), a.a3);
}

/* An odd last tap: its weight words are (w[c], 0). */
inline void tap_odd(const int8_t* x_at, const int16_t* w, Acc4& a) {
  const int32_t x = dsp::load_s8x4(x_at);
  const int32_t x02 = dsp::sxtb16(x), x13 = dsp::sxtb16_ror8(x);
  a.a0 = dsp::smlabb(x02, word_of(w), a.a0);
  a.a1 = dsp::smlabb(x13, word_of(w + 2), a.a1);
  a.a2 = dsp::smlatb(x02, word_of(w + 4), a.a2);
  a.a3 = dsp::smlatb(x13, word_of(w + 6), a.a3);
}

/* kTaps > 0: that many taps, unrolled; 0: `taps` of them in a loop. */
template <int kTaps>
inline void channel_group(const int8_t* const* t, int32_t c, const int16_t* w, int32_t taps, Acc4& a) {
  if (kTaps > 0) {
#pragma GCC unroll 32
    for (int32_t i = 0; i + 2 <= kTaps; i += 2) tap_pair(t[i] + c, t[i + 1] + c, w + 4 * i, a);
    if (kTaps & 1) tap_odd(t[kTaps - 1] + c, w + 4 * (kTaps - 1), a);
    return;
  }
  int32_t i = 0;
  for (; i + 2 <= taps; i += 2, w += 8) tap_pair(t[i] + c, t[i + 1] + c, w, a);
  if (taps & 1) tap_odd(t[i] + c, w, a);
}

/* The activation bounds, applied to four stored outputs at once (SSUB8/SEL
 * per bound): one instance serves every clamp, the whole int8 range included
 * (a second set of instances for the SSAT-only clamp would cost about 2.5 KB
 * of flash for 0.3 instructions per MAC). */
struct Bounds {
  int32_t lo4, hi4, lo, hi;
};

/* The last channels % 4 of a pixel, one by one, same packing (t[n] repeats t[n - 1]). */
__attribute__((noinline)) void dw_tail(int32_t c, int32_t channels, int32_t n, const DspChannel* ch,
                                       const int8_t* const* t, const int16_t* weights, int8_t* out,
                                       const Bounds& bounds) {
  const arm_dsp::Clamp clamp = {bounds.lo, bounds.hi};
  for (; c < channels; ++c) {
    int32_t acc = ch[c].bias;
    for (int32_t i = 0; 2 * i < n; ++i) {
      const int16_t* w = weights + 8 * i + (c & 3) * 2;
      acc += t[2 * i][c] * w[0] + t[2 * i + 1][c] * w[1];
    }
    out[c] = clamp(arm_dsp::requant_dsp(acc, ch + c));
  }
}

template <int kTaps>
TINYC_DW_NO_SCHED void dw_pixel(int32_t channels, int32_t taps, const DspChannel* ch, const int8_t* const* t,
                                const int16_t* weights, int8_t* out, const Bounds& bounds) {
  const int32_t n = kTaps > 0 ? kTaps : taps;
  const int32_t group_stride = 8 * ((n + 1) >> 1);  /* int16 weights per group of 4 channels */
  const int32_t lo4 = bounds.lo4, hi4 = bounds.hi4;
  int32_t c = 0;
  for (; c + 4 <= channels; c += 4, weights += group_stride) {
    Acc4 a = {ch[c].bias, ch[c + 1].bias, ch[c + 2].bias, ch[c + 3].bias};
    // The tap pointers are read from the table in every group: without the
    // empty asm GCC hoists them out of the loop into stack slots that it
    // reloads and stores back in every group.
    const int8_t* const* tt = t;
    __asm__("" : "+r"(tt));
    channel_group<kTaps>(tt, c, weights, n, a);
    int8_t* o = out + c;
    o[0] = (int8_t)dsp::ssat8(arm_dsp::requant_dsp(a.a0, ch + c));
    o[1] = (int8_t)dsp::ssat8(arm_dsp::requant_dsp(a.a1, ch + c + 1));
    o[2] = (int8_t)dsp::ssat8(arm_dsp::requant_dsp(a.a2, ch + c + 2));
    o[3] = (int8_t)dsp::ssat8(arm_dsp::requant_dsp(a.a3, ch + c + 3));
    dsp::store_word(o, dsp::min_s8x4(dsp::max_s8x4(dsp::load_s8x4(o), lo4), hi4));
  }
  if (c < channels) dw_tail(c, channels, n, ch, t, weights, out, bounds);
}

/* One image; rows->ring set: in place. */
TINYC_DW_NO_SCHED void dw_image(const ConvParams* p, const DspChannel* ch, const InplaceRows* rows,
                                const int16_t* weights, int8_t* output, const int8_t* zp_row, const Bounds& bounds) {
  const int8_t* taps[dsp_pack::kDwMaxTaps + 1];
  const int8_t* row_at[dsp_pack::kDwMaxTaps];
  const int32_t k_h = p->k_h, k_w = p->k_w;
  const int32_t C = p->in_c, in_w = p->in_w, out_c = p->out_c;
  const int32_t n = k_h * k_w, col_step = p->dil_w * C;
  for (int32_t oy = 0; oy < p->out_h; ++oy) {
    const int32_t slot = rows->ring ? oy % rows->slots : 0;
    if (rows->ring) memcpy(rows->ring + slot * rows->row_bytes, rows->tensor + oy * rows->row_bytes, (size_t)rows->row_bytes);
    for (int32_t ky = 0, iy = oy * p->stride_h - p->pad_top; ky < k_h; ++ky, iy += p->dil_h)
      row_at[ky] = iy >= 0 && iy < p->in_h ? inplace_row(rows, iy, oy, slot) : NULL;
    for (int32_t ox = 0, x0 = -p->pad_left; ox < p->out_w; ++ox, x0 += p->stride_w, output += out_c) {
      const bool inside = x0 >= 0 && x0 + (k_w - 1) * p->dil_w < in_w;
      const int8_t** t = taps;
      for (int32_t ky = 0; ky < k_h; ++ky) {
        const int8_t* r = row_at[ky];
        if (!r) {
          for (int32_t kx = 0; kx < k_w; ++kx) *t++ = zp_row;
        } else if (inside) {
          const int8_t* q = r + x0 * C;
          for (int32_t kx = 0; kx < k_w; ++kx, q += col_step) *t++ = q;
        } else {
          for (int32_t kx = 0, ix = x0; kx < k_w; ++kx, ix += p->dil_w) *t++ = ix >= 0 && ix < in_w ? r + ix * C : zp_row;
        }
      }
      *t = t[-1];
      if (n == 9)  /* 3x3 (or 9x1, 1x9): the unrolled taps */
        dw_pixel<9>(out_c, n, ch, taps, weights, output, bounds);
      else
        dw_pixel<0>(out_c, n, ch, taps, weights, output, bounds);
    }
  }
}

void dw_all(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights, int8_t* output,
            int8_t* ring, const int8_t* zp_row) {
  const int32_t row_bytes = p->in_w * p->in_c;
  InplaceRows rows = {input, ring, row_bytes, p->pad_top + 1};
  const Bounds bounds = {(int32_t)(((uint32_t)p->act_min & 0xFFu) * 0x01010101u),
                         (int32_t)(((uint32_t)p->act_max & 0xFFu) * 0x01010101u), p->act_min, p->act_max};
  for (int32_t b = 0; b < p->batch; ++b, output += p->out_h * p->out_w * p->out_c) {
    rows.tensor = input + b * p->in_h * row_bytes;
    dw_image(p, ch, &rows, weights, output, zp_row, bounds);
  }
}

}  // namespace

size_t dwconv2d_s8_dsp_scratch_size(const ConvParams* p) { return p ? dsp_pack::dw_scratch_size(p) : 0; }

Status dwconv2d_s8_dsp(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                       int8_t* output, void* scratch) {
  if (!p || !ch || !input || !weights || !output || !scratch || !arm_dsp::conv_geometry_ok(p) || !dsp_pack::dw_supported(p))
    return kArgError;
  if (p->out_c != p->in_c || !arm_dsp::channels_ok(ch, p->out_c) || ((uintptr_t)weights & 3u) != 0)
    return kArgError;
  const bool inplace = (const void*)input == (const void*)output;
  if (inplace && !conv_inplace_ok(p)) return kArgError;
  int8_t* ring = inplace ? (int8_t*)scratch : NULL;
  int8_t* zp_row = (int8_t*)scratch + (inplace ? dsp_pack::ring_bytes(p) : 0);  /* the ring only in place */
  memset(zp_row, -p->in_offset, (size_t)dsp_pack::round_up(p->in_c, 4));
  dw_all(p, ch, input, weights, output, ring, zp_row);
  return kOk;
}

}  // namespace tinyc_rt
