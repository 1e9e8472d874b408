// Lowering rules for pooling, ReduceMean and the data-movement ops (Reshape
// and its kin, Transpose, Concat, Slice, Pad, Resize). Data movement keeps the
// input's parameters; constant shape/index inputs become attributes so that
// the int8 node is self-describing.
#include <algorithm>
#include <cmath>

#include "quantize/lower/lowering.h"
#include "quantize/lower/op_util.h"
#include "tinyc/error.h"

namespace tinyc::lower {
namespace {

const Shape& shape_of(Lowering& L, const std::string& t) { return L.src().tensor(t).shape; }

// Declares y with the input's parameters (data movement), emits the node.
Node& emit_pass_through(Lowering& L, const Node& n, const std::string& op_type, const std::string& x) {
  const std::string& y = n.outputs.at(0);
  const QuantParams q = L.params(x);
  const std::string yi = L.define_output(y, shape_of(L, y), q);
  return L.emit(n, op_type, {x}, {yi});
}

void lower_pool(Lowering& L, const Node& n) {
  if (n.outputs.size() > 1 && !n.outputs[1].empty()) L.reject(n, "the Indices output is not supported");
  const std::string x = L.activation(n.input(0), n);
  const Shape& in = shape_of(L, n.input(0));
  const std::string& y = n.outputs.at(0);
  const bool global = n.op_type.rfind("Global", 0) == 0;
  const bool is_max = n.op_type.find("Max") != std::string::npos;
  const QuantParams in_q = L.params(x);
  // Max pooling commutes with requantization: it runs in the input's
  // parameters. Average pooling may change them (prepare decides how).
  const QuantParams q = is_max ? in_q : L.chosen_output_params(n, y, &in_q);
  const std::string yi = L.define_output(y, shape_of(L, y), q);
  Node& p = L.emit(n, is_max ? "MaxPool" : "AveragePool", {x}, {yi});
  if (global) {
    Node g = n;
    g.attrs.clear();
    g.attrs["kernel_shape"] = Attribute::of_ints(Shape(in.begin() + 2, in.end()));
    set_window_attrs(p, g, in, shape_of(L, y), Shape(in.begin() + 2, in.end()), false);
  } else {
    if (n.attr_ints("kernel_shape").empty()) L.reject(n, "kernel_shape is required");
    set_window_attrs(p, n, in, shape_of(L, y), n.attr_ints("kernel_shape"), false);
    p.attrs["count_include_pad"] = Attribute::of_int(n.attr_int("count_include_pad", 0));
  }
}

void lower_reduce_mean(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const Shape& in = shape_of(L, n.input(0));
  const int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> axes = L.src().opset() < 18 ? n.attr_ints("axes") : std::vector<int64_t>{};
  if (L.src().opset() >= 18 && n.has_input(1)) axes = constant_ints(L, n, n.input(1));
  if (axes.empty()) {
    if (n.attr_int("noop_with_empty_axes", 0)) {
      emit_pass_through(L, n, "Reshape", x);
      return;
    }
    for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
  }
  for (auto& a : axes) {
    if (a < 0) a += rank;
    if (a < 0 || a >= rank) L.reject(n, "axis out of range");
  }
  std::sort(axes.begin(), axes.end());
  const std::string& y = n.outputs.at(0);
  const QuantParams in_q = L.params(x);
  const std::string yi = L.define_output(y, shape_of(L, y), L.chosen_output_params(n, y, &in_q));
  Node& r = L.emit(n, "ReduceMean", {x}, {yi});
  r.attrs["axes"] = Attribute::of_ints(axes);
  r.attrs["keepdims"] = Attribute::of_int(n.attr_int("keepdims", 1));
}

void lower_reshape_like(Lowering& L, const Node& n) {
  emit_pass_through(L, n, "Reshape", L.activation(n.input(0), n));
}

void lower_transpose(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const int64_t rank = static_cast<int64_t>(shape_of(L, n.input(0)).size());
  std::vector<int64_t> perm = n.attr_ints("perm");
  if (perm.empty())
    for (int64_t i = rank - 1; i >= 0; --i) perm.push_back(i);
  emit_pass_through(L, n, "Transpose", x).attrs["perm"] = Attribute::of_ints(perm);
}

void lower_concat(Lowering& L, const Node& n) {
  std::vector<std::string> ins;
  for (const auto& i : n.inputs)
    if (!i.empty()) ins.push_back(L.operand(i, n));
  const std::string& y = n.outputs.at(0);
  QuantParams q;
  if (!L.output_params(y, q)) {
    q = L.params(ins.at(0));
    for (const auto& i : ins)
      if (L.params(i) != q) L.reject(n, "inputs have different parameters and no QuantizeLinear fixes the output's");
  }
  // Inputs in other parameters are requantized first: Concat itself only copies bytes.
  for (auto& i : ins)
    if (L.params(i) != q) i = L.requantize(i, q, i + "_to_" + n.name);
  const std::string yi = L.define_output(y, shape_of(L, y), q);
  Node& c = L.emit(n, "Concat", ins, {yi});
  int64_t axis = n.attr_int("axis", 0);
  if (axis < 0) axis += static_cast<int64_t>(shape_of(L, y).size());
  c.attrs["axis"] = Attribute::of_int(axis);
}

void lower_slice(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const int64_t rank = static_cast<int64_t>(shape_of(L, n.input(0)).size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (L.src().opset() < 10) {
    starts = n.attr_ints("starts");
    ends = n.attr_ints("ends");
    axes = n.attr_ints("axes");
  } else {
    starts = constant_ints(L, n, n.input(1));
    ends = constant_ints(L, n, n.input(2));
    if (n.has_input(3)) axes = constant_ints(L, n, n.input(3));
    if (n.has_input(4)) steps = constant_ints(L, n, n.input(4));
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    L.reject(n, "starts, ends, axes and steps differ in length");
  for (auto& a : axes)
    if (a < 0) a += rank;
  Node& s = emit_pass_through(L, n, "Slice", x);
  s.attrs["starts"] = Attribute::of_ints(starts);
  s.attrs["ends"] = Attribute::of_ints(ends);
  s.attrs["axes"] = Attribute::of_ints(axes);
  s.attrs["steps"] = Attribute::of_ints(steps);
}

void lower_pad(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const int64_t rank = static_cast<int64_t>(shape_of(L, n.input(0)).size());
  std::vector<int64_t> pads;
  float value = 0;
  if (L.src().opset() < 11) {
    pads = n.attr_ints("pads");
    value = n.attr_float("value", 0.0f);
  } else {
    pads = constant_ints(L, n, n.input(1));
    if (n.has_input(2)) {
      const Tensor* c = L.constant(n.input(2));
      if (!c) L.reject(n, "constant_value must be constant");
      value = c->to_float().at(0);
      if (c->quant) value = c->quant->scale[0] * (value - c->quant->zero_point[0]);
    }
    if (n.has_input(3)) {  // opset 18: pads for the listed axes only
      std::vector<int64_t> axes = constant_ints(L, n, n.input(3));
      std::vector<int64_t> full(2 * rank, 0);
      for (size_t i = 0; i < axes.size(); ++i) {
        const int64_t a = axes[i] < 0 ? axes[i] + rank : axes[i];
        full[a] = pads.at(i);
        full[rank + a] = pads.at(axes.size() + i);
      }
      pads = full;
    }
  }
  if (static_cast<int64_t>(pads.size()) != 2 * rank) L.reject(n, "pads must have 2 x rank values");
  const std::string mode = n.attr_string("mode", "constant");
  if (mode != "constant" && mode != "edge" && mode != "reflect") L.reject(n, "mode '" + mode + "' is not supported");
  Node& p = emit_pass_through(L, n, "Pad", x);
  p.attrs["pads"] = Attribute::of_ints(pads);
  p.attrs["mode"] = Attribute::of_string(mode);
  p.attrs["value"] = Attribute::of_float(value);
}

void lower_resize(Lowering& L, const Node& n) {
  const std::string x = L.activation(n.input(0), n);
  const Shape& in = shape_of(L, n.input(0));
  const Shape& out = shape_of(L, n.outputs.at(0));
  const bool upsample = n.op_type == "Upsample";
  const int64_t opset = L.src().opset();
  const std::string mode = n.attr_string("mode", "nearest");
  if (mode != "nearest") L.reject(n, "only mode 'nearest' is supported, not '" + mode + "'");
  std::string ctm = (upsample || opset < 11) ? "asymmetric" : n.attr_string("coordinate_transformation_mode", "half_pixel");
  std::string nearest = (upsample || opset < 11) ? "floor" : n.attr_string("nearest_mode", "round_prefer_floor");
  if (ctm == "tf_crop_and_resize") L.reject(n, "tf_crop_and_resize is not supported");
  std::vector<float> scales;
  if (upsample && opset < 9) {
    scales = n.attr_floats("scales");
  } else {
    const size_t scales_input = (upsample || opset < 11) ? 1 : 2;
    if (n.has_input(scales_input)) {
      const Tensor* c = L.constant(n.input(scales_input));
      if (!c) L.reject(n, "scales must be constant");
      scales = c->to_float();
    }
  }
  if (scales.empty())
    for (size_t d = 0; d < in.size(); ++d) scales.push_back(static_cast<float>(out[d]) / static_cast<float>(in[d]));
  if (scales.size() != in.size()) L.reject(n, "scales must have one value per dimension");
  Node& r = emit_pass_through(L, n, "Resize", x);
  r.attrs["coordinate_transformation_mode"] = Attribute::of_string(ctm);
  r.attrs["nearest_mode"] = Attribute::of_string(nearest);
  r.attrs["tinyc.scales"] = Attribute::of_floats(scales);
}

}  // namespace

void register_movement_lowerings(std::map<std::string, OpLowering>& t) {
  for (const char* op : {"MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"}) t[op] = lower_pool;
  t["ReduceMean"] = lower_reduce_mean;
  for (const char* op : {"Reshape", "Flatten", "Squeeze", "Unsqueeze"}) t[op] = lower_reshape_like;
  t["Transpose"] = lower_transpose;
  t["Concat"] = lower_concat;
  t["Slice"] = lower_slice;
  t["Pad"] = lower_pad;
  t["Resize"] = lower_resize;
  t["Upsample"] = lower_resize;
}

}  // namespace tinyc::lower
