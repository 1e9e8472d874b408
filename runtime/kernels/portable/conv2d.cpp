/* tinyc runtime — conv2d_s8: plain and grouped convolution, NHWC, portable C.
 *
 * Written like TFLite Micro's reference integer conv: for every output pixel
 * and channel, an int32 dot product over the taps that fall inside the input
 * (skipping a tap is the same as padding with the input zero point, because
 * (zp + in_offset) == 0), plus the bias, requantized per channel, offset,
 * clamped.
 *
 * tinyc:inplace-rows — may run with output == input (tinyc_rt/inplace.h). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "param_checks.h"
#include "tinyc_rt/inplace.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {

size_t conv2d_s8_scratch_size(const ConvParams* p) {
  return conv_inplace_scratch_size(p);  // only used when output == input
}

Status conv2d_s8(const ConvParams* p, const int32_t* mult, const int32_t* shift, const int8_t* input,
                 const int8_t* weights, const int32_t* bias, int8_t* output, void* scratch) {
  if (!p || !mult || !shift || !input || !weights || !output || !portable::conv_params_ok(p)) return kArgError;
  if (p->groups < 1 || p->in_c % p->groups != 0 || p->out_c % p->groups != 0) return kArgError;
  if (!portable::shifts_ok(shift, p->out_c)) return kArgError;

  // In place (output == input): a ring of saved input rows, see tinyc_rt/inplace.h.
  const bool inplace = (const void*)input == (const void*)output;
  if (inplace && (!conv_inplace_ok(p) || !scratch)) return kArgError;
  const int32_t row_bytes = p->in_w * p->in_c;
  InplaceRows rows = {input, inplace ? (int8_t*)scratch : NULL, row_bytes, p->pad_top + 1};

  const int32_t in_per_group = p->in_c / p->groups;
  const int32_t out_per_group = p->out_c / p->groups;
  for (int32_t b = 0; b < p->batch; ++b) {
    rows.tensor = input + b * p->in_h * row_bytes;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      // Input row oy is about to be overwritten: keep it for the rows below.
      const int32_t slot = rows.ring ? oy % rows.slots : 0;
      if (rows.ring) memcpy(rows.ring + slot * row_bytes, rows.tensor + oy * row_bytes, (size_t)row_bytes);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        // Groups outermost so the channel -> group mapping needs no division.
        int32_t oc = 0;
        for (int32_t g = 0; g < p->groups; ++g) {
          const int32_t ic_base = g * in_per_group;
          for (int32_t oc_end = oc + out_per_group; oc < oc_end; ++oc) {
            const int8_t* filter = weights + oc * p->k_h * p->k_w * in_per_group;
            int32_t acc = 0;
            for (int32_t ky = 0; ky < p->k_h; ++ky) {
              const int32_t iy = y0 + ky * p->dil_h;
              if (iy < 0 || iy >= p->in_h) continue;
              for (int32_t kx = 0; kx < p->k_w; ++kx) {
                const int32_t ix = x0 + kx * p->dil_w;
                if (ix < 0 || ix >= p->in_w) continue;
                const int8_t* in_px = inplace_row(&rows, iy, oy, slot) + ix * p->in_c + ic_base;
                const int8_t* w_px = filter + (ky * p->k_w + kx) * in_per_group;
                for (int32_t ic = 0; ic < in_per_group; ++ic) acc += (in_px[ic] + p->in_offset) * w_px[ic];
              }
            }
            // The bias joins unscaled, after the taps (TFLite's order; the sum is exact in int32).
            if (bias) acc += bias[oc];
            const int32_t v = requantize(acc, mult[oc], shift[oc]) + p->out_offset;
            *output++ = (int8_t)clamp_s32(v, p->act_min, p->act_max);
          }
        }
      }
    }
  }
  return kOk;
}

}  // namespace tinyc_rt
