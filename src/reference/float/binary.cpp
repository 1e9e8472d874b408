// Elementwise ops on several inputs with numpy broadcasting: Add, Sub, Mul,
// Div (float and integer types; integer Add/Sub/Mul wrap around like numpy,
// integer Div truncates toward zero as ONNX says), Equal, Where and PRelu.
#include <cmath>
#include <type_traits>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

// Shape of B as the op sees it: opset < 7 Add/Sub/Mul/Div had an explicit
// `broadcast` flag and an `axis` at which B's dimensions line up with A's.
Shape legacy_b_shape(const KernelArgs& a, const Shape& sa, const Shape& sb) {
  if (a.opset >= 7 || a.node.attr_int("broadcast", 0) == 0) return sb;
  if (!a.node.has_attr("axis")) return sb;  // suffix alignment: what numpy does
  const int64_t rank = static_cast<int64_t>(sa.size());
  const int64_t axis = normalize_axis(a.node.attr_int("axis", 0), rank, a);
  if (axis + static_cast<int64_t>(sb.size()) > rank)
    a.fail("B of shape " + shape_str(sb) + " does not fit A " + shape_str(sa) + " at axis " + std::to_string(axis));
  Shape s = sb;
  s.resize(static_cast<size_t>(rank - axis), 1);
  return s;
}

enum class Arith { Add, Sub, Mul, Div };

template <class T>
T apply(Arith op, T x, T y, const KernelArgs& a) {
  if constexpr (std::is_floating_point_v<T>) {
    switch (op) {
      case Arith::Add: return x + y;
      case Arith::Sub: return x - y;
      case Arith::Mul: return x * y;
      case Arith::Div: return x / y;
    }
  } else {
    // Wrap around in the unsigned type: numpy's integer overflow, without UB.
    using U = std::make_unsigned_t<T>;
    switch (op) {
      case Arith::Add: return static_cast<T>(static_cast<U>(static_cast<U>(x) + static_cast<U>(y)));
      case Arith::Sub: return static_cast<T>(static_cast<U>(static_cast<U>(x) - static_cast<U>(y)));
      case Arith::Mul: return static_cast<T>(static_cast<U>(static_cast<U>(x) * static_cast<U>(y)));
      case Arith::Div:
        if (y == 0) a.fail("integer division by zero");
        if constexpr (std::is_signed_v<T>)
          if (y == T(-1)) return static_cast<T>(static_cast<U>(0) - static_cast<U>(x));  // MIN / -1 wraps
        return static_cast<T>(x / y);
    }
  }
  return T(0);
}

template <Arith OP>
std::vector<Tensor> arith(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Tensor& y = a.in(1);
  if (x.dtype != y.dtype)
    a.fail(std::string("operand types differ: ") + dtype_name(x.dtype) + " and " + dtype_name(y.dtype));
  const Shape ys = legacy_b_shape(a, x.shape, y.shape);
  const Shape out = broadcast_shapes({x.shape, ys}, a);
  Tensor r = make_tensor(x.dtype, out);
  visit_numeric(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T* px = x.ptr<T>();
    const T* py = y.ptr<T>();
    T* pr = r.ptr<T>();
    for_each_broadcast(out, {x.shape, ys},
                       [&](int64_t i, const int64_t* off) { pr[i] = apply<T>(OP, px[off[0]], py[off[1]], a); });
  });
  return {std::move(r)};
}

std::vector<Tensor> equal(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Tensor& y = a.in(1);
  if (x.dtype != y.dtype) a.fail("operand types differ");
  const Shape out = broadcast_shapes({x.shape, y.shape}, a);
  Tensor r = make_tensor(DType::Bool, out);
  uint8_t* pr = r.ptr<uint8_t>();
  if (x.dtype == DType::Bool) {
    const uint8_t* px = x.ptr<uint8_t>();
    const uint8_t* py = y.ptr<uint8_t>();
    for_each_broadcast(out, {x.shape, y.shape},
                       [&](int64_t i, const int64_t* off) { pr[i] = (px[off[0]] != 0) == (py[off[1]] != 0); });
  } else {
    visit_numeric(x.dtype, a, [&](auto tag) {
      using T = decltype(tag);
      const T* px = x.ptr<T>();
      const T* py = y.ptr<T>();
      for_each_broadcast(out, {x.shape, y.shape},
                         [&](int64_t i, const int64_t* off) { pr[i] = px[off[0]] == py[off[1]]; });
    });
  }
  return {std::move(r)};
}

std::vector<Tensor> where(const KernelArgs& a) {
  const Tensor& c = a.in(0);
  const Tensor& x = a.in(1);
  const Tensor& y = a.in(2);
  if (c.dtype != DType::Bool) a.fail(std::string("condition must be bool, not ") + dtype_name(c.dtype));
  if (x.dtype != y.dtype) a.fail("X and Y types differ");
  const Shape out = broadcast_shapes({c.shape, x.shape, y.shape}, a);
  Tensor r = make_tensor(x.dtype, out);
  const size_t e = dtype_size(x.dtype);
  const uint8_t* pc = c.ptr<uint8_t>();
  for_each_broadcast(out, {c.shape, x.shape, y.shape}, [&](int64_t i, const int64_t* off) {
    const uint8_t* src = pc[off[0]] ? x.data.data() + off[1] * e : y.data.data() + off[2] * e;
    std::memcpy(r.data.data() + i * e, src, e);
  });
  return {std::move(r)};
}

std::vector<Tensor> prelu(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Tensor& s = a.in(1);
  if (x.dtype != s.dtype) a.fail("input and slope types differ");
  Shape ss = s.shape;
  // Before opset 7 a 1-D slope of C values was per channel (axis 1).
  if (a.opset < 7 && ss.size() == 1 && x.shape.size() > 2 && ss[0] == x.shape[1] && ss[0] != x.shape.back()) {
    ss.resize(x.shape.size() - 1, 1);
  }
  if (broadcast_shapes({x.shape, ss}, a) != x.shape)
    a.fail("slope of shape " + shape_str(s.shape) + " does not broadcast to the input " + shape_str(x.shape));
  Tensor r = make_tensor(x.dtype, x.shape);
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T* px = x.ptr<T>();
    const T* ps = s.ptr<T>();
    T* pr = r.ptr<T>();
    for_each_broadcast(x.shape, {x.shape, ss}, [&](int64_t i, const int64_t* off) {
      const T v = px[off[0]];
      pr[i] = v < T(0) ? static_cast<T>(ps[off[1]] * v) : v;
    });
  });
  return {std::move(r)};
}

}  // namespace

KernelTable binary_kernels() {
  return {
      {"", "Add", arith<Arith::Add>}, {"", "Sub", arith<Arith::Sub>}, {"", "Mul", arith<Arith::Mul>},
      {"", "Div", arith<Arith::Div>}, {"", "Equal", equal},           {"", "Where", where},
      {"", "PRelu", prelu},
  };
}

}  // namespace tinyc::ref
