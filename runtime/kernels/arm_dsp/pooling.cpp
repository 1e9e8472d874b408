/* tinyc runtime — maxpool_s8, avgpool_s8 and avgpool_requant_s8 for
 * Armv7E-M (Cortex-M4/M7), NHWC.
 *
 * The window geometry is the portable kernels' (taps outside the input are
 * skipped and, without count_include_pad, left out of the divisor). Four
 * channels go at a time: average pooling sums them in int16 lanes with
 * SXTAB16 (one instruction adds two sign-extended bytes to two lanes; a window
 * of at most 256 taps cannot overflow a lane: 256 * -128 = -32768), max
 * pooling takes four byte maxima with SSUB8/SEL. Channels beyond the last
 * multiple of 4, and larger windows, go one by one.
 *
 * tinyc:inplace-pool — all three may run with output == input when pad_top
 * and pad_left are 0 (as the portable kernels): a group of channels of an
 * output pixel is stored after its whole window is read, and later windows
 * start at later input pixels. */
#include <stdint.h>

#include "epilogue.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

/* The in-bounds taps of one window along one axis. */
struct Span {
  int32_t first, count;     /* first in-bounds input index, number of in-bounds taps */
  int32_t taps_with_pad;    /* taps over the input or the declared padding */
};

Span span_of(int32_t o, int32_t in, int32_t k, int32_t stride, int32_t dil, int32_t pad_before, int32_t pad_after) {
  Span s = {0, 0, 0};
  const int32_t start = o * stride - pad_before;
  for (int32_t t = 0, i = start; t < k; ++t, i += dil)
    if (i >= 0 && i < in) {
      if (s.count == 0) s.first = i;
      ++s.count;
    }
  const int32_t window_end = start + (k - 1) * dil + 1;
  const int32_t end = window_end < in + pad_after ? window_end : in + pad_after;
  s.taps_with_pad = end > start ? (end - start + dil - 1) / dil : 0;
  return s;
}

bool pool_params_ok(const PoolParams* p) {
  if (p->batch < 1 || p->channels < 1 || p->in_h < 1 || p->in_w < 1 || p->out_h < 1 || p->out_w < 1 || p->k_h < 1 ||
      p->k_w < 1 || p->stride_h < 1 || p->stride_w < 1 || p->dil_h < 1 || p->dil_w < 1 || p->pad_top < 0 ||
      p->pad_left < 0 || p->pad_bottom < 0 || p->pad_right < 0 || !arm_dsp::clamp_ok(p->act_min, p->act_max))
    return false;
  // A window wholly in the padding has no value.
  for (int32_t o = 0; o < p->out_h; ++o)
    if (span_of(o, p->in_h, p->k_h, p->stride_h, p->dil_h, p->pad_top, 0).count == 0) return false;
  for (int32_t o = 0; o < p->out_w; ++o)
    if (span_of(o, p->in_w, p->k_w, p->stride_w, p->dil_w, p->pad_left, 0).count == 0) return false;
  return true;
}

/* Calls op(window_origin, sy, sx, out) for every output pixel; the taps of
 * channel c are at origin + c + (i * dil_h * in_w + j * dil_w) * channels. */
template <class PixelOp>
void for_each_pixel(const PoolParams* p, const int8_t* input, int8_t* output, const PixelOp& op) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t* image = input + b * p->in_h * p->in_w * p->channels;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const Span sy = span_of(oy, p->in_h, p->k_h, p->stride_h, p->dil_h, p->pad_top, p->pad_bottom);
      for (int32_t ox = 0; ox < p->out_w; ++ox, output += p->channels) {
        const Span sx = span_of(ox, p->in_w, p->k_w, p->stride_w, p->dil_w, p->pad_left, p->pad_right);
        op(image + (sy.first * p->in_w + sx.first) * p->channels, sy, sx, output);
      }
    }
  }
}

const int32_t kChunk = 16;  /* channels summed per pass (sums on the stack) */

/* Sums of the raw codes of one window for channels c0 .. c0+n (n <= kChunk). */
void window_sums(const PoolParams* p, const int8_t* origin, const Span& sy, const Span& sx, int32_t c0, int32_t n,
                 int32_t* sums) {
  const int32_t row_step = p->dil_h * p->in_w * p->channels, col_step = p->dil_w * p->channels;
  int32_t k = 0;
  if (sy.count * sx.count <= 256) {
    for (; k + 4 <= n; k += 4) {
      int32_t even = 0, odd = 0;  // int16 lanes: channels (k, k+2) and (k+1, k+3)
      for (int32_t i = 0; i < sy.count; ++i) {
        const int8_t* q = origin + i * row_step + c0 + k;
        for (int32_t j = 0; j < sx.count; ++j, q += col_step) {
          const int32_t v = dsp::load_s8x4(q);
          even = dsp::sxtab16(even, v);
          odd = dsp::sxtab16_ror8(odd, v);
        }
      }
      sums[k] = dsp::lo16(even);
      sums[k + 1] = dsp::lo16(odd);
      sums[k + 2] = dsp::hi16(even);
      sums[k + 3] = dsp::hi16(odd);
    }
  }
  for (; k < n; ++k) {
    int32_t s = 0;
    for (int32_t i = 0; i < sy.count; ++i)
      for (int32_t j = 0; j < sx.count; ++j) s += origin[i * row_step + j * col_step + c0 + k];
    sums[k] = s;
  }
}

