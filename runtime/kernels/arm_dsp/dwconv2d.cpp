/* tinyc runtime — dwconv2d_s8 and dwconv2d_s8_dsp for Armv7E-M (Cortex-M4/M7).
 *
 * dwconv2d_s8_dsp (ch_mult == 1): channel-parallel over NHWC. For each output
 * pixel the kernel first points every tap at its input pixel, or at a row of
 * the input zero point held in scratch when the tap falls in the padding (the
 * folded bias expects zp * w there). Then, four channels at a time, taps go in
 * pairs: the words X (tap 2i) and Y (tap 2i+1) of four channels are merged by
 * PKHBT/PKHTB into (X0 X1 Y0 Y1) and (X2 X3 Y2 Y3), and SXTB16 / SXTB16 ROR #8
 * turn those into the int16 pairs (Xc, Yc) of each channel c, which SMLAD
 * multiplies with the pre-packed pair (w[2i][c], w[2i+1][c]): 2 loads, 2 packs,
 * 4 unpacks, 2 weight loads and 4 SMLAD for 8 MACs. An odd last tap is paired
 * with a zero weight. Channels beyond the last multiple of 4 go one by one.
 *
 * dwconv2d_s8 keeps the portable signature and [k_h][k_w][out_c] int8 weights
 * (any ch_mult), for calls the compiler does not specialise. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "epilogue.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

bool geometry_ok(const ConvParams* p) {
  return p->batch > 0 && p->in_c > 0 && p->out_c > 0 && p->in_h > 0 && p->in_w > 0 && p->out_h > 0 &&
         p->out_w > 0 && p->k_h > 0 && p->k_w > 0 && p->stride_h > 0 && p->stride_w > 0 && p->dil_h > 0 &&
         p->dil_w > 0 && p->pad_top >= 0 && p->pad_left >= 0 && arm_dsp::clamp_ok(p->act_min, p->act_max);
}

int32_t word_of(const int16_t* w) {
  int32_t v;
  __builtin_memcpy(&v, w, 4);
  return v;
}

/* Points taps[0 .. T] (T+1 entries, the extra one for an odd last pair) at the
 * inputs of output pixel (oy, ox), or at the zero-point row. */
void tap_pointers(const ConvParams* p, const int8_t* image, const int8_t* zp_row, int32_t oy, int32_t ox,
                  const int8_t** taps) {
  const int32_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
  int32_t t = 0;
  for (int32_t ky = 0, iy = y0; ky < p->k_h; ++ky, iy += p->dil_h) {
    const bool row_in = iy >= 0 && iy < p->in_h;
    for (int32_t kx = 0, ix = x0; kx < p->k_w; ++kx, ix += p->dil_w)
      taps[t++] = row_in && ix >= 0 && ix < p->in_w ? image + (iy * p->in_w + ix) * p->in_c : zp_row;
  }
  taps[t] = taps[t - 1];
}

template <class ClampT>
void dw_pixel(const ConvParams* p, const DspChannel* ch, const int8_t* const* taps, const int16_t* weights,
              int8_t* out, const ClampT& clamp) {
  const int32_t pairs = dsp_pack::dw_tap_pairs(p);
  int32_t c = 0;
  for (; c + 4 <= p->out_c; c += 4, weights += 8 * pairs) {
    int32_t a0 = ch[c].bias, a1 = ch[c + 1].bias, a2 = ch[c + 2].bias, a3 = ch[c + 3].bias;
    const int16_t* w = weights;
    const int8_t* const* t = taps;
    for (int32_t i = 0; i < pairs; ++i, t += 2, w += 8) {
      const int32_t x = dsp::load_s8x4(t[0] + c), y = dsp::load_s8x4(t[1] + c);
      const int32_t lo = dsp::pkhbt16(x, y), hi = dsp::pkhtb16(y, x);
      a0 = dsp::smlad(dsp::sxtb16(lo), word_of(w), a0);
      a1 = dsp::smlad(dsp::sxtb16_ror8(lo), word_of(w + 2), a1);
      a2 = dsp::smlad(dsp::sxtb16(hi), word_of(w + 4), a2);
      a3 = dsp::smlad(dsp::sxtb16_ror8(hi), word_of(w + 6), a3);
    }
    out[c] = clamp(arm_dsp::requant_dsp(a0, ch + c));
    out[c + 1] = clamp(arm_dsp::requant_dsp(a1, ch + c + 1));
    out[c + 2] = clamp(arm_dsp::requant_dsp(a2, ch + c + 2));
    out[c + 3] = clamp(arm_dsp::requant_dsp(a3, ch + c + 3));
  }
  for (; c < p->out_c; ++c) {  /* the last out_c % 4 channels, same packing */
    int32_t acc = ch[c].bias;
    for (int32_t i = 0; i < pairs; ++i) {
      const int16_t* w = weights + 8 * i + (c & 3) * 2;
      acc += taps[2 * i][c] * w[0] + taps[2 * i + 1][c] * w[1];
    }
    out[c] = clamp(arm_dsp::requant_dsp(acc, ch + c));
  }
}

