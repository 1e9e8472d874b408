// Elementwise activations: Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid,
// HardSwish and Clip (attribute form before opset 11, input form from 11,
// either bound may be missing).
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

// Applies f(x, alpha, beta) to a float32/float64 input.
template <class F>
std::vector<Tensor> unary_float(const KernelArgs& a, F f) {
  const Tensor& x = a.in(0);
  Tensor r = make_tensor(x.dtype, x.shape);
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T* px = x.ptr<T>();
    T* pr = r.ptr<T>();
    for (int64_t i = 0, n = x.size(); i < n; ++i) pr[i] = f(px[i]);
  });
  return {std::move(r)};
}

std::vector<Tensor> relu(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  Tensor r = make_tensor(x.dtype, x.shape);
  visit_numeric(x.dtype, a, [&](auto tag) {  // integer types from opset 14
    using T = decltype(tag);
    const T* px = x.ptr<T>();
    T* pr = r.ptr<T>();
    for (int64_t i = 0, n = x.size(); i < n; ++i) pr[i] = px[i] > T(0) ? px[i] : T(0);
  });
  return {std::move(r)};
}

std::vector<Tensor> leaky_relu(const KernelArgs& a) {
  const float alpha = a.node.attr_float("alpha", 0.01f);
  return unary_float(a, [alpha](auto v) { return v < 0 ? static_cast<decltype(v)>(alpha * v) : v; });
}

std::vector<Tensor> sigmoid(const KernelArgs& a) {
  return unary_float(a, [](auto v) { return static_cast<decltype(v)>(1) / (static_cast<decltype(v)>(1) + std::exp(-v)); });
}

std::vector<Tensor> tanh_op(const KernelArgs& a) {
  return unary_float(a, [](auto v) { return std::tanh(v); });
}

std::vector<Tensor> hard_sigmoid(const KernelArgs& a) {
  const float alpha = a.node.attr_float("alpha", 0.2f), beta = a.node.attr_float("beta", 0.5f);
  return unary_float(a, [=](auto v) {
    using T = decltype(v);
    return std::max(T(0), std::min(T(1), static_cast<T>(alpha * v + beta)));
  });
}

std::vector<Tensor> hard_swish(const KernelArgs& a) {
  // ONNX: x * HardSigmoid(x) with alpha = 1/6, beta = 0.5.
  return unary_float(a, [](auto v) {
    using T = decltype(v);
    return v * std::max(T(0), std::min(T(1), v / T(6) + T(0.5)));
  });
}

std::vector<Tensor> clip(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  Tensor r = make_tensor(x.dtype, x.shape);
  visit_numeric(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
    if constexpr (std::is_floating_point_v<T>) {
      lo = -std::numeric_limits<T>::infinity();
      hi = std::numeric_limits<T>::infinity();
    }
    if (a.opset < 11) {
      // Attribute form; opset 6-10 default to +-3.4e38, which for float32
      // behaves as no bound at all. Integer inputs came with the input form.
      if constexpr (!std::is_floating_point_v<T>) a.fail("integer Clip needs opset 12 or later");
      if (a.node.has_attr("min")) lo = static_cast<T>(a.node.attr_float("min", 0.f));
      if (a.node.has_attr("max")) hi = static_cast<T>(a.node.attr_float("max", 0.f));
    } else {
      for (size_t i = 1; i <= 2; ++i) {
        const Tensor* b = a.opt(i);
        if (!b) continue;
        if (b->dtype != x.dtype || b->size() != 1)
          a.fail(std::string(i == 1 ? "min" : "max") + " must be a single " + dtype_name(x.dtype) + " value");
        (i == 1 ? lo : hi) = b->ptr<T>()[0];
      }
    }
    const T* px = x.ptr<T>();
    T* pr = r.ptr<T>();
    for (int64_t i = 0, n = x.size(); i < n; ++i) pr[i] = std::min(std::max(px[i], lo), hi);
  });
  return {std::move(r)};
}

}  // namespace

KernelTable activation_kernels() {
  return {
      {"", "Relu", relu},       {"", "LeakyRelu", leaky_relu}, {"", "Sigmoid", sigmoid},
      {"", "Tanh", tanh_op},    {"", "HardSigmoid", hard_sigmoid}, {"", "HardSwish", hard_swish},
      {"", "Clip", clip},
  };
}

}  // namespace tinyc::ref
