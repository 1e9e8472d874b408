// Constants in the int8 graph: Q/DQ parameters, uint8 -> int8, weights
// (symmetric int8 per channel), biases (int32 at scale s_in * s_w), and
// constant operands of elementwise ops. Where a model's constant cannot be
// kept exactly in the spec's form, it is re-quantized and a note says so.
#include <algorithm>
#include <cmath>
#include <limits>

#include "quantize/lower/lowering.h"
#include "tinyc/error.h"

namespace tinyc::lower {

QuantParams node_qparams(const Graph& g, const Node& n, bool to_int8) {
  QuantParams q;
  const std::string& s = n.input(1);
  if (!g.is_constant(s)) fail_node(n.name, n.op_type, "scale must be a constant");
  q.scale = g.tensor(s).to_float();
  if (q.scale.empty()) fail_node(n.name, n.op_type, "scale is empty");
  for (float v : q.scale)
    if (!(v > 0) || !std::isfinite(v)) fail_node(n.name, n.op_type, "scale " + std::to_string(v) + " is not a positive number");
  DType qtype = DType::U8;  // QuantizeLinear without a zero point produces uint8
  if (n.has_input(2)) {
    if (!g.is_constant(n.input(2))) fail_node(n.name, n.op_type, "zero point must be a constant");
    const Tensor& z = g.tensor(n.input(2));
    qtype = z.dtype;
    for (int64_t v : z.to_int64()) q.zero_point.push_back(static_cast<int32_t>(v));
  } else {
    q.zero_point.assign(q.scale.size(), 0);
  }
  if (n.op_type == "DequantizeLinear" && g.has_tensor(n.input(0))) qtype = g.tensor(n.input(0)).dtype;
  if (q.zero_point.size() == 1 && q.scale.size() > 1) q.zero_point.assign(q.scale.size(), q.zero_point[0]);
  if (q.zero_point.size() != q.scale.size()) fail_node(n.name, n.op_type, "scale and zero point sizes differ");
  q.axis = static_cast<int>(n.attr_int("axis", 1));
  if (q.per_channel() && q.axis < 0) {
    const int64_t rank = static_cast<int64_t>(g.tensor(n.input(0)).shape.size());
    q.axis += static_cast<int>(rank);
  }
  if (!q.per_channel()) q.axis = 0;
  if (to_int8 && qtype == DType::U8)
    for (auto& z : q.zero_point) z -= 128;
  return q;
}

Tensor uint8_to_int8(const Tensor& t) {
  Tensor r = t;
  r.dtype = DType::I8;
  for (auto& b : r.data) b = static_cast<uint8_t>(static_cast<int8_t>(static_cast<int>(b) - 128));
  if (r.quant)
    for (auto& z : r.quant->zero_point) z -= 128;
  return r;
}

namespace {

// Real values of a (possibly quantized) constant.
std::vector<float> real_values(const Tensor& c) {
  std::vector<float> v = c.to_float();
  if (!c.quant) return v;
  const QuantParams& q = *c.quant;
  int64_t inner = 1, channels = 1;
  if (q.per_channel()) {
    channels = c.shape.at(q.axis);
    for (size_t d = q.axis + 1; d < c.shape.size(); ++d) inner *= c.shape[d];
  }
  for (size_t i = 0; i < v.size(); ++i) {
    const size_t ch = q.per_channel() ? (i / inner) % channels : 0;
    v[i] = q.scale[ch] * (v[i] - static_cast<float>(q.zero_point[ch]));
  }
  return v;
}

// Symmetric int8 quantization along `axis` (or per tensor when axis < 0), range -127..127.
Tensor quantize_symmetric(const std::string& name, const Shape& shape, const std::vector<float>& v, int axis) {
  int64_t inner = 1, channels = 1;
  if (axis >= 0) {
    channels = shape.at(axis);
    for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  }
  std::vector<float> amax(channels, 0.0f);
  for (size_t i = 0; i < v.size(); ++i) {
    const size_t ch = axis >= 0 ? (i / inner) % channels : 0;
    amax[ch] = std::max(amax[ch], std::fabs(v[i]));
  }
  QuantParams q;
  q.axis = axis >= 0 ? axis : 0;
  for (float a : amax) {
    q.scale.push_back(a > 0 ? a / 127.0f : 1.0f);
    q.zero_point.push_back(0);
  }
  std::vector<int8_t> data(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    const size_t ch = axis >= 0 ? (i / inner) % channels : 0;
    const float r = std::nearbyint(v[i] / q.scale[ch]);
    data[i] = static_cast<int8_t>(std::clamp(r, -127.0f, 127.0f));
  }
  Tensor t = Tensor::from_values(name, DType::I8, shape, data);
  t.quant = q;
  return t;
}

}  // namespace

std::string Lowering::weights(const std::string& t, const Node& user, int axis) {
  const Tensor* c = constant(t);
  if (!c) reject(user, "weights '" + t + "' are not constant");
  Tensor w;
  const std::string name = out_.has_tensor(t) ? out_.unique_name(t) : t;
  if (c->dtype == DType::I8 && c->quant) {
    w = *c;
    w.name = name;
    const QuantParams& q = *w.quant;
    const bool symmetric = std::all_of(q.zero_point.begin(), q.zero_point.end(), [](int32_t z) { return z == 0; });
    const bool axis_ok = !q.per_channel() || q.axis == axis;
    if (!symmetric || !axis_ok) {
      note(user, std::string(!symmetric ? "weights have a non-zero zero point" : "weights are quantized along another axis") +
                     ": re-quantized to symmetric int8 per channel (not bit-exact with the model's own arithmetic)");
      w = quantize_symmetric(name, c->shape, real_values(*c), axis);
    }
  } else if (c->dtype == DType::F32 || c->dtype == DType::F64 || c->dtype == DType::F16) {
    note(user, "weights are float in this model: quantized to symmetric int8 per channel");
    w = quantize_symmetric(name, c->shape, c->to_float(), axis);
  } else {
    reject(user, std::string("weights '") + t + "' have dtype " + dtype_name(c->dtype) + "; int8 or float expected");
  }
  w.is_constant = true;
  out_.add_tensor(w);
  return name;
}

std::string Lowering::bias(const std::string& t, const Node& user, float s_in, const QuantParams& wq) {
  const Tensor* c = constant(t);
  if (!c) reject(user, "bias '" + t + "' is not constant");
  const int64_t n = c->size();
  if (wq.per_channel() && static_cast<int64_t>(wq.scale.size()) != n)
    reject(user, "bias has " + std::to_string(n) + " values for " + std::to_string(wq.scale.size()) + " output channels");
  std::vector<float> want(n);
  for (int64_t i = 0; i < n; ++i) want[i] = s_in * wq.scale[wq.per_channel() ? i : 0];  // float32, as exporters compute it
  Tensor b(out_.has_tensor(t) ? out_.unique_name(t) : t, DType::I32, {n});
  b.is_constant = true;
  std::vector<int32_t> data(n);
  bool exact = c->dtype == DType::I32 && c->quant;
  if (exact) {
    const QuantParams& q = *c->quant;
    for (int64_t i = 0; i < n && exact; ++i) {
      const size_t ch = q.per_channel() ? i : 0;
      exact = q.zero_point[ch] == 0 && std::fabs(q.scale[ch] - want[i]) <= 1e-6f * want[i];
    }
  }
  if (exact) {
    const std::vector<int64_t> v = c->to_int64();
    for (int64_t i = 0; i < n; ++i) data[i] = static_cast<int32_t>(v[i]);
  } else {
    if (c->quant) note(user, "bias scale differs from input scale x weight scale: bias re-quantized");
    const std::vector<float> real = real_values(*c);
    for (int64_t i = 0; i < n; ++i) {
      const double q = std::nearbyint(double(real[i]) / double(want[i]));
      data[i] = static_cast<int32_t>(std::clamp(q, -2147483648.0, 2147483647.0));
    }
  }
  b.data.resize(n * 4);
  std::copy(reinterpret_cast<const uint8_t*>(data.data()), reinterpret_cast<const uint8_t*>(data.data()) + n * 4, b.data.begin());
  QuantParams bq;
  bq.scale = want;
  bq.zero_point.assign(n, 0);
  bq.axis = 0;
  b.quant = bq;
  out_.add_tensor(b);
  return b.name;
}

std::string Lowering::operand(const std::string& t, const Node& user) {
  if (has_activation(t)) return activation(t, user);
  const Tensor* c = constant(t);
  if (!c) activation(t, user);  // throws the right message
  const std::string name = out_.has_tensor(t) ? out_.unique_name(t) : t;
  if (c->dtype == DType::I8 && c->quant && !c->quant->per_channel()) {
    Tensor k = *c;
    k.name = name;
    k.is_constant = true;
    out_.add_tensor(k);
    return name;
  }
  if (c->dtype == DType::I32) reject(user, "an int32 constant operand has no int8 meaning");
  // A float (or per-channel) constant: quantize per tensor, asymmetric, over its range including 0.
  note(user, "constant operand '" + t + "' quantized per tensor to int8");
  const std::vector<float> v = real_values(*c);
  float lo = 0, hi = 0;
  for (float x : v) { lo = std::min(lo, x); hi = std::max(hi, x); }
  const float scale = hi > lo ? (hi - lo) / 255.0f : 1.0f;
  const int32_t zp = static_cast<int32_t>(std::clamp(std::nearbyint(-128.0f - lo / scale), -128.0f, 127.0f));
  std::vector<int8_t> data(v.size());
  for (size_t i = 0; i < v.size(); ++i)
    data[i] = static_cast<int8_t>(std::clamp(std::nearbyint(v[i] / scale) + zp, -128.0f, 127.0f));
  Tensor k = Tensor::from_values(name, DType::I8, c->shape, data);
  k.quant = QuantParams{{scale}, {zp}, 0};
  out_.add_tensor(k);
  return name;
}

}  // namespace tinyc::lower
