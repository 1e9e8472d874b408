// Normalisation and reduction: Softmax (2-D coercion before opset 13, one
// axis after), BatchNormalization (inference form only), ReduceMean (axes
// attribute before opset 18, input after), com.microsoft QLinearSoftmax.
#include "frontend/shapes/rule.h"

#include <set>

namespace tinyc::shapes {
namespace {

std::vector<OutInfo> softmax(const NodeCtx& c) {
  c.require_inputs(1, 1);
  const int64_t r = static_cast<int64_t>(c.rank(0));
  if (r == 0) c.fail("input must have rank 1 or more");
  c.axis(c.node.attr_int("axis", c.opset < 13 ? 1 : -1), r);
  return same_as_input0(c);
}

std::vector<OutInfo> qlinear_softmax(const NodeCtx& c) {
  // X, x_scale, x_zero_point (optional), y_scale, y_zero_point (optional);
  // attribute opset says which Softmax semantics (coercion or one axis) apply.
  c.require_inputs(2, 5);
  if (!c.has(3)) c.fail("y_scale (input 3) is required");
  const int64_t r = static_cast<int64_t>(c.rank(0));
  if (r == 0) c.fail("input must have rank 1 or more");
  c.axis(c.node.attr_int("axis", c.node.attr_int("opset", 13) < 13 ? 1 : -1), r);
  return {OutInfo{c.shape(0), c.has(4) ? c.dtype(4) : c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> batchnorm(const NodeCtx& c) {
  c.require_inputs(5, 5);
  const Shape& x = c.shape(0);
  if (x.size() < 2) c.fail("input must have a channel dimension (N x C ...)");
  for (size_t i = 1; i < 5; ++i)
    if (c.shape(i) != Shape{x[1]})
      c.fail("scale, bias, mean and var must have shape " + std::to_string(x[1]) + ", input " + std::to_string(i) +
             " has " + shape_str(c.shape(i)));
  return same_as_input0(c);
}

std::string check_batchnorm(const Node& n, int64_t opset) {
  for (size_t i = 1; i < n.outputs.size(); ++i)
    if (!n.outputs[i].empty()) return "training outputs (mean, var, saved statistics) are not supported";
  if (n.attr_int("training_mode", 0) != 0) return "training_mode=1 is not supported";
  if (opset < 9 && n.attr_int("spatial", 1) == 0) return "spatial=0 (per-element statistics) is not supported";
  return "";
}

std::vector<OutInfo> reduce_mean(const NodeCtx& c) {
  c.require_inputs(1, c.opset < 18 ? 1 : 2);
  const Shape& in = c.shape(0);
  const int64_t r = static_cast<int64_t>(in.size());
  std::vector<int64_t> axes;
  if (c.opset < 18) axes = c.node.attr_ints("axes");
  else if (c.has(1)) axes = c.ints(1, "axes");
  const bool keepdims = c.node.attr_int("keepdims", 1) != 0;
  if (axes.empty() && c.opset >= 18 && c.node.attr_int("noop_with_empty_axes", 0) != 0) return same_as_input0(c);
  std::set<int64_t> reduce;
  for (int64_t a : axes)
    if (!reduce.insert(c.axis(a, r, "reduce axis")).second) c.fail("axis " + std::to_string(a) + " is given twice");
  Shape out;
  for (int64_t i = 0; i < r; ++i) {
    bool red = axes.empty() || reduce.count(i);
    if (!red) out.push_back(in[i]);
    else if (keepdims) out.push_back(1);
  }
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

const std::vector<OpRule> kRules = {
    {"", "Softmax", 1, 22, softmax},
    {"", "BatchNormalization", 7, 22, batchnorm, check_batchnorm},
    {"", "ReduceMean", 1, 22, reduce_mean},
    {"com.microsoft", "QLinearSoftmax", 1, 1, qlinear_softmax},
};

}  // namespace

const std::vector<OpRule>& normalize_rules() { return kRules; }

}  // namespace tinyc::shapes
