// Gather (any axis, negative indices) and Cast (between float32/64/16,
// integer and bool types; `to` as a type name before opset 6).
#include <cmath>
#include <limits>
#include <type_traits>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

std::vector<Tensor> gather(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Tensor& ind = a.in(1);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  if (rank == 0) a.fail("data must have rank 1 or more");
  const int64_t axis = normalize_axis(a.node.attr_int("axis", 0), rank, a);
  const std::vector<int64_t> idx = int_values(ind, a, "indices");
  const int64_t dim = x.shape[axis];
  Shape out(x.shape.begin(), x.shape.begin() + axis);
  out.insert(out.end(), ind.shape.begin(), ind.shape.end());
  out.insert(out.end(), x.shape.begin() + axis + 1, x.shape.end());
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x.shape[d];
  for (int64_t d = axis + 1; d < rank; ++d) inner *= x.shape[d];
  Tensor y = make_tensor(x.dtype, out);
  const size_t block = static_cast<size_t>(inner) * dtype_size(x.dtype);
  uint8_t* dst = y.data.data();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i : idx) {
      const int64_t k = i < 0 ? i + dim : i;
      if (k < 0 || k >= dim)
        a.fail("index " + std::to_string(i) + " is out of range for axis " + std::to_string(axis) + " of size " +
               std::to_string(dim));
      if (block) std::memcpy(dst, x.data.data() + (o * dim + k) * static_cast<int64_t>(block), block);
      dst += block;
    }
  return {std::move(y)};
}

DType cast_target(const KernelArgs& a) {
  auto it = a.node.attrs.find("to");
  if (it == a.node.attrs.end()) a.fail("attribute 'to' is required");
  if (it->second.kind == Attribute::Kind::String) {  // opset 1-5 named the type
    static const std::pair<const char*, DType> names[] = {
        {"FLOAT", DType::F32}, {"DOUBLE", DType::F64}, {"FLOAT16", DType::F16}, {"INT8", DType::I8},
        {"UINT8", DType::U8},  {"INT16", DType::I16},  {"UINT16", DType::U16},  {"INT32", DType::I32},
        {"INT64", DType::I64}, {"BOOL", DType::Bool}};
    for (const auto& [name, t] : names)
      if (it->second.s == name) return t;
    a.fail("cannot cast to '" + it->second.s + "'");
  }
  const DType t = dtype_from_onnx(static_cast<int>(a.node.attr_int("to", 0)));
  if (t == DType::Undefined) a.fail("cannot cast to ONNX type " + std::to_string(a.node.attr_int("to", 0)));
  return t;
}

// Float to integer: truncation toward zero; out-of-range values saturate to
// int64 and then wrap to the target width, NaN gives 0 (defined behaviour
// where C++ would have none).
template <class T>
T float_to_int(double v) {
  if (std::isnan(v)) return T(0);
  int64_t w;
  if (v >= 9.2e18) w = std::numeric_limits<int64_t>::max();
  else if (v <= -9.2e18) w = std::numeric_limits<int64_t>::min();
  else w = static_cast<int64_t>(v);
  return static_cast<T>(w);
}

std::vector<Tensor> cast(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const DType to = cast_target(a);
  Tensor y = make_tensor(to, x.shape);
  const bool from_float = x.dtype == DType::F32 || x.dtype == DType::F64 || x.dtype == DType::F16;
  if (!from_float && x.dtype != DType::Bool) visit_numeric(x.dtype, a, [](auto) {});  // rejects other types
  const int64_t n = x.size();
  std::vector<double> fv;
  std::vector<int64_t> iv;
  if (from_float) {
    if (x.dtype == DType::F64) fv.assign(x.ptr<double>(), x.ptr<double>() + n);
    else { std::vector<float> f = x.to_float(); fv.assign(f.begin(), f.end()); }
  } else {
    iv = x.to_int64();
  }
  auto value_as = [&](auto tag, int64_t i) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) return from_float ? fv[i] != 0.0 : iv[i] != 0;
    else if constexpr (std::is_floating_point_v<T>) return from_float ? static_cast<T>(fv[i]) : static_cast<T>(iv[i]);
    else return from_float ? float_to_int<T>(fv[i]) : static_cast<T>(iv[i]);
  };
  if (to == DType::F16) {
    for (int64_t i = 0; i < n; ++i) y.ptr<uint16_t>()[i] = float_to_half(value_as(float{}, i));
  } else if (to == DType::Bool) {
    for (int64_t i = 0; i < n; ++i) y.ptr<uint8_t>()[i] = value_as(bool{}, i) ? 1 : 0;
  } else {
    visit_numeric(to, a, [&](auto tag) {
      using T = decltype(tag);
      for (int64_t i = 0; i < n; ++i) y.ptr<T>()[i] = value_as(T{}, i);
    });
  }
  return {std::move(y)};
}

}  // namespace

KernelTable gather_cast_kernels() {
  return {
      {"", "Gather", gather},
      {"", "Cast", cast},
  };
}

}  // namespace tinyc::ref
