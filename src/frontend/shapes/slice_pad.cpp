// Slice (attributes before opset 10, inputs after; steps, negative indices,
// clamping) and Pad (pads attribute before opset 11, input after).
#include "frontend/shapes/rule.h"

#include <algorithm>
#include <set>

namespace tinyc::shapes {
namespace {

/// Length of one sliced axis, with ONNX's clamping of start and end.
int64_t slice_len(int64_t dim, int64_t start, int64_t end, int64_t step) {
  auto clamp = [](int64_t v, int64_t lo, int64_t hi) { return std::max(lo, std::min(v, hi)); };
  if (start < 0) start = start < -dim ? -1 : start + dim;
  if (end < 0) end = end < -dim ? -1 : end + dim;
  if (step > 0) {
    start = clamp(start, 0, dim);
    end = clamp(end, 0, dim);
    return end > start ? (end - start - 1) / step + 1 : 0;  // no overflow for huge steps
  }
  start = clamp(start, 0, dim - 1);
  end = clamp(end, -1, dim - 1);
  return start > end ? (start - end - 1) / (-step) + 1 : 0;
}

std::vector<OutInfo> slice(const NodeCtx& c) {
  const Shape& in = c.shape(0);
  const int64_t r = static_cast<int64_t>(in.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (c.opset < 10) {
    c.require_inputs(1, 1);
    starts = c.node.attr_ints("starts");
    ends = c.node.attr_ints("ends");
    axes = c.node.attr_ints("axes");
  } else {
    c.require_inputs(3, 5);
    starts = c.ints(1, "starts");
    ends = c.ints(2, "ends");
    if (c.has(3)) axes = c.ints(3, "axes");
    if (c.has(4)) steps = c.ints(4, "steps");
  }
  if (starts.size() != ends.size()) c.fail("starts and ends have different lengths");
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size())
    c.fail("starts, ends, axes and steps must have the same length");
  Shape out = in;
  std::set<int64_t> seen;
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t ax = c.axis(axes[i], r, "slice axis");
    if (!seen.insert(ax).second) c.fail("axis " + std::to_string(axes[i]) + " is sliced twice");
    if (steps[i] == 0) c.fail("step 0 is not allowed");
    if (steps[i] == INT64_MIN) c.fail("step is out of range");
    out[ax] = slice_len(in[ax], starts[i], ends[i], steps[i]);
  }
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> pad(const NodeCtx& c) {
  const Shape& in = c.shape(0);
  const size_t r = in.size();
  std::vector<int64_t> pads;
  if (c.opset < 11) {
    c.require_inputs(1, 1);
    pads = c.node.attr_ints("pads");
  } else {
    c.require_inputs(2, 3);
    pads = c.ints(1, "pads");
    if (c.has(2) && num_elements(c.shape(2)) != 1) c.fail("constant_value must be a scalar");
    if (c.has(2) && c.dtype(2) != c.dtype(0)) c.fail("constant_value's type differs from the input's");
  }
  if (pads.size() != 2 * r)
    c.fail("pads has " + std::to_string(pads.size()) + " values, the input of rank " + std::to_string(r) + " needs " +
           std::to_string(2 * r));
  Shape out(r);
  for (size_t i = 0; i < r; ++i) {
    // Negative pads crop.
    const int64_t limit = int64_t{1} << 40;
    if (pads[i] > limit || pads[i] < -limit || pads[r + i] > limit || pads[r + i] < -limit) c.fail("pads are absurdly large");
    out[i] = in[i] + pads[i] + pads[r + i];
    if (out[i] < 0) c.fail("pads crop dimension " + std::to_string(i) + " below zero");
  }
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::string check_pad(const Node& n, int64_t) {
  std::string mode = n.attr_string("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge") return "mode '" + mode + "' is not supported (constant, reflect, edge)";
  if (n.has_input(3)) return "the axes input (opset 18) is not supported";
  return "";
}

const std::vector<OpRule> kRules = {
    {"", "Slice", 1, 22, slice},
    {"", "Pad", 2, 22, pad, check_pad},
};

}  // namespace

const std::vector<OpRule>& slice_pad_rules() { return kRules; }

}  // namespace tinyc::shapes
