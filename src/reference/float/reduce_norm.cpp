// ReduceMean (axes as an attribute before opset 18, as an input from 18;
// keepdims; noop_with_empty_axes) and inference-mode BatchNormalization.
#include <algorithm>
#include <cmath>
#include <set>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

std::vector<Tensor> reduce_mean(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  std::vector<int64_t> axes;
  if (a.opset < 18) axes = a.node.attr_ints("axes");
  else if (const Tensor* t = a.opt(1)) axes = int_values(*t, a, "axes");
  if (axes.empty()) {
    // No axes: reduce everything, or (opset 18) pass the input through.
    if (a.opset >= 18 && a.node.attr_int("noop_with_empty_axes", 0) != 0) {
      Tensor y = x;
      return {std::move(y)};
    }
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  std::set<int64_t> reduced;
  for (int64_t ax : axes)
    if (!reduced.insert(normalize_axis(ax, rank, a)).second) a.fail("axis " + std::to_string(ax) + " is repeated");
  const bool keep = a.node.attr_int("keepdims", 1) != 0;
  Shape kept = x.shape, out;
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced.count(d)) {
      count *= x.shape[d];
      kept[d] = 1;
      if (keep) out.push_back(1);
    } else {
      out.push_back(x.shape[d]);
    }
  }
  Tensor y = make_tensor(x.dtype, out);
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T* px = x.ptr<T>();
    T* py = y.ptr<T>();
    // Walking the input with the kept shape as a broadcast operand gives, for
    // each input element, the flat index of the output it reduces into.
    for_each_broadcast(x.shape, {kept}, [&](int64_t i, const int64_t* off) { py[off[0]] += px[i]; });
    // Mean of no elements is NaN, as numpy gives.
    for (int64_t i = 0, n = y.size(); i < n; ++i) py[i] = static_cast<T>(py[i] / static_cast<T>(count));
  });
  return {std::move(y)};
}

std::vector<Tensor> batch_norm(const KernelArgs& a) {
  if (a.node.attr_int("training_mode", 0) != 0) a.fail("training_mode=1 is not supported (inference only)");
  if (a.opset < 9 && a.node.attr_int("spatial", 1) == 0) a.fail("spatial=0 is not supported");
  for (size_t i = 1; i < a.node.outputs.size(); ++i)
    if (a.wants_output(i)) a.fail("the training outputs (running mean, variance, ...) are not supported");
  const Tensor& x = a.in(0);
  if (x.shape.size() < 2) a.fail("input must be N x C x ..., got " + shape_str(x.shape));
  const int64_t c = x.shape[1];
  for (size_t i = 1; i <= 4; ++i) {
    const Tensor& p = a.in(i);
    if (p.dtype != x.dtype || p.shape != Shape{c})
      a.fail("input " + std::to_string(i) + " must be " + dtype_name(x.dtype) + " of shape " + std::to_string(c) +
             ", got " + dtype_name(p.dtype) + " " + shape_str(p.shape));
  }
  const float eps = a.node.attr_float("epsilon", 1e-5f);
  Tensor y = make_tensor(x.dtype, x.shape);
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T *scale = a.in(1).ptr<T>(), *bias = a.in(2).ptr<T>(), *mean = a.in(3).ptr<T>(), *var = a.in(4).ptr<T>();
    const T* px = x.ptr<T>();
    T* py = y.ptr<T>();
    const int64_t inner = x.size() ? x.size() / (x.shape[0] * c) : 0;
    for (int64_t n = 0; n < x.shape[0]; ++n)
      for (int64_t ch = 0; ch < c; ++ch) {
        const T k = scale[ch] / std::sqrt(var[ch] + static_cast<T>(eps));
        const int64_t base = (n * c + ch) * inner;
        for (int64_t i = 0; i < inner; ++i) py[base + i] = (px[base + i] - mean[ch]) * k + bias[ch];
      }
  });
  return {std::move(y)};
}

}  // namespace

KernelTable reduce_norm_kernels() {
  return {
      {"", "ReduceMean", reduce_mean},
      {"", "BatchNormalization", batch_norm},
  };
}

}  // namespace tinyc::ref
