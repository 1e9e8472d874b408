// Sliding-window ops: Conv (grouped, depthwise, dilated), ConvInteger,
// QLinearConv, MaxPool, AveragePool, the global pools and com.microsoft's
// QLinearAveragePool / QLinearGlobalAveragePool (which may be channels-last).
#include "frontend/shapes/rule.h"

#include <algorithm>

namespace tinyc::shapes {
namespace {

int64_t div_floor(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t div_ceil(int64_t a, int64_t b) { return -div_floor(-a, b); }

std::vector<int64_t> attr_n(const NodeCtx& c, const char* name, size_t n, int64_t dflt) {
  std::vector<int64_t> v = c.node.attr_ints(name, std::vector<int64_t>(n, dflt));
  if (v.size() != n)
    c.fail(std::string("attribute '") + name + "' has " + std::to_string(v.size()) + " values, expected " + std::to_string(n));
  return v;
}

/// Output spatial sizes for input spatial sizes `in` and kernel `k`, from the
/// node's strides, dilations, pads / auto_pad and (pools) ceil_mode.
Shape window_out(const NodeCtx& c, const Shape& in, const Shape& k, bool ceil_mode_allowed) {
  const size_t r = in.size();
  std::vector<int64_t> strides = attr_n(c, "strides", r, 1);
  std::vector<int64_t> dil = attr_n(c, "dilations", r, 1);
  std::vector<int64_t> pads = attr_n(c, "pads", 2 * r, 0);
  std::string auto_pad = c.node.attr_string("auto_pad", "NOTSET");
  bool ceil_mode = ceil_mode_allowed && c.node.attr_int("ceil_mode", 0) != 0;
  Shape out(r);
  for (size_t i = 0; i < r; ++i) {
    if (k[i] <= 0 || strides[i] <= 0 || dil[i] <= 0)
      c.fail("kernel, strides and dilations must be positive (spatial dimension " + std::to_string(i) + ")");
    if (k[i] > (int64_t{1} << 31) || dil[i] > (int64_t{1} << 31)) c.fail("kernel or dilation is absurdly large");
    const int64_t span = (k[i] - 1) * dil[i] + 1;
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      out[i] = div_ceil(in[i], strides[i]);
      continue;
    }
    int64_t pb = 0, pe = 0;
    if (auto_pad == "NOTSET") {
      pb = pads[i];
      pe = pads[r + i];
      if (pb < 0 || pe < 0) c.fail("negative pads are not allowed");
    } else if (auto_pad != "VALID") {
      c.fail("auto_pad '" + auto_pad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
    }
    const int64_t room = in[i] + pb + pe - span;
    if (room < 0)
      c.fail("kernel extent " + std::to_string(span) + " is larger than the padded input (" +
             std::to_string(in[i] + pb + pe) + ") in spatial dimension " + std::to_string(i));
    out[i] = (ceil_mode ? div_ceil(room, strides[i]) : room / strides[i]) + 1;
    // With ceil_mode a last window starting in the end padding is dropped
    // (onnxruntime, PyTorch and the float reference agree on this).
    if (ceil_mode && (out[i] - 1) * strides[i] >= in[i] + pb) --out[i];
  }
  return out;
}

Shape spatial(const Shape& s) { return Shape(s.begin() + 2, s.end()); }

/// Conv-like: x at input xi, weights at wi. Returns [N, M, out spatial...].
Shape conv_shape(const NodeCtx& c, size_t xi, size_t wi) {
  const Shape& x = c.shape(xi);
  const Shape& w = c.shape(wi);
  if (x.size() < 3) c.fail("input of shape " + shape_str(x) + " has no spatial dimensions (N x C x D1 ... expected)");
  if (w.size() != x.size())
    c.fail("weights of shape " + shape_str(w) + " do not match the input's rank (" + shape_str(x) + ")");
  const int64_t group = c.node.attr_int("group", 1);
  if (group <= 0) c.fail("group must be positive");
  if (x[1] != w[1] * group)
    c.fail("input has " + std::to_string(x[1]) + " channels, weights expect " + std::to_string(w[1]) + " x group " +
           std::to_string(group));
  if (w[0] % group != 0)
    c.fail(std::to_string(w[0]) + " output channels are not divisible by group " + std::to_string(group));
  Shape k = spatial(w);
  if (c.node.has_attr("kernel_shape") && c.node.attr_ints("kernel_shape") != k)
    c.fail("kernel_shape does not match the weights' shape " + shape_str(w));
  Shape out = {x[0], w[0]};
  for (int64_t d : window_out(c, spatial(x), k, false)) out.push_back(d);
  return out;
}

void check_bias(const NodeCtx& c, size_t bi, int64_t m) {
  if (c.has(bi) && c.shape(bi) != Shape{m})
    c.fail("bias of shape " + shape_str(c.shape(bi)) + " does not match " + std::to_string(m) + " output channels");
}

std::vector<OutInfo> conv(const NodeCtx& c) {
  c.require_inputs(2, 3);
  Shape out = conv_shape(c, 0, 1);
  check_bias(c, 2, out[1]);
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> conv_integer(const NodeCtx& c) {
  c.require_inputs(2, 4);
  return {OutInfo{conv_shape(c, 0, 1), DType::I32, std::nullopt}};
}

std::vector<OutInfo> qlinear_conv(const NodeCtx& c) {
  // x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B
  c.require_inputs(8, 9);
  Shape out = conv_shape(c, 0, 3);
  check_bias(c, 8, out[1]);
  return {OutInfo{out, c.dtype(7), std::nullopt}};
}

/// Pooling on input `xi`; channels_last for com.microsoft's QLinear pools.
std::vector<OutInfo> pool_at(const NodeCtx& c, size_t xi, bool channels_last) {
  const Shape& x = c.shape(xi);
  if (x.size() < 3) c.fail("input of shape " + shape_str(x) + " has no spatial dimensions");
  Shape sp = channels_last ? Shape(x.begin() + 1, x.end() - 1) : spatial(x);
  if (!c.node.has_attr("kernel_shape")) c.fail("attribute 'kernel_shape' is required");
  Shape k = c.node.attr_ints("kernel_shape");
  if (k.size() != sp.size())
    c.fail("kernel_shape has " + std::to_string(k.size()) + " dimensions, the input " + std::to_string(sp.size()));
  Shape o = window_out(c, sp, k, true);
  Shape out = {x[0]};
  if (!channels_last) out.push_back(x[1]);
  out.insert(out.end(), o.begin(), o.end());
  if (channels_last) out.push_back(x.back());
  return {OutInfo{out, c.dtype(xi), std::nullopt}};
}

std::vector<OutInfo> pool(const NodeCtx& c) {
  c.require_inputs(1, 1);
  return pool_at(c, 0, false);
}

std::vector<OutInfo> global_pool_at(const NodeCtx& c, size_t xi, bool channels_last) {
  const Shape& x = c.shape(xi);
  if (x.size() < 3) c.fail("input of shape " + shape_str(x) + " has no spatial dimensions");
  Shape out(x.size(), 1);
  out[0] = x[0];
  out[channels_last ? x.size() - 1 : 1] = channels_last ? x.back() : x[1];
  return {OutInfo{out, c.dtype(xi), std::nullopt}};
}

std::vector<OutInfo> global_pool(const NodeCtx& c) {
  c.require_inputs(1, 1);
  return global_pool_at(c, 0, false);
}

std::vector<OutInfo> qlinear_average_pool(const NodeCtx& c) {
  // X, x_scale, x_zero_point (optional), y_scale, y_zero_point (optional)
  c.require_inputs(2, 5);
  if (!c.has(3)) c.fail("y_scale (input 3) is required");
  return pool_at(c, 0, c.node.attr_int("channels_last", 0) != 0);
}

std::vector<OutInfo> qlinear_global_average_pool(const NodeCtx& c) {
  c.require_inputs(2, 5);
  if (!c.has(3)) c.fail("y_scale (input 3) is required");
  return global_pool_at(c, 0, c.node.attr_int("channels_last", 0) != 0);
}

std::string check_maxpool(const Node& n, int64_t) {
  if (n.outputs.size() > 1 && !n.outputs[1].empty()) return "the Indices output is not supported";
  return "";
}

std::string check_avgpool(const Node& n, int64_t) {
  for (int64_t d : n.attr_ints("dilations", {}))
    if (d != 1) return "dilated AveragePool is not supported";
  return "";
}

const std::vector<OpRule> kRules = {
    {"", "Conv", 1, 22, conv},
    {"", "ConvInteger", 10, 22, conv_integer, nullptr, "ConvInteger exists from opset 10"},
    {"", "QLinearConv", 10, 22, qlinear_conv, nullptr, "QLinearConv exists from opset 10"},
    {"", "MaxPool", 1, 22, pool, check_maxpool},
    {"", "AveragePool", 1, 22, pool, check_avgpool},
    {"", "GlobalAveragePool", 1, 22, global_pool},
    {"", "GlobalMaxPool", 1, 22, global_pool},
    {"com.microsoft", "QLinearAveragePool", 1, 1, qlinear_average_pool},
    {"com.microsoft", "QLinearGlobalAveragePool", 1, 1, qlinear_global_average_pool},
};

}  // namespace

const std::vector<OpRule>& conv_pool_rules() { return kRules; }

}  // namespace tinyc::shapes
