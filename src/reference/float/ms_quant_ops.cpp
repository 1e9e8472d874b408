// com.microsoft QLinearAdd, QLinearMul, QLinearAveragePool,
// QLinearGlobalAveragePool and QLinearSoftmax, simulated in float the way
// onnxruntime's reference kernels do it: dequantize, compute in float32,
// requantize with round half to even and saturation. QLinearGlobalAveragePool
// follows onnxruntime's integer sum and one float32 multiplier
// x_scale / (y_scale * area). channels_last layouts are refused except for
// QLinearGlobalAveragePool.
#include "reference/float/kernel.h"
#include "reference/float/pooling.h"
#include "reference/float/quant_util.h"
#include "reference/float/softmax.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

void check_quantized(const KernelArgs& a, const Tensor& t, const char* what) {
  if (t.dtype != DType::U8 && t.dtype != DType::I8)
    a.fail(std::string(what) + " must be int8 or uint8, not " + dtype_name(t.dtype));
}

QuantInput per_tensor(const KernelArgs& a, size_t scale_idx, size_t zp_idx, const char* what) {
  QuantInput q = read_quant_input(a, scale_idx, zp_idx, what);
  check_quant_count(a, q, 1, what);
  return q;
}

std::vector<float> dequantized(const Tensor& t, const QuantInput& q) {
  std::vector<int64_t> v = t.to_int64();
  std::vector<float> r(v.size());
  for (size_t i = 0; i < v.size(); ++i) r[i] = static_cast<float>(v[i] - q.zero_point[0]) * q.scale[0];
  return r;
}

Tensor quantized(const std::vector<float>& v, const Shape& shape, DType t, const QuantInput& q) {
  Tensor y = make_tensor(t, shape);
  std::vector<int64_t> out(v.size());
  for (size_t i = 0; i < v.size(); ++i)
    out[i] = round_add_saturate(v[i] / q.scale[0], q.zero_point[0], quant_min(t), quant_max(t));
  store_ints(y, out);
  return y;
}

template <bool MUL>
std::vector<Tensor> qlinear_binary(const KernelArgs& a) {
  const Tensor& A = a.in(0);
  const Tensor& B = a.in(3);
  check_quantized(a, A, "A");
  if (B.dtype != A.dtype) a.fail("A and B types differ");
  const QuantInput aq = per_tensor(a, 1, 2, "A"), bq = per_tensor(a, 4, 5, "B"), cq = per_tensor(a, 6, 7, "C");
  const Shape out = broadcast_shapes({A.shape, B.shape}, a);
  const std::vector<float> fa = dequantized(A, aq), fb = dequantized(B, bq);
  std::vector<float> fc(static_cast<size_t>(num_elements(out)));
  for_each_broadcast(out, {A.shape, B.shape}, [&](int64_t i, const int64_t* off) {
    fc[i] = MUL ? fa[off[0]] * fb[off[1]] : fa[off[0]] + fb[off[1]];
  });
  return {quantized(fc, out, A.dtype, cq)};
}

void refuse_channels_last(const KernelArgs& a) {
  if (a.node.attr_int("channels_last", 0) != 0) a.fail("channels_last=1 is not supported");
}

std::vector<Tensor> qlinear_average_pool(const KernelArgs& a) {
  refuse_channels_last(a);
  const Tensor& x = a.in(0);
  check_quantized(a, x, "X");
  const QuantInput xq = per_tensor(a, 1, 2, "x"), yq = per_tensor(a, 3, 4, "y");
  if (!a.node.has_attr("kernel_shape")) a.fail("attribute 'kernel_shape' is required");
  const Window w = make_window(a, x.shape, a.node.attr_ints("kernel_shape"), true);
  Shape out{x.shape[0], x.shape[1]};
  for (int64_t d : w.out_shape()) out.push_back(d);
  const std::vector<float> fx = dequantized(x, xq);
  std::vector<float> fy(static_cast<size_t>(num_elements(out)));
  pool_nd<float>(fx.data(), x.shape[0] * x.shape[1], w, PoolKind::Average,
                 a.node.attr_int("count_include_pad", 0) != 0, fy.data());
  return {quantized(fy, out, x.dtype, yq)};
}

std::vector<Tensor> qlinear_global_average_pool(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  check_quantized(a, x, "X");
  if (x.shape.size() < 3) a.fail("input must have rank 3 or more, got " + shape_str(x.shape));
  const QuantInput xq = per_tensor(a, 1, 2, "x"), yq = per_tensor(a, 3, 4, "y");
  const bool last = a.node.attr_int("channels_last", 0) != 0;
  const int64_t n = x.shape[0], c = last ? x.shape.back() : x.shape[1];
  const int64_t area = x.size() ? x.size() / (n * c) : 0;
  if (area == 0) a.fail("the spatial size is 0");
  Shape out(x.shape.size(), 1);
  out[0] = n;
  out[last ? out.size() - 1 : 1] = c;
  const std::vector<int64_t> v = x.to_int64();
  const float mult = xq.scale[0] / (yq.scale[0] * static_cast<float>(area));
  std::vector<int64_t> q(static_cast<size_t>(n * c));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch) {
      int64_t sum = 0;
      for (int64_t i = 0; i < area; ++i) sum += v[last ? (b * area + i) * c + ch : (b * c + ch) * area + i];
      sum -= xq.zero_point[0] * area;
      q[b * c + ch] = round_add_saturate(static_cast<float>(sum) * mult, yq.zero_point[0], quant_min(x.dtype),
                                         quant_max(x.dtype));
    }
  Tensor y = make_tensor(x.dtype, out);
  store_ints(y, q);
  return {std::move(y)};
}

std::vector<Tensor> qlinear_softmax(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  check_quantized(a, x, "X");
  const QuantInput xq = per_tensor(a, 1, 2, "x"), yq = per_tensor(a, 3, 4, "y");
  // The node carries the Softmax opset whose axis semantics it follows.
  const int64_t sem = a.node.attr_int("opset", 13);
  int64_t outer, len, inner;
  softmax_view(x.shape, sem, a.node.attr_int("axis", sem < 13 ? 1 : -1), a, outer, len, inner);
  const std::vector<float> fx = dequantized(x, xq);
  std::vector<float> fy(fx.size());
  softmax_strided<float>(fx.data(), fy.data(), outer, len, inner);
  const DType out_t = a.opt(4) ? yq.zp_type : x.dtype;
  return {quantized(fy, x.shape, out_t, yq)};
}

}  // namespace

KernelTable ms_quant_kernels() {
  return {
      {"com.microsoft", "QLinearAdd", qlinear_binary<false>},
      {"com.microsoft", "QLinearMul", qlinear_binary<true>},
      {"com.microsoft", "QLinearAveragePool", qlinear_average_pool},
      {"com.microsoft", "QLinearGlobalAveragePool", qlinear_global_average_pool},
      {"com.microsoft", "QLinearSoftmax", qlinear_softmax},
  };
}

}  // namespace tinyc::ref