int32_t divisor_of(const PoolParams* p, const Span& sy, const Span& sx) {
  return p->count_include_pad ? sy.taps_with_pad * sx.taps_with_pad : sy.count * sx.count;
}

}  // namespace

Status maxpool_s8(const PoolParams* p, const int8_t* input, int8_t* output) {
  if (!p || !input || !output || !pool_params_ok(p)) return kArgError;
  const int32_t lo = p->act_min, hi = p->act_max;
  for_each_pixel(p, input, output, [p, lo, hi](const int8_t* origin, const Span& sy, const Span& sx, int8_t* out) {
    const int32_t row_step = p->dil_h * p->in_w * p->channels, col_step = p->dil_w * p->channels;
    int32_t c = 0;
    for (; c + 4 <= p->channels; c += 4) {
      int32_t m = (int32_t)0x80808080u;  // four times -128
      for (int32_t i = 0; i < sy.count; ++i) {
        const int8_t* q = origin + i * row_step + c;
        for (int32_t j = 0; j < sx.count; ++j, q += col_step) m = dsp::max_s8x4(m, dsp::load_s8x4(q));
      }
      for (int32_t k = 0; k < 4; ++k) out[c + k] = (int8_t)clamp_s32(dsp::byte_s8(m, (int)k), lo, hi);
    }
    for (; c < p->channels; ++c) {
      int32_t m = -128;
      for (int32_t i = 0; i < sy.count; ++i)
        for (int32_t j = 0; j < sx.count; ++j) {
          const int32_t v = origin[i * row_step + j * col_step + c];
          m = v > m ? v : m;
        }
      out[c] = (int8_t)clamp_s32(m, lo, hi);
    }
  });
  return kOk;
}

Status avgpool_s8(const PoolParams* p, const int8_t* input, int8_t* output) {
  if (!p || !input || !output || !pool_params_ok(p)) return kArgError;
  for_each_pixel(p, input, output, [p](const int8_t* origin, const Span& sy, const Span& sx, int8_t* out) {
    const int32_t n = divisor_of(p, sy, sx);
    // Counted padding holds the zero point (-in_offset), like a real zero.
    const int32_t pad_sum = -(n - sy.count * sx.count) * p->in_offset;
    for (int32_t c = 0; c < p->channels; c += kChunk) {
      int32_t sums[kChunk];
      const int32_t n_ch = p->channels - c < kChunk ? p->channels - c : kChunk;
      window_sums(p, origin, sy, sx, c, n_ch, sums);
      for (int32_t k = 0; k < n_ch; ++k) {
        const int32_t s = sums[k] + pad_sum;
        // Round to nearest, ties away from zero, with C's truncating division.
        const int32_t avg = s > 0 ? (s + n / 2) / n : (s - n / 2) / n;
        out[c + k] = (int8_t)clamp_s32(avg, p->act_min, p->act_max);
      }
    }
  });
  return kOk;
}

Status avgpool_requant_s8(const PoolParams* p, const int32_t* mult_by_count, const int32_t* shift_by_count,
                          const int8_t* input, int8_t* output) {
  if (!p || !mult_by_count || !shift_by_count || !input || !output || !pool_params_ok(p)) return kArgError;
  for (int32_t i = 0; i <= p->k_h * p->k_w; ++i)
    if (shift_by_count[i] < -31 || shift_by_count[i] > 31) return kArgError;
  for_each_pixel(p, input, output, [=](const int8_t* origin, const Span& sy, const Span& sx, int8_t* out) {
    const int32_t n = divisor_of(p, sy, sx);
    // sum(q + in_offset) over the taps inside; counted padding adds (zp + in_offset) = 0.
    const int32_t offset_sum = sy.count * sx.count * p->in_offset;
    for (int32_t c = 0; c < p->channels; c += kChunk) {
      int32_t sums[kChunk];
      const int32_t n_ch = p->channels - c < kChunk ? p->channels - c : kChunk;
      window_sums(p, origin, sy, sx, c, n_ch, sums);
      for (int32_t k = 0; k < n_ch; ++k) {
        const int32_t v = requantize(sums[k] + offset_sum, mult_by_count[n], shift_by_count[n]) + p->out_offset;
        out[c + k] = (int8_t)clamp_s32(v, p->act_min, p->act_max);
      }
    }
  });
  return kOk;
}

}  // namespace tinyc_rt
