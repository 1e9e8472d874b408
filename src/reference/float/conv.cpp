// Conv (float), ConvInteger and QLinearConv: 1-D to 3-D, groups (depthwise
// included), dilations, pads and auto_pad. The integer ops accumulate exactly
// in int32; QLinearConv requantizes like onnxruntime (float32 multiplier
// x_scale * w_scale / y_scale, round half to even, saturate).
#include "reference/float/conv_core.h"
#include "reference/float/kernel.h"
#include "reference/float/quant_util.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

// Shape checks common to the three ops; returns the window.
Window conv_window(const KernelArgs& a, const Tensor& x, const Tensor& w, int64_t group) {
  if (x.shape.size() < 3) a.fail("input must be N x C x D1 ..., got " + shape_str(x.shape));
  if (w.shape.size() != x.shape.size())
    a.fail("weight shape " + shape_str(w.shape) + " does not have the rank of input " + shape_str(x.shape));
  if (group < 1 || x.shape[1] % group != 0 || w.shape[0] % group != 0)
    a.fail("group " + std::to_string(group) + " does not divide the input channels " + std::to_string(x.shape[1]) +
           " and output channels " + std::to_string(w.shape[0]));
  if (w.shape[1] * group != x.shape[1])
    a.fail("weight shape " + shape_str(w.shape) + " expects " + std::to_string(w.shape[1] * group) +
           " input channels, the input has " + std::to_string(x.shape[1]));
  std::vector<int64_t> kernel(w.shape.begin() + 2, w.shape.end());
  if (a.node.has_attr("kernel_shape") && a.node.attr_ints("kernel_shape") != kernel)
    a.fail("kernel_shape " + shape_str(a.node.attr_ints("kernel_shape")) + " disagrees with the weight shape " +
           shape_str(w.shape));
  return make_window(a, x.shape, kernel, false);
}

Shape conv_out_shape(const Tensor& x, int64_t m, const Window& win) {
  Shape s{x.shape[0], m};
  for (int64_t d : win.out_shape()) s.push_back(d);
  return s;
}

std::vector<Tensor> conv(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Tensor& w = a.in(1);
  const Tensor* b = a.opt(2);
  if (x.dtype != w.dtype) a.fail("input and weight types differ");
  const int64_t group = a.node.attr_int("group", 1);
  const Window win = conv_window(a, x, w, group);
  const int64_t m = w.shape[0];
  if (b && (b->dtype != x.dtype || b->shape != Shape{m}))
    a.fail("bias must be " + std::string(dtype_name(x.dtype)) + " of shape " + std::to_string(m) + ", got " +
           shape_str(b->shape));
  Tensor y = make_tensor(x.dtype, conv_out_shape(x, m, win));
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    conv_grouped<T>(x.ptr<T>(), x.shape[0], x.shape[1], w.ptr<T>(), m, group, win, T(0), y.ptr<T>());
    if (b) {
      const int64_t p = win.out_size();
      T* py = y.ptr<T>();
      for (int64_t n = 0; n < x.shape[0]; ++n)
        for (int64_t c = 0; c < m; ++c) {
          const T bias = b->ptr<T>()[c];
          for (int64_t i = 0; i < p; ++i) py[(n * m + c) * p + i] += bias;
        }
    }
  });
  return {std::move(y)};
}

// x - x_zero_point and w - w_zero_point[m] as int32; padding then reads 0,
// which is the zero point in the quantized domain (as ONNX specifies).
struct IntConvOperands {
  std::vector<int32_t> x, w;
};

