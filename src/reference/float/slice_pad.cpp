// Slice (attribute form before opset 10; inputs with axes and steps from 10;
// negative indices and clamping as ONNX specifies) and Pad (constant, reflect
// and edge modes; pads as an attribute before opset 11, as an input from 11;
// negative pads crop). Both build one index map per dimension and gather.
#include <algorithm>
#include <set>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

std::vector<Tensor> slice(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (a.opset < 10) {
    starts = a.node.attr_ints("starts");
    ends = a.node.attr_ints("ends");
    axes = a.node.attr_ints("axes");
  } else {
    starts = int_values(a.in(1), a, "starts");
    ends = int_values(a.in(2), a, "ends");
    if (const Tensor* t = a.opt(3)) axes = int_values(*t, a, "axes");
    if (const Tensor* t = a.opt(4)) steps = int_values(*t, a, "steps");
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    a.fail("starts, ends, axes and steps must have the same length");

  std::vector<std::vector<int64_t>> maps(static_cast<size_t>(rank));
  for (int64_t d = 0; d < rank; ++d)
    for (int64_t i = 0; i < x.shape[d]; ++i) maps[d].push_back(i);
  std::set<int64_t> seen;
  for (size_t i = 0; i < starts.size(); ++i) {
    const int64_t ax = normalize_axis(axes[i], rank, a);
    if (!seen.insert(ax).second) a.fail("axis " + std::to_string(axes[i]) + " is repeated");
    const int64_t dim = x.shape[ax], step = steps[i];
    if (step == 0) a.fail("steps must not be 0");
    int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t e = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (step > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
    }
    // Element count first, so that huge steps cannot overflow the index.
    const int64_t span = step > 0 ? e - s : s - e;
    const int64_t mag = step > 0 ? std::min(step, dim + 1) : (step < -dim - 1 ? dim + 1 : -step);
    const int64_t count = span > 0 ? (span - 1) / mag + 1 : 0;
    maps[ax].clear();
    for (int64_t k = 0; k < count; ++k) maps[ax].push_back(step > 0 ? s + k * mag : s - k * mag);
  }
  return {remap_dims(x, maps, nullptr)};
}

// The padding value as one element of the input's dtype.
std::vector<uint8_t> pad_value(const KernelArgs& a, const Tensor& x) {
  std::vector<uint8_t> fill(dtype_size(x.dtype), 0);
  if (a.opset >= 11) {
    const Tensor* v = a.opt(2);
    if (v && v->size() > 0) {
      if (v->dtype != x.dtype || v->size() != 1)
        a.fail(std::string("constant_value must be one ") + dtype_name(x.dtype) + " value");
      fill.assign(v->data.begin(), v->data.end());
    }
    return fill;
  }
  const float f = a.node.attr_float("value", 0.f);
  visit_numeric(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T v = static_cast<T>(f);
    std::memcpy(fill.data(), &v, sizeof(T));
  });
  return fill;
}

std::vector<Tensor> pad(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const std::string mode = a.node.attr_string("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    a.fail("mode '" + mode + "' is not supported (constant, reflect, edge)");
  std::vector<int64_t> pads =
      a.opset >= 11 ? int_values(a.in(1), a, "pads") : a.node.attr_ints(a.opset < 2 ? "paddings" : "pads");
  std::vector<int64_t> axes;
  if (const Tensor* t = a.opset >= 18 ? a.opt(3) : nullptr) {
    for (int64_t ax : int_values(*t, a, "axes")) axes.push_back(normalize_axis(ax, rank, a));
  } else {
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  if (pads.size() != 2 * axes.size())
    a.fail("pads has " + std::to_string(pads.size()) + " values, " + std::to_string(2 * axes.size()) + " expected");
  std::vector<int64_t> pb(static_cast<size_t>(rank), 0), pe(static_cast<size_t>(rank), 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    pb[axes[i]] = pads[i];
    pe[axes[i]] = pads[axes.size() + i];
  }
  std::vector<std::vector<int64_t>> maps(static_cast<size_t>(rank));
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t n = x.shape[d], out = n + pb[d] + pe[d];
    if (out < 0) a.fail("pads remove more than dimension " + std::to_string(d) + " holds");
    if (mode != "constant" && n == 0 && out > 0) a.fail("cannot " + mode + "-pad an empty dimension");
    for (int64_t o = 0; o < out; ++o) {
      int64_t c = o - pb[d];
      if (c < 0 || c >= n) {
        if (mode == "constant") {
          c = -1;
        } else if (mode == "edge") {
          c = std::clamp<int64_t>(c, 0, n - 1);
        } else if (n == 1) {
          c = 0;
        } else {  // reflect about the first and last element (numpy 'reflect')
          const int64_t period = 2 * (n - 1);
          c = ((c % period) + period) % period;
          if (c >= n) c = period - c;
        }
      }
      maps[d].push_back(c);
    }
  }
  const std::vector<uint8_t> fill = pad_value(a, x);
  return {remap_dims(x, maps, fill.data())};
}

}  // namespace

KernelTable slice_pad_kernels() {
  return {
      {"", "Slice", slice},
      {"", "Pad", pad},
  };
}

}  // namespace tinyc::ref
