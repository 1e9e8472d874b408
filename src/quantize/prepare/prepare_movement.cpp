// Prepare for the data-movement ops, the int8 op set, and whole-graph validation.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "quantize/prepare/prepare_util.h"

namespace tinyc::int8 {
namespace {
void check_same_params(const Node& n, const Tensor& x, const Tensor& y) {
  if (*x.quant != *y.quant) reject(n, "data movement must keep its input's quantization parameters");
}
}  // namespace

TransposePrep prepare_transpose(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  check_same_params(n, x, y);
  TransposePrep p;
  p.in_shape = x.shape;
  std::vector<int64_t> perm = n.attr_ints("perm");
  std::vector<bool> seen(x.shape.size(), false);
  if (perm.size() != x.shape.size()) reject(n, "perm must list every axis");
  for (int64_t a : perm) {
    if (a < 0 || a >= static_cast<int64_t>(seen.size()) || seen[a]) reject(n, "perm is not a permutation");
    seen[a] = true;
    p.perm.push_back(static_cast<int>(a));
  }
  for (size_t i = 0; i < perm.size(); ++i)
    if (y.shape.at(i) != x.shape[perm[i]]) reject(n, "output shape does not match perm");
  return p;
}

ConcatPrep prepare_concat(const Graph& g, const Node& n) {
  const Tensor& y = act_output(g, n);
  ConcatPrep p;
  p.axis = static_cast<int>(n.attr_int("axis", 0));
  const int rank = static_cast<int>(y.shape.size());
  if (p.axis < 0 || p.axis >= rank) reject(n, "axis out of range");
  for (int d = 0; d < p.axis; ++d) p.outer *= y.shape[d];
  for (int d = p.axis + 1; d < rank; ++d) p.inner *= y.shape[d];
  int64_t total = 0;
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    const Tensor& x = act_input(g, n, i);
    check_same_params(n, x, y);
    if (static_cast<int>(x.shape.size()) != rank) reject(n, "inputs differ in rank");
    for (int d = 0; d < rank; ++d)
      if (d != p.axis && x.shape[d] != y.shape[d]) reject(n, "inputs differ outside the concat axis");
    p.axis_sizes.push_back(x.shape[p.axis]);
    total += x.shape[p.axis];
  }
  if (total != y.shape[p.axis]) reject(n, "output size along the axis is not the sum of the inputs'");
  return p;
}

SlicePrep prepare_slice(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  check_same_params(n, x, y);
  SlicePrep p;
  p.in_shape = x.shape;
  p.out_shape = y.shape;
  const size_t rank = x.shape.size();
  p.start.assign(rank, 0);
  p.step.assign(rank, 1);
  Shape expect = x.shape;
  const auto starts = n.attr_ints("starts"), ends = n.attr_ints("ends"), axes = n.attr_ints("axes"), steps = n.attr_ints("steps");
  for (size_t i = 0; i < starts.size(); ++i) {
    const int64_t a = axes.at(i);
    if (a < 0 || a >= static_cast<int64_t>(rank)) reject(n, "axis out of range");
    const int64_t dim = x.shape[a], step = steps.at(i);
    if (step == 0) reject(n, "step 0");
    // ONNX Slice: negative indices count from the end; then clamp
    // ([0, dim] for positive steps, [-1, dim-1] for negative ones).
    int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t e = ends.at(i) < 0 ? ends[i] + dim : ends[i];
    if (step > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      expect[a] = e > s ? (e - s + step - 1) / step : 0;
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      expect[a] = s > e ? (s - e - step - 1) / (-step) : 0;
    }
    p.start[a] = s;
    p.step[a] = step;
  }
  if (expect != y.shape) reject(n, "output shape " + shape_str(y.shape) + " differs from the slice's " + shape_str(expect));
  return p;
}

PadPrep prepare_pad(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  check_same_params(n, x, y);
  PadPrep p;
  p.in_shape = x.shape;
  p.out_shape = y.shape;
  const auto pads = n.attr_ints("pads");
  const size_t rank = x.shape.size();
  if (pads.size() != 2 * rank) reject(n, "pads must have 2 x rank values");
  for (size_t d = 0; d < rank; ++d) {
    p.begin.push_back(pads[d]);
    if (x.shape[d] + pads[d] + pads[rank + d] != y.shape[d]) reject(n, "output shape does not match the pads");
  }
  const std::string mode = n.attr_string("mode", "constant");
  p.mode = mode == "edge" ? PadPrep::Mode::Edge : mode == "reflect" ? PadPrep::Mode::Reflect : PadPrep::Mode::Constant;
  if (p.mode == PadPrep::Mode::Reflect)
    for (size_t d = 0; d < rank; ++d)
      if ((pads[d] > 0 || pads[rank + d] > 0) && (pads[d] >= x.shape[d] || pads[rank + d] >= x.shape[d]))
        reject(n, "reflect padding must be smaller than the dimension");
  const float q = std::nearbyint(n.attr_float("value", 0.0f) / scale_of(y)) + static_cast<float>(zp_of(y));
  p.value = static_cast<int8_t>(std::fmin(127.0f, std::fmax(-128.0f, q)));
  return p;
}

