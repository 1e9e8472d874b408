// Lowering rules for the arithmetic ops: Conv, Gemm, MatMul, Add, Sub, Mul,
// Div, Relu, Clip, LeakyRelu, PRelu, the table functions and Softmax. Each
// reads its float node, emits the int8 node with normalised attributes
// (explicit pads, FC weights as [units, depth], ...) and declares its output.
#include <cmath>
#include <limits>

#include "quantize/lower/lowering.h"
#include "quantize/lower/op_util.h"
#include "tinyc/error.h"

namespace tinyc::lower {
namespace {

const Shape& shape_of(Lowering& L, const std::string& t) { return L.src().tensor(t).shape; }

void lower_conv(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const float s_in = L.params(x).scale[0];
  const std::string w = L.weights(n.input(1), n, /*axis=*/0);
  const QuantParams wq = *L.out().tensor(w).quant;
  const std::string b = n.has_input(2) ? L.bias(n.input(2), n, s_in, wq) : "";
  const std::string& y = n.outputs.at(0);
  const QuantParams q = L.chosen_output_params(n, y, nullptr);
  const std::string yi = L.define_output(y, shape_of(L, y), q);
  Node& c = L.emit(n, "Conv", {x, w, b}, {yi});
  if (b.empty()) c.inputs.pop_back();
  set_window_attrs(c, n, shape_of(L, n.input(0)), shape_of(L, y), L.out().tensor(w).shape, /*weights_have_channels=*/true);
  c.attrs["group"] = Attribute::of_int(n.attr_int("group", 1));
}

// Transposes a 2-D int8 constant [r, c] -> [c, r]; per-channel axis follows.
void transpose_2d(Tensor& t) {
  const int64_t r = t.shape.at(0), c = t.shape.at(1);
  std::vector<uint8_t> d(t.data.size());
  for (int64_t i = 0; i < r; ++i)
    for (int64_t j = 0; j < c; ++j) d[j * r + i] = t.data[i * c + j];
  t.data = std::move(d);
  t.shape = {c, r};
  if (t.quant && t.quant->per_channel()) t.quant->axis = 1 - t.quant->axis;
}

// Fully connected: y[rows, units] = x[rows, depth] * W[units, depth]^T + b.
void lower_fc(Lowering& L, const Node& n, const std::string& weight_input, bool weights_are_units_by_depth,
              const std::string& bias_input, float alpha, float beta) {
  const std::string x = L.activation(n.input(0), n);
  const float s_in = L.params(x).scale[0];
  const Shape& ws = shape_of(L, weight_input);
  if (ws.size() != 2) L.reject(n, "weights must be 2-D, got " + shape_str(ws));
  std::string w = L.weights(weight_input, n, weights_are_units_by_depth ? 0 : 1);
  Tensor& wt = L.out().tensor(w);
  if (!weights_are_units_by_depth) transpose_2d(wt);
  if (alpha != 1.0f) {
    // Gemm's alpha scales the product: fold it into the weight scales (exact).
    if (alpha <= 0) L.reject(n, "alpha must be positive in int8");
    for (float& s : wt.quant->scale) s *= alpha;
  }
  const QuantParams wq = *wt.quant;
  std::string b;
  if (!bias_input.empty()) {
    if (beta != 1.0f) L.reject(n, "beta other than 1 is not supported in int8");
    const Shape& bs = shape_of(L, bias_input);
    if (num_elements(bs) != wt.shape[0]) L.reject(n, "bias must have one value per output unit, got " + shape_str(bs));
    b = L.bias(bias_input, n, s_in, wq);
  }
  const std::string& y = n.outputs.at(0);
  const QuantParams q = L.chosen_output_params(n, y, nullptr);
  const std::string yi = L.define_output(y, shape_of(L, y), q);
  Node& fc = L.emit(n, "Gemm", {x, w, b}, {yi});
  if (b.empty()) fc.inputs.pop_back();
  fc.attrs["transB"] = Attribute::of_int(1);
}

void lower_gemm(Lowering& L, const Node& n) {
  if (n.attr_int("transA", 0) != 0) L.reject(n, "transA=1 is not supported in int8");
  lower_fc(L, n, n.input(1), n.attr_int("transB", 0) != 0, n.has_input(2) ? n.input(2) : "",
           n.attr_float("alpha", 1.0f), n.attr_float("beta", 1.0f));
}

void lower_matmul(Lowering& L, const Node& n) {
  if (!L.constant(n.input(1))) L.reject(n, "MatMul of two activations has no int8 meaning in tinyc (the second input must be constant weights)");
  if (shape_of(L, n.input(0)).size() < 2) L.reject(n, "a 1-D first input is not supported in int8");
  lower_fc(L, n, n.input(1), /*weights_are_units_by_depth=*/false, "", 1.0f, 1.0f);
}

void lower_binary(Lowering& L, const Node& n) {
  const std::string a = L.operand(n.input(0), n);
  const std::string b = L.operand(n.input(1), n);
  const std::string& y = n.outputs.at(0);
  const std::string yi = L.define_output(y, shape_of(L, y), L.chosen_output_params(n, y, nullptr));
  L.emit(n, n.op_type, {a, b}, {yi});
}

// Requantize with an optional constant factor and clamp: the int8 form of
// Relu, Clip, Div by a scalar constant, and DequantizeLinear->QuantizeLinear.
void emit_requantize(Lowering& L, const Node& n, float factor, const std::string& act, float lo, float hi) {
  const std::string x = L.activation(n.input(0), n);
  const std::string& y = n.outputs.at(0);
  const QuantParams in_q = L.params(x);
  const std::string yi = L.define_output(y, shape_of(L, y), L.chosen_output_params(n, y, &in_q));
  Node& r = L.emit(n, "Requantize", {x}, {yi});
  if (factor != 1.0f) r.attrs["tinyc.factor"] = Attribute::of_float(factor);
  if (!act.empty()) {
    r.attrs["tinyc.activation"] = Attribute::of_string(act);
    r.attrs["tinyc.act_min"] = Attribute::of_float(lo);
    r.attrs["tinyc.act_max"] = Attribute::of_float(hi);
  }
}

void lower_div(Lowering& L, const Node& n) {
  const Tensor* c = L.constant(n.input(1));
  if (!c) L.reject(n, "division by an activation has no int8 meaning in tinyc (the divisor must be constant)");
  if (c->size() != 1) L.reject(n, "division by a non-scalar constant is not supported in int8");
  float d = c->to_float().at(0);
  if (c->quant) d = c->quant->scale[0] * (d - c->quant->zero_point[0]);
  if (d == 0 || !std::isfinite(d)) L.reject(n, "division by zero");
  emit_requantize(L, n, 1.0f / d, "", 0, 0);
}

void lower_relu(Lowering& L, const Node& n) {
  emit_requantize(L, n, 1.0f, "Relu", 0.0f, std::numeric_limits<float>::infinity());
}

void lower_clip(Lowering& L, const Node& n) {
  float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
  if (L.src().opset() < 11) {
    lo = n.attr_float("min", lo);
    hi = n.attr_float("max", hi);
  } else {
    for (int i : {1, 2}) {
      if (!n.has_input(i)) continue;
      const Tensor* c = L.constant(n.input(i));
      if (!c) L.reject(n, "min/max must be constant in int8");
      float v = c->to_float().at(0);
      if (c->quant) v = c->quant->scale[0] * (v - c->quant->zero_point[0]);
      (i == 1 ? lo : hi) = v;
    }
  }
  emit_requantize(L, n, 1.0f, "Clip", lo, hi);
}

void lower_leaky(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const std::string& y = n.outputs.at(0);
  const QuantParams in_q = L.params(x);
  const std::string yi = L.define_output(y, shape_of(L, y), L.chosen_output_params(n, y, &in_q));
  Node& r = L.emit(n, "LeakyRelu", {x}, {yi});
  r.attrs["alpha"] = Attribute::of_float(n.attr_float("alpha", 0.01f));
}

void lower_prelu(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const Tensor* c = L.constant(n.input(1));
  if (!c) L.reject(n, "the slope must be constant in int8");
  // The slope enters the multipliers (prepare), so it is kept as real values.
  std::vector<float> v = c->to_float();
  if (c->quant) {
    const QuantParams& q = *c->quant;
    if (q.per_channel()) L.reject(n, "a per-channel quantized slope is not supported");
    for (float& s : v) s = q.scale[0] * (s - q.zero_point[0]);
  }
  const std::string slope_name = L.out().unique_name(n.input(1) + "_real");
  L.out().add_tensor(Tensor::from_float(slope_name, c->shape, v));
  const std::string& y = n.outputs.at(0);
  const QuantParams in_q = L.params(x);
  const std::string yi = L.define_output(y, shape_of(L, y), L.chosen_output_params(n, y, &in_q));
  L.emit(n, "PRelu", {x, slope_name}, {yi});
}

void lower_table_function(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const std::string& y = n.outputs.at(0);
  // Without a QuantizeLinear, TFLite's conventional output ranges.
  QuantParams fallback{{1.0f / 256.0f}, {-128}, 0};
  if (n.op_type == "Tanh") fallback = QuantParams{{1.0f / 128.0f}, {0}, 0};
  const bool has_fallback = n.op_type != "HardSwish";
  const std::string yi = L.define_output(y, shape_of(L, y), L.chosen_output_params(n, y, has_fallback ? &fallback : nullptr));
  Node& r = L.emit(n, n.op_type, {x}, {yi});
  for (const char* k : {"alpha", "beta"})
    if (n.has_attr(k)) r.attrs[k] = n.attrs.at(k);
}

void lower_softmax(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const std::string& y = n.outputs.at(0);
  const Shape& s = shape_of(L, n.input(0));
  const int64_t rank = static_cast<int64_t>(s.size());
  const bool old = L.src().opset() < 13;
  int64_t axis = n.attr_int("axis", old ? 1 : -1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) L.reject(n, "axis out of range");
  // TFLite's int8 softmax writes scale 1/256, zero point -128; other
  // parameters asked for by the model become a Requantize after it.
  const QuantParams fixed{{1.0f / 256.0f}, {-128}, 0};
  const std::string yi = L.define_output(y, s, fixed);
  Node& r = L.emit(n, "Softmax", {x}, {yi});
  r.attrs["axis"] = Attribute::of_int(axis);
  if (old) r.attrs["tinyc.coerce_2d"] = Attribute::of_int(1);  // opset < 13: softmax over dims axis..end
  if (n.has_attr("beta")) r.attrs["beta"] = n.attrs.at("beta");
}

}  // namespace

void register_compute_lowerings(std::map<std::string, OpLowering>& t) {
  t["Conv"] = lower_conv;
  t["Gemm"] = lower_gemm;
  t["MatMul"] = lower_matmul;
  t["Add"] = lower_binary;
  t["Sub"] = lower_binary;
  t["Mul"] = lower_binary;
  t["Div"] = lower_div;
  t["Relu"] = lower_relu;
  t["Clip"] = lower_clip;
  t["LeakyRelu"] = lower_leaky;
  t["PRelu"] = lower_prelu;
  t["Sigmoid"] = lower_table_function;
  t["Tanh"] = lower_table_function;
  t["HardSigmoid"] = lower_table_function;
  t["HardSwish"] = lower_table_function;
  t["Softmax"] = lower_softmax;
}

}  // namespace tinyc::lower
