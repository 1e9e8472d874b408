// Ops that make values from attributes or scalars: Constant (every value_*
// form; import usually folds Constants into constant tensors),
// ConstantOfShape and Range.
#include <cmath>
#include <type_traits>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

std::vector<Tensor> constant(const KernelArgs& a) {
  const Node& n = a.node;
  if (n.has_attr("value_float")) return {Tensor::from_float("", {}, {n.attr_float("value_float", 0.f)})};
  if (n.has_attr("value_int")) return {Tensor::from_int64("", {}, {n.attr_int("value_int", 0)})};
  if (n.has_attr("value_floats")) {
    std::vector<float> v = n.attr_floats("value_floats");
    const int64_t len = static_cast<int64_t>(v.size());
    return {Tensor::from_float("", {len}, v)};
  }
  if (n.has_attr("value_ints")) {
    std::vector<int64_t> v = n.attr_ints("value_ints");
    const int64_t len = static_cast<int64_t>(v.size());
    return {Tensor::from_int64("", {len}, v)};
  }
  auto it = n.attrs.find("value");
  if (it != n.attrs.end() && it->second.kind == Attribute::Kind::Tensor) {
    Tensor t = it->second.t;
    if (t.data.size() != t.byte_size()) a.fail("attribute 'value' has data that does not match its shape");
    return {std::move(t)};
  }
  a.fail("one of value, value_float, value_floats, value_int, value_ints is required");
}

// ConstantOfShape's `value`: a one-element Tensor attribute (the ONNX form),
// or a Float / Int attribute (or one-element list) from hand-built graphs.
Tensor fill_value(const KernelArgs& a) {
  auto it = a.node.attrs.find("value");
  if (it == a.node.attrs.end()) return Tensor::from_float("", {}, {0.f});
  const Attribute& v = it->second;
  switch (v.kind) {
    case Attribute::Kind::Float: return Tensor::from_float("", {}, {v.f});
    case Attribute::Kind::Int: return Tensor::from_int64("", {}, {v.i});
    case Attribute::Kind::Floats:
      if (v.floats.size() == 1) return Tensor::from_float("", {}, v.floats);
      break;
    case Attribute::Kind::Ints:
      if (v.ints.size() == 1) return Tensor::from_int64("", {}, v.ints);
      break;
    case Attribute::Kind::Tensor:  // the ONNX form: its dtype is the output's
      if (v.t.size() == 1 && v.t.data.size() == v.t.byte_size()) {
        Tensor t = v.t;
        t.shape = {};
        return t;
      }
      break;
    default: break;
  }
  a.fail("attribute 'value' must hold one number");
}

std::vector<Tensor> constant_of_shape(const KernelArgs& a) {
  const std::vector<int64_t> dims = int_values(a.in(0), a, "shape");
  for (int64_t d : dims)
    if (d < 0) a.fail("shape " + shape_str(dims) + " has a negative dimension");
  const Tensor v = fill_value(a);
  Tensor y = make_tensor(v.dtype, Shape(dims.begin(), dims.end()));
  const size_t e = dtype_size(v.dtype);
  for (int64_t i = 0, n = y.size(); i < n; ++i) std::memcpy(y.data.data() + i * e, v.data.data(), e);
  return {std::move(y)};
}

std::vector<Tensor> range(const KernelArgs& a) {
  const Tensor &s = a.in(0), &l = a.in(1), &d = a.in(2);
  if (s.dtype != l.dtype || s.dtype != d.dtype) a.fail("start, limit and delta must have one type");
  if (s.size() != 1 || l.size() != 1 || d.size() != 1) a.fail("start, limit and delta must be scalars");
  Tensor y;
  visit_numeric(s.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T start = s.ptr<T>()[0], limit = l.ptr<T>()[0], delta = d.ptr<T>()[0];
    if (delta == T(0)) a.fail("delta must not be 0");
    // Number of elements: max(ceil((limit - start) / delta), 0).
    int64_t count;
    if constexpr (std::is_floating_point_v<T>) {
      const double c = std::ceil((static_cast<double>(limit) - static_cast<double>(start)) / static_cast<double>(delta));
      if (!(c < 1e12)) a.fail("the range is too long");
      count = c > 0 ? static_cast<int64_t>(c) : 0;
    } else {
      const int64_t span = static_cast<int64_t>(limit) - static_cast<int64_t>(start), step = static_cast<int64_t>(delta);
      count = (span > 0) == (step > 0) && span != 0 ? (span + step + (step > 0 ? -1 : 1)) / step : 0;
    }
    y = make_tensor(s.dtype, {count});
    for (int64_t i = 0; i < count; ++i) y.ptr<T>()[i] = static_cast<T>(start + static_cast<T>(i) * delta);
  });
  return {std::move(y)};
}

}  // namespace

KernelTable generator_kernels() {
  return {
      {"", "Constant", constant},
      {"", "ConstantOfShape", constant_of_shape},
      {"", "Range", range},
  };
}

}  // namespace tinyc::ref