template <class ClampT>
void dw_all(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights, int8_t* output,
            const int8_t* zp_row, const ClampT& clamp) {
  const int8_t* taps[dsp_pack::kDwMaxTaps + 1];
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t* image = input + b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy)
      for (int32_t ox = 0; ox < p->out_w; ++ox, output += p->out_c) {
        tap_pointers(p, image, zp_row, oy, ox, taps);
        dw_pixel(p, ch, taps, weights, output, clamp);
      }
  }
}

struct ClampFull {
  int8_t operator()(int32_t v) const { return (int8_t)dsp::ssat8(v); }
};

}  // namespace

size_t dwconv2d_s8_dsp_scratch_size(const ConvParams* p) { return p ? dsp_pack::dw_scratch_size(p) : 0; }

Status dwconv2d_s8_dsp(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                       int8_t* output, void* scratch) {
  if (!p || !ch || !input || !weights || !output || !scratch || !geometry_ok(p) || !dsp_pack::dw_supported(p))
    return kArgError;
  if (p->out_c != p->in_c || !arm_dsp::channels_ok(ch, p->out_c) || ((uintptr_t)weights & 3u) != 0)
    return kArgError;
  int8_t* zp_row = (int8_t*)scratch;
  memset(zp_row, -p->in_offset, dsp_pack::dw_scratch_size(p));
  if (p->act_min == -128 && p->act_max == 127) {
    dw_all(p, ch, input, weights, output, zp_row, ClampFull());
  } else {
    const arm_dsp::Clamp clamp = {p->act_min, p->act_max};
    dw_all(p, ch, input, weights, output, zp_row, clamp);
  }
  return kOk;
}

size_t dwconv2d_s8_scratch_size(const ConvParams* p) {
  (void)p;
  return 0;
}

Status dwconv2d_s8(const ConvParams* p, const int32_t* mult, const int32_t* shift, const int8_t* input,
                   const int8_t* weights, const int32_t* bias, int8_t* output, void* scratch) {
  (void)scratch;
  if (!p || !mult || !shift || !input || !weights || !output || !geometry_ok(p)) return kArgError;
  if (p->ch_mult < 1 || p->out_c != p->in_c * p->ch_mult) return kArgError;
  for (int32_t c = 0; c < p->out_c; ++c)
    if (shift[c] < -31 || shift[c] > 31) return kArgError;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t* image = input + b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          const int32_t ic = oc / p->ch_mult;
          int32_t acc = 0;
          for (int32_t ky = 0; ky < p->k_h; ++ky) {
            const int32_t iy = y0 + ky * p->dil_h;
            if (iy < 0 || iy >= p->in_h) continue;
            for (int32_t kx = 0; kx < p->k_w; ++kx) {
              const int32_t ix = x0 + kx * p->dil_w;
              if (ix < 0 || ix >= p->in_w) continue;
              acc += (image[(iy * p->in_w + ix) * p->in_c + ic] + p->in_offset) *
                     weights[(ky * p->k_w + kx) * p->out_c + oc];
            }
          }
          if (bias) acc += bias[oc];
          const int32_t v = requantize(acc, mult[oc], shift[oc]) + p->out_offset;
          *output++ = (int8_t)clamp_s32(v, p->act_min, p->act_max);
        }
      }
    }
  }
  return kOk;
}

}  // namespace tinyc_rt
