/* tinyc runtime — maxpool_s8, avgpool_s8, avgpool_requant_s8: 2-D pooling,
 * NHWC, portable C.
 *
 * Window geometry as for convolution: output o along an axis starts at
 * o * stride - pad_before; taps outside the input are skipped and left out of
 * the count. With count_include_pad the divisor also counts the padding
 * (pad_before/pad_after), but never the ceil_mode overhang beyond it. A window
 * that lies entirely in the padding has no value: such a call returns
 * kArgError before writing anything.
 *
 * tinyc:inplace-pool — all three may run with output == input when pad_top
 * and pad_left are 0: each output element is stored after its window is
 * read, and the window of output pixel i starts at input pixel i or later
 * (stride >= 1, out_w <= in_w), so no element still to be read is
 * overwritten. */
#include <stdint.h>

#include "param_checks.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

/* One output position along one axis. */
struct AxisWindow {
  int32_t first;          // input index of tap 0 (may be negative)
  int32_t taps_inside;    // taps that hit the input
  int32_t taps_with_pad;  // taps that hit the input or the declared padding
};

AxisWindow axis_window(int32_t o, int32_t in, int32_t k, int32_t stride, int32_t dil, int32_t pad_before,
                       int32_t pad_after) {
  AxisWindow w;
  w.first = o * stride - pad_before;
  w.taps_inside = 0;
  for (int32_t t = 0, i = w.first; t < k; ++t, i += dil) w.taps_inside += (i >= 0 && i < in) ? 1 : 0;
  const int32_t window_end = w.first + (k - 1) * dil + 1;
  const int32_t end = window_end < in + pad_after ? window_end : in + pad_after;
  w.taps_with_pad = end > w.first ? (end - w.first + dil - 1) / dil : 0;  // one division per row/column
  return w;
}

bool every_window_overlaps(int32_t in, int32_t out, int32_t k, int32_t stride, int32_t dil, int32_t pad) {
  for (int32_t o = 0; o < out; ++o)
    if (axis_window(o, in, k, stride, dil, pad, 0).taps_inside == 0) return false;
  return true;
}

bool pool_params_ok(const PoolParams* p) {
  return p->batch > 0 && p->channels > 0 && p->pad_bottom >= 0 && p->pad_right >= 0 &&
         portable::window_ok(p->in_h, p->out_h, p->k_h, p->stride_h, p->dil_h, p->pad_top) &&
         portable::window_ok(p->in_w, p->out_w, p->k_w, p->stride_w, p->dil_w, p->pad_left) &&
         portable::clamp_ok(p->act_min, p->act_max) &&
         every_window_overlaps(p->in_h, p->out_h, p->k_h, p->stride_h, p->dil_h, p->pad_top) &&
         every_window_overlaps(p->in_w, p->out_w, p->k_w, p->stride_w, p->dil_w, p->pad_left);
}

/* For every output element, in NHWC order, stores op(image + channel, wy, wx):
 * the op reads the window's taps at multiples of `channels` from there. */
template <class WindowOp>
void for_each_window(const PoolParams* p, const int8_t* input, int8_t* output, const WindowOp& op) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t* image = input + b * p->in_h * p->in_w * p->channels;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const AxisWindow wy = axis_window(oy, p->in_h, p->k_h, p->stride_h, p->dil_h, p->pad_top, p->pad_bottom);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const AxisWindow wx = axis_window(ox, p->in_w, p->k_w, p->stride_w, p->dil_w, p->pad_left, p->pad_right);
        for (int32_t c = 0; c < p->channels; ++c) *output++ = op(image + c, wy, wx);
      }
    }
  }
}

/* Visits the in-bounds taps of one window of one channel. */
template <class TapOp>
void for_each_tap(const PoolParams* p, const int8_t* channel, const AxisWindow& wy, const AxisWindow& wx, TapOp& tap) {
  for (int32_t ky = 0, iy = wy.first; ky < p->k_h; ++ky, iy += p->dil_h) {
    if (iy < 0 || iy >= p->in_h) continue;
    for (int32_t kx = 0, ix = wx.first; kx < p->k_w; ++kx, ix += p->dil_w) {
      if (ix < 0 || ix >= p->in_w) continue;
      tap(channel[(iy * p->in_w + ix) * p->channels]);
    }
  }
}

struct MaxTap {
  int32_t best;
  void operator()(int32_t v) { best = v > best ? v : best; }
};
struct SumTap {
  int32_t sum, offset;
  void operator()(int32_t v) { sum += v + offset; }
};

int32_t divisor_of(const PoolParams* p, const AxisWindow& wy, const AxisWindow& wx) {
  return p->count_include_pad ? wy.taps_with_pad * wx.taps_with_pad : wy.taps_inside * wx.taps_inside;
}

}  // namespace

Status maxpool_s8(const PoolParams* p, const int8_t* input, int8_t* output) {
  if (!p || !input || !output || !pool_params_ok(p)) return kArgError;
  for_each_window(p, input, output, [p](const int8_t* ch, const AxisWindow& wy, const AxisWindow& wx) {
    MaxTap m = {-128};
    for_each_tap(p, ch, wy, wx, m);
    return (int8_t)clamp_s32(m.best, p->act_min, p->act_max);
  });
  return kOk;
}

Status avgpool_s8(const PoolParams* p, const int8_t* input, int8_t* output) {
  if (!p || !input || !output || !pool_params_ok(p)) return kArgError;
  for_each_window(p, input, output, [p](const int8_t* ch, const AxisWindow& wy, const AxisWindow& wx) {
    SumTap s = {0, 0};  // TFLite averages the raw codes
    for_each_tap(p, ch, wy, wx, s);
    const int32_t n = divisor_of(p, wy, wx);
    // Counted padding holds the zero point (-in_offset), like a real zero.
    s.sum -= (n - wy.taps_inside * wx.taps_inside) * p->in_offset;
    // Round to nearest, ties away from zero, with C's truncating division (one per output).
    const int32_t avg = s.sum > 0 ? (s.sum + n / 2) / n : (s.sum - n / 2) / n;
    return (int8_t)clamp_s32(avg, p->act_min, p->act_max);
  });
  return kOk;
}

Status avgpool_requant_s8(const PoolParams* p, const int32_t* mult_by_count, const int32_t* shift_by_count,
                          const int8_t* input, int8_t* output) {
  if (!p || !mult_by_count || !shift_by_count || !input || !output || !pool_params_ok(p)) return kArgError;
  if (!portable::shifts_ok(shift_by_count, p->k_h * p->k_w + 1)) return kArgError;
  for_each_window(p, input, output, [=](const int8_t* ch, const AxisWindow& wy, const AxisWindow& wx) {
    SumTap s = {0, p->in_offset};  // counted padding adds (zp + in_offset) = 0
    for_each_tap(p, ch, wy, wx, s);
    const int32_t n = divisor_of(p, wy, wx);
    const int32_t v = requantize(s.sum, mult_by_count[n], shift_by_count[n]) + p->out_offset;
    return (int8_t)clamp_s32(v, p->act_min, p->act_max);
  });
  return kOk;
}

}  // namespace tinyc_rt