ResizePrep prepare_resize(const Graph& g, const Node& n) {
  const Tensor& x = act_input(g, n, 0);
  const Tensor& y = act_output(g, n);
  check_same_params(n, x, y);
  ResizePrep p;
  p.in_shape = x.shape;
  p.out_shape = y.shape;
  const auto scales = n.attr_floats("tinyc.scales");
  const std::string ctm = n.attr_string("coordinate_transformation_mode", "half_pixel");
  const std::string mode = n.attr_string("nearest_mode", "round_prefer_floor");
  if (scales.size() != x.shape.size() || y.shape.size() != x.shape.size()) reject(n, "scales do not match the rank");
  for (size_t d = 0; d < x.shape.size(); ++d) {
    const int64_t in = x.shape[d], out = y.shape[d];
    const float scale = scales[d];
    std::vector<int64_t> idx(out);
    for (int64_t o = 0; o < out; ++o) {
      float c;
      if (ctm == "half_pixel") c = (static_cast<float>(o) + 0.5f) / scale - 0.5f;
      else if (ctm == "pytorch_half_pixel") c = out > 1 ? (static_cast<float>(o) + 0.5f) / scale - 0.5f : 0.0f;
      else if (ctm == "align_corners") c = out == 1 ? 0.0f : static_cast<float>(o) * static_cast<float>(in - 1) / static_cast<float>(out - 1);
      else if (ctm == "asymmetric") c = static_cast<float>(o) / scale;
      else reject(n, "coordinate_transformation_mode '" + ctm + "' is not supported");
      float r;
      const float fl = std::floor(c);
      if (mode == "floor") r = fl;
      else if (mode == "ceil") r = std::ceil(c);
      else if (mode == "round_prefer_floor") r = (c - fl == 0.5f) ? fl : std::round(c);
      else if (mode == "round_prefer_ceil") r = (c - fl == 0.5f) ? fl + 1 : std::round(c);
      else reject(n, "nearest_mode '" + mode + "' is not supported");
      idx[o] = std::clamp<int64_t>(static_cast<int64_t>(r), 0, in - 1);
    }
    p.src_index.push_back(std::move(idx));
  }
  return p;
}

namespace {
using Validator = std::function<void(const Graph&, const Node&)>;

const std::map<std::string, Validator>& validators() {
  static const std::map<std::string, Validator> t = {
      {"Conv", [](const Graph& g, const Node& n) { prepare_conv(g, n); }},
      {"Gemm", [](const Graph& g, const Node& n) { prepare_fc(g, n); }},
      {"Add", [](const Graph& g, const Node& n) { prepare_add(g, n); }},
      {"Sub", [](const Graph& g, const Node& n) { prepare_add(g, n); }},
      {"Mul", [](const Graph& g, const Node& n) { prepare_mul(g, n); }},
      {"MaxPool", [](const Graph& g, const Node& n) { prepare_pool(g, n); }},
      {"AveragePool", [](const Graph& g, const Node& n) { prepare_pool(g, n); }},
      {"ReduceMean", [](const Graph& g, const Node& n) { prepare_reduce_mean(g, n); }},
      {"Softmax", [](const Graph& g, const Node& n) { prepare_softmax(g, n); }},
      {"Requantize", [](const Graph& g, const Node& n) { prepare_requantize(g, n); }},
      {"LeakyRelu", [](const Graph& g, const Node& n) { prepare_leaky(g, n); }},
      {"PRelu", [](const Graph& g, const Node& n) { prepare_leaky(g, n); }},
      {"Sigmoid", [](const Graph& g, const Node& n) { prepare_lut(g, n); }},
      {"Tanh", [](const Graph& g, const Node& n) { prepare_lut(g, n); }},
      {"HardSigmoid", [](const Graph& g, const Node& n) { prepare_lut(g, n); }},
      {"HardSwish", [](const Graph& g, const Node& n) { prepare_lut(g, n); }},
      {"Transpose", [](const Graph& g, const Node& n) { prepare_transpose(g, n); }},
      {"Concat", [](const Graph& g, const Node& n) { prepare_concat(g, n); }},
      {"Slice", [](const Graph& g, const Node& n) { prepare_slice(g, n); }},
      {"Pad", [](const Graph& g, const Node& n) { prepare_pad(g, n); }},
      {"Resize", [](const Graph& g, const Node& n) { prepare_resize(g, n); }},
      {"Reshape",
       [](const Graph& g, const Node& n) {
         const Tensor& x = act_input(g, n, 0);
         const Tensor& y = act_output(g, n);
         check_same_params(n, x, y);
         if (x.size() != y.size()) reject(n, "reshape changes the element count");
       }},
  };
  return t;
}
}  // namespace

bool is_int8_op(const Node& n) {
  if (n.domain == "tinyc") return n.op_type == "Requantize";
  return n.domain.empty() && n.op_type != "Requantize" && validators().count(n.op_type) != 0;
}

bool is_data_movement(const std::string& op_type) {
  static const std::set<std::string> ops = {"Reshape", "Transpose", "Concat", "Slice", "Pad", "Resize"};
  return ops.count(op_type) != 0;
}

void validate_int8_graph(const Graph& g) {
  for (const Node& n : g.nodes) {
    if (!is_int8_op(n)) reject(n, "is not an op of the int8 IR");
    validators().at(n.op_type)(g, n);
  }
  for (const std::string& name : g.inputs) {
    const Tensor& t = g.tensor(name);
    if (t.dtype != DType::I8 || !t.quant) fail("graph input '" + name + "' is not an int8 tensor with parameters");
  }
  for (const std::string& name : g.outputs) {
    const Tensor& t = g.tensor(name);
    if (t.dtype != DType::I8 || !t.quant) fail("graph output '" + name + "' is not an int8 tensor with parameters");
  }
}

}  // namespace tinyc::int8
