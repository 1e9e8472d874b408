// Pooling, ReduceMean and Softmax in int8.
#include <algorithm>

#include "reference/int8/kernels.h"
#include "tinyc/error.h"
#include "tinyc/int8_prepare.h"

namespace tinyc::ref8 {
namespace {

// Round-to-nearest, ties away from zero, of sum / n with C's truncating division.
int32_t rounded_average(int32_t sum, int32_t n) { return sum > 0 ? (sum + n / 2) / n : (sum - n / 2) / n; }

void pool(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::PoolPrep p = int8::prepare_pool(g, n);
  const int8::Geometry2D& G = p.geo;
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for (int b = 0; b < G.batch; ++b)
    for (int c = 0; c < G.in_c; ++c)
      for (int oy = 0; oy < G.out_h; ++oy)
        for (int ox = 0; ox < G.out_w; ++ox) {
          const int y0 = oy * G.stride_h - G.pad_top, x0 = ox * G.stride_w - G.pad_left;
          int32_t best = -128, sum = 0, count = 0;
          for (int ky = 0; ky < G.k_h; ++ky)
            for (int kx = 0; kx < G.k_w; ++kx) {
              const int iy = y0 + ky * G.dil_h, ix = x0 + kx * G.dil_w;
              if (iy < 0 || iy >= G.in_h || ix < 0 || ix >= G.in_w) continue;
              const int32_t v = x[((b * G.in_c + c) * G.in_h + iy) * G.in_w + ix];
              best = std::max(best, v);
              sum += p.same_params ? v : v - p.in_zp;
              ++count;
            }
          if (count == 0) fail_node(n.name, n.op_type, "a pooling window lies entirely in the padding");
          int32_t v;
          if (p.is_max) {
            v = best;
          } else {
            int32_t divisor = count;
            if (p.count_include_pad) {
              // Padding positions (not the ceil_mode overhang) count, as real zeros.
              const int h_end = std::min(y0 + (G.k_h - 1) * G.dil_h + 1, G.in_h + G.pad_bottom);
              const int w_end = std::min(x0 + (G.k_w - 1) * G.dil_w + 1, G.in_w + G.pad_right);
              const int hs = (h_end - y0 + G.dil_h - 1) / G.dil_h, ws = (w_end - x0 + G.dil_w - 1) / G.dil_w;
              divisor = hs * ws;
              if (p.same_params) sum += (divisor - count) * p.in_zp;
            }
            if (p.same_params) {
              v = rounded_average(sum, divisor);
            } else {
              const qmath::Multiplier m =
                  qmath::quantize_multiplier(double(p.in_scale) / (double(p.out_scale) * double(divisor)));
              v = qmath::mbqm(sum, m) + p.out_zp;
            }
          }
          y[((b * G.in_c + c) * G.out_h + oy) * G.out_w + ox] = static_cast<int8_t>(clamp_i8(v, p.clamp.min, p.clamp.max));
        }
}

void reduce_mean(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::ReduceMeanPrep p = int8::prepare_reduce_mean(g, n);
  const int8_t* x = in[0]->ptr<int8_t>();
  const size_t r = p.in_shape.size();
  std::vector<bool> reduced(r, false);
  for (int a : p.axes) reduced[a] = true;
  // Output strides over the kept dims, in input-dim order.
  std::vector<int64_t> ostride(r, 0);
  int64_t acc = 1;
  for (size_t d = r; d-- > 0;)
    if (!reduced[d]) { ostride[d] = acc; acc *= p.in_shape[d]; }
  std::vector<int32_t> sums(out.size(), 0);
  std::vector<int64_t> idx(r, 0);
  for (int64_t i = 0; i < in[0]->size(); ++i) {
    int64_t o = 0;
    for (size_t d = 0; d < r; ++d) o += idx[d] * ostride[d];
    sums[o] += x[i] - p.in_zp;
    for (size_t d = r; d-- > 0;) {
      if (++idx[d] < p.in_shape[d]) break;
      idx[d] = 0;
    }
  }
  int8_t* y = out.ptr<int8_t>();
  for (int64_t o = 0; o < out.size(); ++o) y[o] = static_cast<int8_t>(clamp_i8(qmath::mbqm(sums[o], p.mult) + p.out_zp, -128, 127));
}

int clz32(uint32_t v) {
  int n = 0;
  for (uint32_t bit = 0x80000000u; bit && !(v & bit); bit >>= 1) ++n;
  return n;
}

void softmax(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::SoftmaxPrep p = int8::prepare_softmax(g, n);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  std::vector<int32_t> e(p.axis_len);
  std::vector<bool> live(p.axis_len);
  for (int64_t o = 0; o < p.outer; ++o)
    for (int64_t i = 0; i < p.inner; ++i) {
      const int64_t base = o * p.axis_len * p.inner + i;
      int32_t mx = -128;
      for (int64_t j = 0; j < p.axis_len; ++j) mx = std::max<int32_t>(mx, x[base + j * p.inner]);
      int32_t sum = 0;
      for (int64_t j = 0; j < p.axis_len; ++j) {
        const int32_t d = x[base + j * p.inner] - mx;
        live[j] = d >= p.p.diff_min;
        if (!live[j]) continue;
        const int32_t z = qmath::srdhm(static_cast<int32_t>(int64_t{d} * (int64_t{1} << p.p.input.shift)), p.p.input.m);  // Q5.26
        e[j] = qmath::exp_on_negative_values_q5_26(z);
        sum += qmath::rdbpot(e[j], 12);  // Q12.19
      }
      const int headroom = clz32(static_cast<uint32_t>(sum));
      const int bits_over_unit = 12 - headroom;
      const int32_t shifted = static_cast<int32_t>((static_cast<uint32_t>(sum) << headroom) - 0x80000000u);
      const int32_t recip = qmath::one_over_one_plus_x_q0_31(shifted);
      const int shift = bits_over_unit + 31 - 8;
      for (int64_t j = 0; j < p.axis_len; ++j) {
        int32_t v = -128;
        if (live[j]) v = clamp_i8(qmath::rdbpot(qmath::srdhm(recip, e[j]), shift) - 128, -128, 127);
        y[base + j * p.inner] = static_cast<int8_t>(v);
      }
    }
}

}  // namespace

void register_pool_softmax(std::map<std::string, Kernel>& t) {
  t["MaxPool"] = pool;
  t["AveragePool"] = pool;
  t["ReduceMean"] = reduce_mean;
  t["Softmax"] = softmax;
}

}  // namespace tinyc::ref8
