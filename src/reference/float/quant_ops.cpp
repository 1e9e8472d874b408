// QuantizeLinear and DequantizeLinear, per tensor or per axis (opset 13),
// int8/uint8 (and int32 input for dequantizing biases). Arithmetic follows
// onnxruntime: q = saturate(round_half_even(x / scale) + zp) with the
// division in float32; x = float(q - zp) * scale.
#include "reference/float/kernel.h"
#include "reference/float/quant_util.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

// Index of the quantization parameter each element of x uses: x viewed as
// [outer, channels, inner] when per axis.
struct ChannelView {
  int64_t channels = 1, inner = 1;
  int64_t channel_of(int64_t i) const { return channels == 1 ? 0 : (i / inner) % channels; }
};

ChannelView channel_view(const KernelArgs& a, const Tensor& x, const QuantInput& q) {
  if (a.node.attr_int("block_size", 0) != 0) a.fail("blocked quantization (block_size) is not supported");
  ChannelView v;
  if (q.scale.size() == 1) return v;
  if (a.opset < 13) a.fail("per-axis scales need opset 13 or later");
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const int64_t axis = normalize_axis(a.node.attr_int("axis", 1), rank, a);
  if (x.shape[axis] != static_cast<int64_t>(q.scale.size()))
    a.fail("axis " + std::to_string(axis) + " of the input has " + std::to_string(x.shape[axis]) + " channels, the scale " +
           std::to_string(q.scale.size()) + " values");
  v.channels = x.shape[axis];
  for (int64_t d = axis + 1; d < rank; ++d) v.inner *= x.shape[d];
  return v;
}

std::vector<Tensor> quantize_linear(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  if (x.dtype != DType::F32 && x.dtype != DType::I32)
    a.fail(std::string("input must be float32 or int32, not ") + dtype_name(x.dtype));
  const QuantInput q = read_quant_input(a, 1, 2, "y");
  if (q.zp_type != DType::U8 && q.zp_type != DType::I8 && q.zp_type != DType::U16 && q.zp_type != DType::I16)
    a.fail(std::string("output type ") + dtype_name(q.zp_type) + " is not supported (int8, uint8, int16, uint16)");
  const ChannelView v = channel_view(a, x, q);
  const std::vector<float> xf = x.to_float();
  const int64_t lo = quant_min(q.zp_type), hi = quant_max(q.zp_type);
  std::vector<int64_t> out(xf.size());
  for (size_t i = 0; i < xf.size(); ++i) {
    const int64_t c = v.channel_of(static_cast<int64_t>(i));
    out[i] = round_add_saturate(xf[i] / q.scale_at(c), q.zp_at(c), lo, hi);
  }
  Tensor y = make_tensor(q.zp_type, x.shape);
  store_ints(y, out);
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
  const std::vector<int64_t> xi = x.to_int64();
  Tensor y = make_tensor(DType::F32, x.shape);
  float* py = y.ptr<float>();
  for (size_t i = 0; i < xi.size(); ++i) {
    const int64_t c = v.channel_of(static_cast<int64_t>(i));
    py[i] = static_cast<float>(xi[i] - q.zp_at(c)) * q.scale_at(c);
  }
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