IntConvOperands centred_operands(const KernelArgs& a, const Tensor& x, const Tensor& w,
                                 const std::vector<int64_t>& x_zp, const std::vector<int64_t>& w_zp) {
  if ((x.dtype != DType::U8 && x.dtype != DType::I8) || (w.dtype != DType::U8 && w.dtype != DType::I8))
    a.fail(std::string("input and weight must be int8 or uint8, got ") + dtype_name(x.dtype) + " and " +
           dtype_name(w.dtype));
  if (x_zp.size() != 1) a.fail("the input zero point must be a single value");
  const int64_t m = w.shape[0];
  if (w_zp.size() != 1 && static_cast<int64_t>(w_zp.size()) != m)
    a.fail("the weight zero point must hold 1 or " + std::to_string(m) + " values");
  IntConvOperands r;
  r.x = int32_values(x);
  for (auto& v : r.x) v -= static_cast<int32_t>(x_zp[0]);
  r.w = int32_values(w);
  const int64_t per_m = m ? w.size() / m : 0;
  for (int64_t c = 0; c < m; ++c) {
    const auto zp = static_cast<int32_t>(w_zp.size() == 1 ? w_zp[0] : w_zp[c]);
    for (int64_t i = 0; i < per_m; ++i) r.w[c * per_m + i] -= zp;
  }
  return r;
}

std::vector<int64_t> zp_values(const KernelArgs& a, size_t idx) {
  const Tensor* z = a.opt(idx);
  if (!z) return {0};
  if (z->dtype != DType::U8 && z->dtype != DType::I8)
    a.fail(std::string("zero point must be int8 or uint8, not ") + dtype_name(z->dtype));
  return z->to_int64();
}

std::vector<Tensor> conv_integer(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Tensor& w = a.in(1);
  const int64_t group = a.node.attr_int("group", 1);
  const Window win = conv_window(a, x, w, group);
  const IntConvOperands ops = centred_operands(a, x, w, zp_values(a, 2), zp_values(a, 3));
  const int64_t m = w.shape[0];
  Tensor y = make_tensor(DType::I32, conv_out_shape(x, m, win));
  conv_grouped<int32_t>(ops.x.data(), x.shape[0], x.shape[1], ops.w.data(), m, group, win, 0, y.ptr<int32_t>());
  return {std::move(y)};
}

std::vector<Tensor> qlinear_conv(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Tensor& w = a.in(3);
  const int64_t group = a.node.attr_int("group", 1);
  const Window win = conv_window(a, x, w, group);
  const int64_t m = w.shape[0];
  const QuantInput xq = read_quant_input(a, 1, 2, "x"), wq = read_quant_input(a, 4, 5, "w"),
                   yq = read_quant_input(a, 6, 7, "y");
  check_quant_count(a, xq, 1, "x");
  check_quant_count(a, wq, m, "w");
  check_quant_count(a, yq, 1, "y");
  const IntConvOperands ops = centred_operands(a, x, w, xq.zero_point, wq.zero_point);
  std::vector<int32_t> acc(static_cast<size_t>(x.shape[0] * m * win.out_size()));
  conv_grouped<int32_t>(ops.x.data(), x.shape[0], x.shape[1], ops.w.data(), m, group, win, 0, acc.data());
  std::vector<int32_t> bias(static_cast<size_t>(m), 0);
  if (const Tensor* b = a.opt(8)) {
    if (b->dtype != DType::I32 || b->shape != Shape{m})
      a.fail("bias must be int32 of shape " + std::to_string(m) + ", got " + dtype_name(b->dtype) + " " +
             shape_str(b->shape));
    bias = int32_values(*b);
  }
  // The output type is the output zero point's (uint8 when it is omitted).
  const DType out_t = a.opt(7) ? yq.zp_type : x.dtype;
  Tensor y = make_tensor(out_t, conv_out_shape(x, m, win));
  const int64_t lo = quant_min(out_t), hi = quant_max(out_t), p = win.out_size();
  std::vector<int64_t> q(acc.size());
  for (int64_t n = 0; n < x.shape[0]; ++n)
    for (int64_t c = 0; c < m; ++c) {
      const float mult = xq.scale[0] * wq.scale_at(c) / yq.scale[0];
      for (int64_t i = 0; i < p; ++i) {
        const size_t k = static_cast<size_t>((n * m + c) * p + i);
        q[k] = round_add_saturate(static_cast<float>(int64_t{acc[k]} + bias[c]) * mult, yq.zero_point[0], lo, hi);
      }
    }
  store_ints(y, q);
  return {std::move(y)};
}

}  // namespace

KernelTable conv_kernels() {
  return {
      {"", "Conv", conv},
      {"", "ConvInteger", conv_integer},
      {"", "QLinearConv", qlinear_conv},
  };
}

}  // namespace tinyc::ref
