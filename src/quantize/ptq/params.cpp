#include "params.h"

#include <algorithm>
#include <cmath>

#include "tinyc/error.h"

namespace tinyc::ptq {

QuantParams activation_params(FloatRange r) {
  r = include_zero(r);
  QuantParams p;
  const float scale = static_cast<float>((r.hi - r.lo) / 255.0);
  if (!(scale > 0) || !std::isfinite(scale)) {
    p.scale = {1.0f};
    p.zero_point = {0};
    return p;
  }
  // round half to even (the default FP rounding mode), as numpy's round.
  const double z = std::nearbyint(-128.0 - r.lo / static_cast<double>(scale));
  p.scale = {scale};
  p.zero_point = {static_cast<int32_t>(std::clamp(z, -128.0, 127.0))};
  return p;
}

namespace {

// Splits a shape at `axis` into (outer, channels, inner) element counts.
struct AxisSplit {
  int64_t outer = 1, channels = 1, inner = 1;
};
AxisSplit split_at(const Shape& s, int axis) {
  AxisSplit r;
  if (axis < 0) {
    r.inner = num_elements(s);
    return r;
  }
  for (int d = 0; d < static_cast<int>(s.size()); ++d) {
    if (d < axis) r.outer *= s[static_cast<size_t>(d)];
    else if (d == axis) r.channels = s[static_cast<size_t>(d)];
    else r.inner *= s[static_cast<size_t>(d)];
  }
  return r;
}

size_t channel_of(const AxisSplit& a, int64_t flat) {
  return static_cast<size_t>((flat / a.inner) % a.channels);
}

}  // namespace

QuantParams weight_params(const Tensor& w, int axis) {
  if (axis >= static_cast<int>(w.shape.size()))
    fail("weight axis " + std::to_string(axis) + " is outside the rank of '" + w.name + "'", ErrorKind::Internal);
  const AxisSplit a = split_at(w.shape, axis);
  std::vector<float> amax(static_cast<size_t>(a.channels), 0.0f);
  const std::vector<float> v = w.to_float();
  for (int64_t i = 0; i < static_cast<int64_t>(v.size()); ++i) {
    float& m = amax[channel_of(a, i)];
    m = std::max(m, std::fabs(v[static_cast<size_t>(i)]));
  }
  QuantParams p;
  p.axis = std::max(axis, 0);
  for (float m : amax) {
    if (!std::isfinite(m)) fail("weight '" + w.name + "' has a non-finite value");
    p.scale.push_back(m > 0 ? m / 127.0f : 1.0f);
    p.zero_point.push_back(0);
  }
  return p;
}

Tensor quantize_constant_i8(const Tensor& w, const QuantParams& p, bool symmetric) {
  const int axis = p.per_channel() ? p.axis : -1;
  const AxisSplit a = split_at(w.shape, axis);
  const std::vector<float> v = w.to_float();
  std::vector<int8_t> q(v.size());
  const double qmin = symmetric ? -127.0 : -128.0;
  for (int64_t i = 0; i < static_cast<int64_t>(v.size()); ++i) {
    const size_t c = axis < 0 ? 0 : channel_of(a, i);
    const double x = std::nearbyint(static_cast<double>(v[static_cast<size_t>(i)]) / p.scale[c]) + p.zero_point[c];
    q[static_cast<size_t>(i)] = static_cast<int8_t>(std::clamp(x, qmin, 127.0));
  }
  Tensor t = Tensor::from_values(w.name, DType::I8, w.shape, q);
  t.quant = p;
  return t;
}

Tensor quantize_bias_i32(const Tensor& b, float s_in, const std::vector<float>& s_w) {
  const int axis = s_w.size() > 1 ? static_cast<int>(b.shape.size()) - 1 : -1;
  if (axis >= 0 && b.shape[static_cast<size_t>(axis)] != static_cast<int64_t>(s_w.size()))
    fail("bias '" + b.name + "' has shape " + shape_str(b.shape) + ", expected " + std::to_string(s_w.size()) +
         " channels");
  QuantParams p;
  p.axis = std::max(axis, 0);
  for (float sw : s_w) {
    p.scale.push_back(s_in * sw);  // float32 product, as onnxruntime computes it
    p.zero_point.push_back(0);
  }
  const AxisSplit a = split_at(b.shape, axis);
  const std::vector<float> v = b.to_float();
  std::vector<int32_t> q(v.size());
  for (int64_t i = 0; i < static_cast<int64_t>(v.size()); ++i) {
    const size_t c = axis < 0 ? 0 : channel_of(a, i);
    const double x = std::nearbyint(static_cast<double>(v[static_cast<size_t>(i)]) / p.scale[c]);
    q[static_cast<size_t>(i)] = static_cast<int32_t>(std::clamp(x, -2147483648.0, 2147483647.0));
  }
  Tensor t = Tensor::from_values(b.name, DType::I32, b.shape, q);
  t.quant = p;
  return t;
}

}  // namespace tinyc::ptq
