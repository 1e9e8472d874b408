// The ops exporters use to compute shapes at run time (PyTorch's
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape chains, arange, expand):
// Shape, Gather, ConstantOfShape, Range, Expand, and Constant. tinyc needs
// their values at compile time; infer_shapes evaluates them when their inputs
// are known (registry.cpp).
#include "frontend/shapes/rule.h"

#include <cmath>

namespace tinyc::shapes {
namespace {

std::vector<OutInfo> shape_op(const NodeCtx& c) {
  c.require_inputs(1, 1);
  const Shape& in = c.shape(0);
  const int64_t r = static_cast<int64_t>(in.size());
  // Shape-15 slices the result with start/end (clamped, negative from the back).
  auto clamp_dim = [r](int64_t v) {
    if (v < 0) v += r;
    return std::max<int64_t>(0, std::min(v, r));
  };
  int64_t start = clamp_dim(c.node.attr_int("start", 0));
  int64_t end = c.node.has_attr("end") ? clamp_dim(c.node.attr_int("end", r)) : r;
  std::vector<int64_t> dims;
  for (int64_t i = start; i < end; ++i) dims.push_back(in[i]);
  Shape out = {static_cast<int64_t>(dims.size())};
  return {OutInfo{out, DType::I64, Tensor::from_int64(c.node.outputs[0], out, dims)}};
}

std::vector<OutInfo> gather(const NodeCtx& c) {
  c.require_inputs(2, 2);
  const Shape& data = c.shape(0);
  if (data.empty()) c.fail("cannot gather from a scalar");
  if (c.dtype(1) != DType::I32 && c.dtype(1) != DType::I64) c.fail("indices must be int32 or int64");
  const int64_t axis = c.axis(c.node.attr_int("axis", 0), static_cast<int64_t>(data.size()));
  if (const Tensor* idx = c.value(1))
    for (int64_t i : idx->to_int64())
      if (i < -data[axis] || i >= data[axis])
        c.fail("index " + std::to_string(i) + " is out of range for dimension " + std::to_string(axis) + " of size " +
               std::to_string(data[axis]));
  Shape out(data.begin(), data.begin() + axis);
  out.insert(out.end(), c.shape(1).begin(), c.shape(1).end());
  out.insert(out.end(), data.begin() + axis + 1, data.end());
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> constant_of_shape(const NodeCtx& c) {
  c.require_inputs(1, 1);
  if (c.rank(0) != 1) c.fail("the shape input must be 1-D");
  std::vector<int64_t> dims = c.ints(0, "the shape");
  for (int64_t d : dims)
    if (d < 0) c.fail("the shape has a negative dimension");
  DType dtype = DType::F32;
  auto it = c.node.attrs.find("value");
  if (it != c.node.attrs.end()) {
    if (it->second.kind != Attribute::Kind::Tensor || it->second.t.size() != 1)
      c.fail("attribute 'value' must be a one-element tensor");
    dtype = it->second.t.dtype;
  }
  return {OutInfo{Shape(dims.begin(), dims.end()), dtype, std::nullopt}};
}

std::vector<OutInfo> range(const NodeCtx& c) {
  c.require_inputs(3, 3);
  for (size_t i = 0; i < 3; ++i) {
    if (num_elements(c.shape(i)) != 1) c.fail("start, limit and delta must be scalars");
    if (c.dtype(i) != c.dtype(0)) c.fail("start, limit and delta must have the same type");
  }
  const double start = c.floats(0, "start")[0], limit = c.floats(1, "limit")[0], delta = c.floats(2, "delta")[0];
  if (delta == 0) c.fail("delta is 0");
  double n = std::ceil((limit - start) / delta);
  if (!(n <= 9.0e15)) c.fail("the range is absurdly long");
  int64_t count = n > 0 ? static_cast<int64_t>(n) : 0;
  return {OutInfo{{count}, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> expand(const NodeCtx& c) {
  c.require_inputs(2, 2);
  if (c.rank(1) != 1) c.fail("the shape input must be 1-D");
  std::vector<int64_t> dims = c.ints(1, "the target shape");
  for (int64_t d : dims)
    if (d < 0) c.fail("the target shape has a negative dimension");
  return {OutInfo{broadcast(c, c.shape(0), Shape(dims.begin(), dims.end())), c.dtype(0), std::nullopt}};
}

/// Constant nodes are folded into constant tensors at import; passes may still create them.
std::vector<OutInfo> constant(const NodeCtx& c) {
  c.require_inputs(0, 0);
  const Node& n = c.node;
  Tensor v;
  auto it = n.attrs.find("value");
  if (it != n.attrs.end() && it->second.kind == Attribute::Kind::Tensor) {
    v = it->second.t;
  } else if (n.has_attr("value_float")) {
    v = Tensor::from_float("", {}, {n.attr_float("value_float", 0)});
  } else if (n.has_attr("value_floats")) {
    std::vector<float> f = n.attr_floats("value_floats");
    v = Tensor::from_float("", {static_cast<int64_t>(f.size())}, f);
  } else if (n.has_attr("value_int")) {
    v = Tensor::from_int64("", {}, {n.attr_int("value_int", 0)});
  } else if (n.has_attr("value_ints")) {
    std::vector<int64_t> i = n.attr_ints("value_ints");
    v = Tensor::from_int64("", {static_cast<int64_t>(i.size())}, i);
  } else {
    c.fail("has no value tinyc can read (value, value_float(s), value_int(s))");
  }
  v.name = n.outputs.empty() ? "" : n.outputs[0];
  v.is_constant = true;
  return {OutInfo{v.shape, v.dtype, v}};
}

std::string check_constant(const Node& n, int64_t) {
  for (const char* k : {"value_string", "value_strings", "sparse_value"})
    if (n.has_attr(k)) return std::string("string and sparse constants are not supported");
  if (n.attrs.empty()) return "it has no value";
  return "";
}

std::string check_constant_of_shape(const Node& n, int64_t) {
  auto it = n.attrs.find("value");
  if (it != n.attrs.end() && (it->second.kind != Attribute::Kind::Tensor || it->second.t.dtype == DType::F16 ||
                              it->second.t.dtype == DType::Undefined))
    return "the value's type is not supported";
  return "";
}

const std::vector<OpRule> kRules = {
    {"", "Shape", 1, 22, shape_op},
    {"", "Gather", 1, 22, gather},
    {"", "ConstantOfShape", 9, 22, constant_of_shape, check_constant_of_shape, "ConstantOfShape exists from opset 9"},
    {"", "Range", 11, 22, range, nullptr, "Range exists from opset 11"},
    {"", "Expand", 8, 22, expand, nullptr, "Expand exists from opset 8"},
    {"", "Constant", 1, 22, constant, check_constant},
};

}  // namespace

const std::vector<OpRule>& shape_chain_rules() { return kRules; }

}  // namespace tinyc::shapes
