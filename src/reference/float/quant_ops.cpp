// QuantizeLinear and DequantizeLinear, per tensor or per axis (opset 13),
// int8/uint8 (and int32 input for dequantizing biases). Arithmetic follows
// onnxruntime: q = saturate(round_half_even(x / scale) + zp) with the
// division in float32; x = float(q - zp) * scale.
#include "reference/float/kernel.h"
#include "reference/float/quant_util.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

// x viewed as [outer, channels, inner]: per axis, channel c uses scale[c]
// and zero_point[c]; per tensor, channels is 1.
struct ChannelView {
  int64_t outer = 1, channels = 1, inner = 1;
};

ChannelView channel_view(const KernelArgs& a, const Tensor& x, const QuantInput& q) {
  if (a.node.attr_int("block_size", 0) != 0) a.fail("blocked quantization (block_size) is not supported");
  ChannelView v;
  v.inner = x.size();
  if (q.scale.size() == 1) return v;
  if (a.opset < 13) a.fail("per-axis scales need opset 13 or later");
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const int64_t axis = normalize_axis(a.node.attr_int("axis", 1), rank, a);
  if (x.shape[axis] != static_cast<int64_t>(q.scale.size()))
    a.fail("axis " + std::to_string(axis) + " of the input has " + std::to_string(x.shape[axis]) + " channels, the scale " +
           std::to_string(q.scale.size()) + " values");
  v.channels = x.shape[axis];
  v.inner = 1;
  for (int64_t d = axis + 1; d < rank; ++d) v.inner *= x.shape[d];
  for (int64_t d = 0; d < axis; ++d) v.outer *= x.shape[d];
  return v;
}

// Calls f(i, c) for every element index i of x with its channel c.
template <class F>
void for_each_channel(const ChannelView& v, F&& f) {
  int64_t i = 0;
  for (int64_t o = 0; o < v.outer; ++o)
    for (int64_t c = 0; c < v.channels; ++c)
      for (int64_t k = 0; k < v.inner; ++k, ++i) f(i, c);
}

std::vector<Tensor> quantize_linear(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  if (x.dtype != DType::F32 && x.dtype != DType::I32)
    a.fail(std::string("input must be float32 or int32, not ") + dtype_name(x.dtype));
  const QuantInput q = read_quant_input(a, 1, 2, "y");
  if (q.zp_type != DType::U8 && q.zp_type != DType::I8 && q.zp_type != DType::U16 && q.zp_type != DType::I16)
    a.fail(std::string("output type ") + dtype_name(q.zp_type) + " is not supported (int8, uint8, int16, uint16)");
  const ChannelView v = channel_view(a, x, q);
  const int64_t lo = quant_min(q.zp_type), hi = quant_max(q.zp_type);
  Tensor y = make_tensor(q.zp_type, x.shape);
  visit_numeric(x.dtype, a, [&](auto in_tag) {
    using X = decltype(in_tag);
    const X* px = x.ptr<X>();
    visit_numeric(q.zp_type, a, [&](auto out_tag) {
      using Q = decltype(out_tag);
      Q* py = y.ptr<Q>();
      for_each_channel(v, [&](int64_t i, int64_t c) {
        py[i] = static_cast<Q>(round_add_saturate(static_cast<float>(px[i]) / q.scale_at(c), q.zp_at(c), lo, hi));
      });
    });
  });
  return {std::move(y)};
}

std::vector<Tensor> dequantize_linear(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  if (x.dtype != DType::U8 && x.dtype != DType::I8 && x.dtype != DType::I32 && x.dtype != DType::U16 &&
      x.dtype != DType::I16)
    a.fail(std::string("input must be int8, uint8, int16, uint16 or int32, not ") + dtype_name(x.dtype));
  const QuantInput q = read_quant_input(a, 1, 2, "x");
  if (a.opt(2) && q.zp_type != x.dtype)
    a.fail(std::string("zero point type ") + dtype_name(q.zp_type) + " differs from the input's " + dtype_name(x.dtype));
  const ChannelView v = channel_view(a, x, q);
  Tensor y = make_tensor(DType::F32, x.shape);
  float* py = y.ptr<float>();
  visit_numeric(x.dtype, a, [&](auto tag) {
    using X = decltype(tag);
    const X* px = x.ptr<X>();
    for_each_channel(v, [&](int64_t i, int64_t c) {
      py[i] = static_cast<float>(static_cast<int64_t>(px[i]) - q.zp_at(c)) * q.scale_at(c);
    });
  });
  return {std::move(y)};
}

}  // namespace

KernelTable quant_kernels() {
  return {
      {"", "QuantizeLinear", quantize_linear},
      {"", "DequantizeLinear", dequantize_linear},
  };
}

}  // namespace tinyc::ref
