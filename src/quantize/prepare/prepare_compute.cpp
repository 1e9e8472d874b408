// Prepare for the MAC-heavy and elementwise arithmetic ops: Conv, FC, Add/Sub, Mul.
#include <cmath>
#include <cstdlib>

#include "quantize/prepare/prepare_util.h"

namespace tinyc::int8 {
namespace {

const Tensor& weight_tensor(const Graph& g, const Node& n, size_t i) {
  const Tensor& w = g.tensor(n.input(i));
  if (!w.is_constant || w.dtype != DType::I8 || !w.quant) reject(n, "weights must be a constant int8 tensor with parameters");
  for (int32_t z : w.quant->zero_point)
    if (z != 0) reject(n, "weights must be symmetric (zero point 0)");
  return w;
}

const Tensor* bias_tensor(const Graph& g, const Node& n, size_t i, int64_t channels) {
  if (!n.has_input(i)) return nullptr;
  const Tensor& b = g.tensor(n.input(i));
  if (!b.is_constant || b.dtype != DType::I32) reject(n, "bias must be a constant int32 tensor");
  if (b.size() != channels) reject(n, "bias has " + std::to_string(b.size()) + " values for " + std::to_string(channels) + " channels");
  return &b;
}

std::vector<float> per_channel_scales(const Node& n, const Tensor& w, int64_t channels) {
  std::vector<float> s = w.quant->scale;
  if (s.size() == 1) s.assign(channels, s[0]);
  if (static_cast<int64_t>(s.size()) != channels) reject(n, "weights have " + std::to_string(s.size()) + " scales for " + std::to_string(channels) + " channels");
  return s;
}

// The int32 accumulator must not overflow for any input: |bias| + sum |w| * 255 < 2^31.
void check_accumulator(const Node& n, const Tensor& w, const Tensor* b, int64_t channels) {
  const int64_t per = w.size() / channels;
  const int8_t* wd = w.ptr<int8_t>();
  for (int64_t c = 0; c < channels; ++c) {
    int64_t bound = b ? std::llabs(static_cast<int64_t>(b->ptr<int32_t>()[c])) : 0;
    for (int64_t i = 0; i < per; ++i) bound += std::abs(static_cast<int>(wd[c * per + i])) * 255;
    if (bound > INT32_MAX)
      reject(n, "the int32 accumulator of output channel " + std::to_string(c) + " can overflow (bound " + std::to_string(bound) + ")");
  }
}

}  // namespace

ConvPrep prepare_conv(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  const Tensor& w = weight_tensor(g, n, 1);
  ConvPrep p;
  p.geo = window_geometry(g, n, x.shape, y.shape);
  p.groups = static_cast<int>(n.attr_int("group", 1));
  const int oc = p.geo.out_c, ic = p.geo.in_c;
  if (p.groups < 1 || ic % p.groups != 0 || oc % p.groups != 0) reject(n, "group does not divide the channels");
  const Shape& ws = w.shape;
  if (ws.size() != x.shape.size() || ws[0] != oc || ws[1] != ic / p.groups || ws.back() != p.geo.k_w ||
      (ws.size() == 4 && ws[2] != p.geo.k_h))
    reject(n, "weight shape " + shape_str(ws) + " does not match the input, output and kernel");
  const Tensor* b = bias_tensor(g, n, 2, oc);
  check_accumulator(n, w, b, oc);
  p.in_zp = zp_of(x);
  p.out_zp = zp_of(y);
  p.mult = qmath::conv_multipliers(scale_of(x), per_channel_scales(n, w, oc), scale_of(y));
  p.clamp = fused_clamp(n, y);
  p.weights = n.input(1);
  p.bias = b ? n.input(2) : "";
  return p;
}

FcPrep prepare_fc(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  const Tensor& w = weight_tensor(g, n, 1);
  if (w.shape.size() != 2) reject(n, "weights must be [units, depth]");
  if (n.attr_int("transB", 1) != 1) reject(n, "int8 FC weights must be stored [units, depth] (transB = 1)");
  FcPrep p;
  p.units = static_cast<int>(w.shape[0]);
  p.depth = static_cast<int>(w.shape[1]);
  if (x.size() % p.depth != 0) reject(n, "input size " + std::to_string(x.size()) + " is not a multiple of depth " + std::to_string(p.depth));
  p.rows = static_cast<int>(x.size() / p.depth);
  if (y.size() != static_cast<int64_t>(p.rows) * p.units) reject(n, "output size does not match rows x units");
  const Tensor* b = bias_tensor(g, n, 2, p.units);
  check_accumulator(n, w, b, p.units);
  p.in_zp = zp_of(x);
  p.out_zp = zp_of(y);
  if (w.quant->per_channel()) {
    p.mult = qmath::conv_multipliers(scale_of(x), per_channel_scales(n, w, p.units), scale_of(y));
  } else {
    p.mult = {qmath::fc_per_tensor_multiplier(scale_of(x), w.quant->scale[0], scale_of(y))};
  }
  p.clamp = fused_clamp(n, y);
  p.weights = n.input(1);
  p.bias = b ? n.input(2) : "";
  return p;
}

int64_t Broadcast::count() const { return num_elements(out_shape); }

Broadcast make_broadcast(const Shape& a, const Shape& b, const Shape& out) {
  Broadcast bc;
  bc.out_shape = out;
  bc.same_shape = a == out && b == out;
  const size_t r = out.size();
  if (a.size() > r || b.size() > r) fail("broadcast: an input has higher rank than the output");
  auto strides = [&](const Shape& s) {
    std::vector<int64_t> st(r, 0);
    int64_t acc = 1;
    for (size_t i = 0; i < s.size(); ++i) {
      const size_t d = s.size() - 1 - i;       // input dim
      const size_t od = r - 1 - i;             // output dim
      if (s[d] != 1 && s[d] != out[od]) fail("broadcast: shape " + shape_str(s) + " does not broadcast to " + shape_str(out));
      st[od] = s[d] == 1 ? 0 : acc;
      acc *= s[d];
    }
    return st;
  };
  bc.stride_a = strides(a);
  bc.stride_b = strides(b);
  return bc;
}

AddPrep prepare_add(const Graph& g, const Node& n) {
  const Tensor& a = act_input(g, n, 0);
  const Tensor& b = act_input(g, n, 1);
  const Tensor& y = act_output(g, n);
  AddPrep p;
  p.p = qmath::add_params(scale_of(a), zp_of(a), scale_of(b), zp_of(b), scale_of(y), zp_of(y));
  p.subtract = n.op_type == "Sub";
  try {
    p.bc = make_broadcast(a.shape, b.shape, y.shape);
  } catch (const Error& e) {
    reject(n, e.message());
  }
  p.clamp = fused_clamp(n, y);
  return p;
}

MulPrep prepare_mul(const Graph& g, const Node& n) {
  const Tensor& a = act_input(g, n, 0);
  const Tensor& b = act_input(g, n, 1);
  const Tensor& y = act_output(g, n);
  MulPrep p;
  p.za = zp_of(a);
  p.zb = zp_of(b);
  p.z_out = zp_of(y);
  p.mult = qmath::quantize_multiplier(double(scale_of(a)) * double(scale_of(b)) / double(scale_of(y)));
  try {
    p.bc = make_broadcast(a.shape, b.shape, y.shape);
  } catch (const Error& e) {
    reject(n, e.message());
  }
  p.clamp = fused_clamp(n, y);
  return p;
}

}  // namespace tinyc::int8
