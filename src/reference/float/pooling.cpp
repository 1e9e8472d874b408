// MaxPool, AveragePool (pads, auto_pad, strides, dilations, ceil_mode,
// count_include_pad), GlobalAveragePool and GlobalMaxPool, 1-D to 3-D.
#include "reference/float/pooling.h"

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

Window pool_window(const KernelArgs& a, const Tensor& x) {
  if (!a.node.has_attr("kernel_shape")) a.fail("attribute 'kernel_shape' is required");
  return make_window(a, x.shape, a.node.attr_ints("kernel_shape"), true);
}

Shape pooled_shape(const Tensor& x, const Window& w) {
  Shape s{x.shape[0], x.shape[1]};
  for (int64_t d : w.out_shape()) s.push_back(d);
  return s;
}

std::vector<Tensor> max_pool(const KernelArgs& a) {
  // storage_order only shapes the Indices output, which is refused.
  if (a.wants_output(1)) a.fail("the Indices output is not supported");
  const Tensor& x = a.in(0);
  const Window w = pool_window(a, x);
  Tensor y = make_tensor(x.dtype, pooled_shape(x, w));
  visit_numeric(x.dtype, a, [&](auto tag) {  // int8/uint8 from opset 12
    using T = decltype(tag);
    pool_nd<T>(x.ptr<T>(), x.shape[0] * x.shape[1], w, PoolKind::Max, false, y.ptr<T>());
  });
  return {std::move(y)};
}

std::vector<Tensor> average_pool(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const Window w = pool_window(a, x);
  const bool include_pad = a.node.attr_int("count_include_pad", 0) != 0;
  Tensor y = make_tensor(x.dtype, pooled_shape(x, w));
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    pool_nd<T>(x.ptr<T>(), x.shape[0] * x.shape[1], w, PoolKind::Average, include_pad, y.ptr<T>());
  });
  return {std::move(y)};
}

template <PoolKind K>
std::vector<Tensor> global_pool(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  if (x.shape.size() < 3) a.fail("input must be N x C x D1 ..., got " + shape_str(x.shape));
  Shape out(x.shape.size(), 1);
  out[0] = x.shape[0];
  out[1] = x.shape[1];
  const int64_t planes = x.shape[0] * x.shape[1];
  const int64_t area = planes ? x.size() / planes : 0;
  if (area == 0) a.fail("the spatial size is 0");
  Tensor y = make_tensor(x.dtype, out);
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    const T* px = x.ptr<T>();
    T* py = y.ptr<T>();
    for (int64_t p = 0; p < planes; ++p) {
      T acc = K == PoolKind::Max ? px[p * area] : T(0);
      for (int64_t i = 0; i < area; ++i)
        acc = K == PoolKind::Max ? std::max(acc, px[p * area + i]) : acc + px[p * area + i];
      py[p] = K == PoolKind::Max ? acc : static_cast<T>(acc / static_cast<T>(area));
    }
  });
  return {std::move(y)};
}

}  // namespace

KernelTable pooling_kernels() {
  return {
      {"", "MaxPool", max_pool},
      {"", "AveragePool", average_pool},
      {"", "GlobalAveragePool", global_pool<PoolKind::Average>},
      {"", "GlobalMaxPool", global_pool<PoolKind::Max>},
  };
}

}  // namespace tinyc::ref
