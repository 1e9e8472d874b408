// Tensor value conversions and attribute constructors.
#include <cstring>

#include "tinyc/error.h"
#include "tinyc/ir.h"

namespace tinyc {
namespace {

// IEEE half -> float, for models that store float16 constants.
float half_to_float(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      exp = 127 - 15 + 1;
      while (!(mant & 0x400)) { mant <<= 1; --exp; }
      mant &= 0x3ff;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp - 15 + 127) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

template <class T, class F>
void convert_all(const Tensor& t, std::vector<T>& out, F cast) {
  const int64_t n = t.size();
  if (t.data.size() < static_cast<size_t>(n) * dtype_size(t.dtype))
    fail("tensor '" + t.name + "' has " + std::to_string(t.data.size()) + " bytes of data, shape " +
         shape_str(t.shape) + " needs " + std::to_string(n * dtype_size(t.dtype)));
  out.resize(n);
  const uint8_t* p = t.data.data();
  for (int64_t i = 0; i < n; ++i) {
    switch (t.dtype) {
      case DType::F32: { float v; std::memcpy(&v, p + 4 * i, 4); out[i] = cast(v); break; }
      case DType::F64: { double v; std::memcpy(&v, p + 8 * i, 8); out[i] = cast(v); break; }
      case DType::F16: { uint16_t v; std::memcpy(&v, p + 2 * i, 2); out[i] = cast(half_to_float(v)); break; }
      case DType::I8: out[i] = cast(static_cast<int8_t>(p[i])); break;
      case DType::U8: out[i] = cast(p[i]); break;
      case DType::Bool: out[i] = cast(p[i] != 0); break;
      case DType::I16: { int16_t v; std::memcpy(&v, p + 2 * i, 2); out[i] = cast(v); break; }
      case DType::U16: { uint16_t v; std::memcpy(&v, p + 2 * i, 2); out[i] = cast(v); break; }
      case DType::I32: { int32_t v; std::memcpy(&v, p + 4 * i, 4); out[i] = cast(v); break; }
      case DType::I64: { int64_t v; std::memcpy(&v, p + 8 * i, 8); out[i] = cast(v); break; }
      case DType::Undefined: fail("tensor '" + t.name + "' has no data type");
    }
  }
}

}  // namespace

std::vector<float> Tensor::to_float() const {
  std::vector<float> r;
  convert_all(*this, r, [](auto v) { return static_cast<float>(v); });
  return r;
}

std::vector<int64_t> Tensor::to_int64() const {
  std::vector<int64_t> r;
  convert_all(*this, r, [](auto v) {
    // Float to int conversion saturates instead of invoking undefined behaviour.
    if constexpr (std::is_floating_point_v<decltype(v)>) {
      if (!(v == v)) return int64_t{0};
      if (v >= 9.2e18) return INT64_MAX;
      if (v <= -9.2e18) return INT64_MIN;
    }
    return static_cast<int64_t>(v);
  });
  return r;
}

Tensor Tensor::from_float(std::string name, Shape shape, const std::vector<float>& v) {
  return from_values(std::move(name), DType::F32, std::move(shape), v);
}

Tensor Tensor::from_int64(std::string name, Shape shape, const std::vector<int64_t>& v) {
  return from_values(std::move(name), DType::I64, std::move(shape), v);
}

Attribute Attribute::of_int(int64_t v) { Attribute a; a.kind = Kind::Int; a.i = v; return a; }
Attribute Attribute::of_float(float v) { Attribute a; a.kind = Kind::Float; a.f = v; return a; }
Attribute Attribute::of_string(std::string v) { Attribute a; a.kind = Kind::String; a.s = std::move(v); return a; }
Attribute Attribute::of_ints(std::vector<int64_t> v) { Attribute a; a.kind = Kind::Ints; a.ints = std::move(v); return a; }
Attribute Attribute::of_floats(std::vector<float> v) { Attribute a; a.kind = Kind::Floats; a.floats = std::move(v); return a; }
Attribute Attribute::of_strings(std::vector<std::string> v) { Attribute a; a.kind = Kind::Strings; a.strings = std::move(v); return a; }

}  // namespace tinyc
