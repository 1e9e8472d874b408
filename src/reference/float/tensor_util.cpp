// Shared helpers of the float reference kernels (see tensor_util.h).
#include "reference/float/tensor_util.h"

#include <algorithm>

#include "tinyc/error.h"

namespace tinyc::ref {

const Tensor& KernelArgs::in(size_t i) const {
  const Tensor* t = opt(i);
  if (!t) fail("input " + std::to_string(i) + " is required");
  return *t;
}

const Tensor* KernelArgs::opt(size_t i) const {
  if (i >= inputs.size() || !inputs[i]) return nullptr;
  const Tensor* t = inputs[i];
  if (t->data.size() != t->byte_size())
    fail("input " + std::to_string(i) + " ('" + t->name + "') has " + std::to_string(t->data.size()) +
         " bytes of data, its shape " + shape_str(t->shape) + " and type " + dtype_name(t->dtype) + " need " +
         std::to_string(t->byte_size()));
  return t;
}

void KernelArgs::fail(const std::string& message) const { fail_node(node.name, node.op_type, message); }

Tensor make_tensor(DType t, const Shape& shape) {
  Tensor r("", t, shape);
  r.allocate();
  return r;
}

Tensor make_float(const Shape& shape, std::vector<float> v) {
  Tensor r("", DType::F32, shape);
  r.data.resize(v.size() * sizeof(float));
  if (!v.empty()) std::memcpy(r.data.data(), v.data(), r.data.size());
  return r;
}

std::vector<int64_t> strides_of(const Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t d = s.size(); d-- > 1;) st[d - 1] = st[d] * s[d];
  return st;
}

int64_t normalize_axis(int64_t axis, int64_t rank, const KernelArgs& a) {
  if (axis < -rank || axis >= rank)
    a.fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  return axis < 0 ? axis + rank : axis;
}

Shape broadcast_shapes(const std::vector<Shape>& shapes, const KernelArgs& a) {
  size_t rank = 0;
  for (const auto& s : shapes) rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const auto& s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[rank - s.size() + i];
      const int64_t d = s[i];
      if (d == o || d == 1) continue;
      if (o == 1) {
        o = d;
        continue;
      }
      std::string all;
      for (const auto& x : shapes) all += (all.empty() ? "" : ", ") + shape_str(x);
      a.fail("shapes " + all + " do not broadcast");
    }
  }
  return out;
}

std::vector<int64_t> broadcast_strides(const Shape& in, const Shape& out) {
  std::vector<int64_t> st(out.size(), 0);
  const std::vector<int64_t> own = strides_of(in);
  const size_t lead = out.size() - in.size();
  for (size_t i = 0; i < in.size(); ++i)
    st[lead + i] = in[i] == 1 ? 0 : own[i];
  return st;
}

std::vector<int64_t> int_values(const Tensor& t, const KernelArgs& a, const char* what) {
  if (t.dtype != DType::I64 && t.dtype != DType::I32)
    a.fail(std::string(what) + " must be int64 or int32, not " + dtype_name(t.dtype));
  return t.to_int64();
}

float scalar_float(const Tensor& t, const KernelArgs& a, const char* what) {
  if (t.size() != 1) a.fail(std::string(what) + " must hold one value, it has shape " + shape_str(t.shape));
  return t.to_float()[0];
}

int64_t scalar_int(const Tensor& t, const KernelArgs& a, const char* what) {
  if (t.size() != 1) a.fail(std::string(what) + " must hold one value, it has shape " + shape_str(t.shape));
  return t.to_int64()[0];
}

namespace {
template <size_t S>
void gather_fixed(const uint8_t* in, uint8_t* out, const std::vector<int64_t>& src, const uint8_t* fill) {
  for (size_t i = 0; i < src.size(); ++i)
    std::memcpy(out + i * S, src[i] < 0 ? fill : in + src[i] * S, S);
}
}  // namespace

void gather_elements(const uint8_t* in, uint8_t* out, const std::vector<int64_t>& src, size_t elem,
                     const uint8_t* fill) {
  // Fixed-size copies let the compiler turn each memcpy into one move.
  switch (elem) {
    case 1: return gather_fixed<1>(in, out, src, fill);
    case 2: return gather_fixed<2>(in, out, src, fill);
    case 4: return gather_fixed<4>(in, out, src, fill);
    case 8: return gather_fixed<8>(in, out, src, fill);
    default:
      for (size_t i = 0; i < src.size(); ++i)
        std::memcpy(out + i * elem, src[i] < 0 ? fill : in + src[i] * elem, elem);
  }
}

Tensor remap_dims(const Tensor& in, const std::vector<std::vector<int64_t>>& maps, const uint8_t* fill) {
  Shape out_shape;
  for (const auto& m : maps) out_shape.push_back(static_cast<int64_t>(m.size()));
  Tensor out = make_tensor(in.dtype, out_shape);
  const int64_t n = out.size();
  if (n == 0) return out;
  const std::vector<int64_t> st = strides_of(in.shape);
  const size_t rank = maps.size();
  // Source offsets, built dimension by dimension (outer to inner).
  std::vector<int64_t> src{0};
  for (size_t d = 0; d < rank; ++d) {
    std::vector<int64_t> next;
    next.reserve(src.size() * maps[d].size());
    for (int64_t base : src)
      for (int64_t m : maps[d]) next.push_back(base < 0 || m < 0 ? -1 : base + m * st[d]);
    src.swap(next);
  }
  gather_elements(in.data.data(), out.data.data(), src, dtype_size(in.dtype), fill);
  return out;
}

uint16_t float_to_half(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t exp = (x >> 23) & 0xffu;
  uint32_t mant = x & 0x7fffffu;
  if (exp == 0xff) return static_cast<uint16_t>(sign | 0x7c00u | (mant ? 0x200u : 0u));  // inf / nan
  const int32_t e = static_cast<int32_t>(exp) - 127 + 15;
  if (e >= 31) return static_cast<uint16_t>(sign | 0x7c00u);  // overflow to inf
  if (e <= 0) {
    if (e < -10) return static_cast<uint16_t>(sign);  // underflow to zero
    mant |= 0x800000u;  // subnormal half: shift in the implicit bit
    const uint32_t shift = static_cast<uint32_t>(14 - e);
    uint32_t h = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1u))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = (static_cast<uint32_t>(e) << 10) | (mant >> 13);
  const uint32_t rem = mant & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;  // may carry into the exponent: correct
  return static_cast<uint16_t>(sign | h);
}

}  // namespace tinyc::ref
