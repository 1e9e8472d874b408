// tinyc float reference — small helpers shared by the kernels: typed output
// tensors, dtype dispatch, axis normalisation, numpy broadcasting, strides.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "reference/float/kernel.h"
#include "tinyc/ir.h"

namespace tinyc::ref {

/// A zero-filled, non-constant tensor of the given dtype and shape.
Tensor make_tensor(DType t, const Shape& shape);
/// A float32 tensor holding `v` (size must match the shape).
Tensor make_float(const Shape& shape, std::vector<float> v);

/// Row-major strides (in elements) of a shape.
std::vector<int64_t> strides_of(const Shape& s);

/// Axis in [-rank, rank) -> [0, rank); throws naming the node when out of range.
int64_t normalize_axis(int64_t axis, int64_t rank, const KernelArgs& a);

/// numpy-style broadcast of several shapes; throws naming the node when they do not fit.
Shape broadcast_shapes(const std::vector<Shape>& shapes, const KernelArgs& a);
/// Strides of `in` seen from a broadcast output of shape `out` (0 on broadcast dims).
std::vector<int64_t> broadcast_strides(const Shape& in, const Shape& out);

/// Calls f(out_index, in_offsets) for every element of `out`, in row-major
/// order, where in_offsets[k] is the flat index into input k (shapes `ins`,
/// each broadcastable to `out`).
template <class F>
void for_each_broadcast(const Shape& out, const std::vector<Shape>& ins, F&& f) {
  const int64_t n = num_elements(out);
  const size_t k = ins.size();
  std::vector<int64_t> off(k, 0);
  bool all_same = true;
  for (const auto& s : ins) all_same = all_same && s == out;
  if (all_same) {
    for (int64_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < k; ++j) off[j] = i;
      f(i, off.data());
    }
    return;
  }
  if (n == 0) return;
  const size_t rank = out.size();
  std::vector<std::vector<int64_t>> st(k);
  for (size_t j = 0; j < k; ++j) st[j] = broadcast_strides(ins[j], out);
  std::vector<int64_t> idx(rank, 0);
  for (int64_t i = 0; i < n; ++i) {
    f(i, off.data());
    // Advance the multi-index, keeping every input offset in step.
    for (size_t d = rank; d-- > 0;) {
      ++idx[d];
      for (size_t j = 0; j < k; ++j) off[j] += st[j][d];
      if (idx[d] < out[d]) break;
      for (size_t j = 0; j < k; ++j) off[j] -= st[j][d] * out[d];
      idx[d] = 0;
    }
  }
}

/// Calls f(T{}) with T the C++ type of a numeric dtype (float, double, int8_t,
/// ... int64_t); throws naming the node for other dtypes (bool, float16).
template <class F>
decltype(auto) visit_numeric(DType t, const KernelArgs& a, F&& f) {
  switch (t) {
    case DType::F32: return f(float{});
    case DType::F64: return f(double{});
    case DType::I8: return f(int8_t{});
    case DType::U8: return f(uint8_t{});
    case DType::I16: return f(int16_t{});
    case DType::U16: return f(uint16_t{});
    case DType::I32: return f(int32_t{});
    case DType::I64: return f(int64_t{});
    default: break;
  }
  a.fail(std::string("element type ") + dtype_name(t) + " is not supported here");
}

/// Same, for float32/float64 only.
template <class F>
decltype(auto) visit_float(DType t, const KernelArgs& a, F&& f) {
  switch (t) {
    case DType::F32: return f(float{});
    case DType::F64: return f(double{});
    default: break;
  }
  a.fail(std::string("element type ") + dtype_name(t) + " is not supported here (float32 or float64 expected)");
}

/// The DType of a C++ element type.
template <class T> constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::F32; }
template <> constexpr DType dtype_of<double>() { return DType::F64; }
template <> constexpr DType dtype_of<int8_t>() { return DType::I8; }
template <> constexpr DType dtype_of<uint8_t>() { return DType::U8; }
template <> constexpr DType dtype_of<int16_t>() { return DType::I16; }
template <> constexpr DType dtype_of<uint16_t>() { return DType::U16; }
template <> constexpr DType dtype_of<int32_t>() { return DType::I32; }
template <> constexpr DType dtype_of<int64_t>() { return DType::I64; }
template <> constexpr DType dtype_of<bool>() { return DType::Bool; }

/// Integer values of an int32/int64 input (shape tensors, axes, pads, ...).
std::vector<int64_t> int_values(const Tensor& t, const KernelArgs& a, const char* what);
/// The single value of a scalar or one-element tensor, as float / int64.
float scalar_float(const Tensor& t, const KernelArgs& a, const char* what);
int64_t scalar_int(const Tensor& t, const KernelArgs& a, const char* what);

/// Copies elements of `elem` bytes, gathering out[i] = in[src[i]] (src < 0: fill).
void gather_elements(const uint8_t* in, uint8_t* out, const std::vector<int64_t>& src, size_t elem,
                     const uint8_t* fill);

/// out = in laid out through per-dimension index maps: out[o] takes
/// in[sum_d maps[d][o_d] * stride_d], or `fill` (elem bytes) when any map
/// entry is -1. The output shape is the map sizes.
Tensor remap_dims(const Tensor& in, const std::vector<std::vector<int64_t>>& maps, const uint8_t* fill);

/// IEEE binary16 from float (round to nearest even).
uint16_t float_to_half(float f);

}  // namespace tinyc::ref
