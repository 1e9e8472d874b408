// Prepare for pooling, reductions, softmax and the one-input pointwise ops
// (Requantize, LeakyRelu/PRelu, table functions).
#include <cmath>

#include "quantize/prepare/prepare_util.h"

namespace tinyc::int8 {
namespace {
bool same_params(const Tensor& a, const Tensor& b) {
  // TFLite's average pool accepts scales equal within 1e-6 (and equal zero points).
  return zp_of(a) == zp_of(b) && std::fabs(scale_of(a) - scale_of(b)) <= 1e-6f * scale_of(a);
}
}  // namespace

PoolPrep prepare_pool(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  PoolPrep p;
  p.geo = window_geometry(g, n, x.shape, y.shape);
  if (p.geo.out_c != p.geo.in_c) reject(n, "pooling changes the channel count");
  p.is_max = n.op_type == "MaxPool";
  p.count_include_pad = n.attr_int("count_include_pad", 0) != 0;
  p.same_params = same_params(x, y);
  if (p.is_max && !p.same_params) reject(n, "max pooling must keep its input's parameters");
  p.in_zp = zp_of(x);
  p.out_zp = zp_of(y);
  p.in_scale = scale_of(x);
  p.out_scale = scale_of(y);
  p.clamp = fused_clamp(n, y);
  return p;
}

ReduceMeanPrep prepare_reduce_mean(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  ReduceMeanPrep p;
  p.in_shape = x.shape;
  for (int64_t a : n.attr_ints("axes")) {
    if (a < 0 || a >= static_cast<int64_t>(x.shape.size())) reject(n, "axis out of range");
    p.axes.push_back(static_cast<int>(a));
    p.count *= x.shape[a];
  }
  if (p.count == 0 || x.size() / p.count != y.size()) reject(n, "output size does not match the reduction");
  p.in_zp = zp_of(x);
  p.out_zp = zp_of(y);
  p.mult = qmath::quantize_multiplier(double(scale_of(x)) / (double(scale_of(y)) * double(p.count)));
  return p;
}

SoftmaxPrep prepare_softmax(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  if (zp_of(y) != -128 || scale_of(y) != 1.0f / 256.0f) reject(n, "the int8 softmax output must have scale 1/256 and zero point -128");
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const int64_t axis = n.attr_int("axis", rank - 1);
  if (axis < 0 || axis >= rank) reject(n, "axis out of range");
  SoftmaxPrep p;
  const bool coerce = n.attr_int("tinyc.coerce_2d", 0) != 0;
  for (int64_t d = 0; d < rank; ++d) {
    if (d < axis) p.outer *= x.shape[d];
    else if (d == axis || coerce) p.axis_len *= x.shape[d];
    else p.inner *= x.shape[d];
  }
  // TFLite's fixed-point sum of exps overflows its shift range from 512 equal entries on.
  if (p.axis_len >= 512) reject(n, "rows of " + std::to_string(p.axis_len) + " entries: the int8 softmax takes at most 511");
  p.p = qmath::softmax_params(n.attr_float("beta", 1.0f), scale_of(x));
  return p;
}

RequantPrep prepare_requantize(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  RequantPrep p;
  p.in_zp = zp_of(x);
  p.out_zp = zp_of(y);
  const float factor = n.attr_float("tinyc.factor", 1.0f);
  p.negate = factor < 0;
  p.identity = factor == 1.0f && scale_of(x) == scale_of(y) && zp_of(x) == zp_of(y);
  p.mult = qmath::quantize_multiplier(double(scale_of(x)) * std::fabs(double(factor)) / double(scale_of(y)));
  p.clamp = fused_clamp(n, y);
  return p;
}

LeakyPrep prepare_leaky(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  LeakyPrep p;
  p.in_zp = zp_of(x);
  p.out_zp = zp_of(y);
  p.identity = qmath::quantize_multiplier(double(scale_of(x)) / double(scale_of(y)));
  std::vector<float> alpha;
  if (n.op_type == "LeakyRelu") {
    alpha = {n.attr_float("alpha", 0.01f)};
  } else {
    const Tensor& slope = g.tensor(n.input(1));
    if (!slope.is_constant || slope.dtype != DType::F32) reject(n, "slope must be a float constant");
    alpha = slope.to_float();
    if (alpha.size() > 1) {
      // One slope per channel (axis 1 of NC...): shapes [C], [C,1,..] or [1,C,1,..].
      if (x.shape.size() < 2 || static_cast<int64_t>(alpha.size()) != x.shape[1])
        reject(n, "slope must be a scalar or one value per channel (axis 1)");
      p.channels = x.shape[1];
      for (size_t d = 2; d < x.shape.size(); ++d) p.inner *= x.shape[d];
    }
  }
  for (float a : alpha) {
    p.alpha.push_back(qmath::quantize_multiplier(double(scale_of(x)) * std::fabs(double(a)) / double(scale_of(y))));
    p.alpha_negative.push_back(a < 0);
  }
  return p;
}

float table_function(const Node& n, float x) {
  if (n.op_type == "Sigmoid") return 1.0f / (1.0f + std::exp(-x));
  if (n.op_type == "Tanh") return std::tanh(x);
  if (n.op_type == "HardSigmoid") {
    const float v = n.attr_float("alpha", 0.2f) * x + n.attr_float("beta", 0.5f);
    return std::fmin(1.0f, std::fmax(0.0f, v));
  }
  if (n.op_type == "HardSwish") return x * std::fmin(1.0f, std::fmax(0.0f, x / 6.0f + 0.5f));
  reject(n, "no table function for this op");
}

LutPrep prepare_lut(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  LutPrep p;
  for (int q = -128; q <= 127; ++q) {
    const float real = scale_of(x) * static_cast<float>(q - zp_of(x));
    const float out = std::nearbyint(table_function(n, real) / scale_of(y)) + static_cast<float>(zp_of(y));  // half to even
    p.table[q + 128] = static_cast<int8_t>(std::fmin(127.0f, std::fmax(-128.0f, out)));
  }
  return p;
}

}  // namespace tinyc::int8
