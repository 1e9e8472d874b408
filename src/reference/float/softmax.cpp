// Softmax: before opset 13 the input is coerced to 2-D at `axis` (default 1)
// and normalised over the second dimension; from opset 13 over the single
// `axis` (default -1). Computed in float32 with the row maximum subtracted
// first, as onnxruntime does.
#include <algorithm>
#include <cmath>

#include "reference/float/softmax.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {

void softmax_view(const Shape& shape, int64_t opset, int64_t axis_attr, const KernelArgs& a, int64_t& outer,
                  int64_t& len, int64_t& inner) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  if (rank == 0) a.fail("Softmax needs an input of rank 1 or more");
  const int64_t axis = normalize_axis(axis_attr, rank, a);
  outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= shape[d];
  if (opset < 13) {  // 2-D coercion: everything from `axis` on is one row
    len = 1;
    for (int64_t d = axis; d < rank; ++d) len *= shape[d];
    inner = 1;
  } else {
    len = shape[axis];
    inner = 1;
    for (int64_t d = axis + 1; d < rank; ++d) inner *= shape[d];
  }
}

namespace {
std::vector<Tensor> softmax(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  int64_t outer, len, inner;
  softmax_view(x.shape, a.opset, a.node.attr_int("axis", a.opset < 13 ? 1 : -1), a, outer, len, inner);
  Tensor y = make_tensor(x.dtype, x.shape);
  visit_float(x.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    softmax_strided<T>(x.ptr<T>(), y.ptr<T>(), outer, len, inner);
  });
  return {std::move(y)};
}
}  // namespace

KernelTable softmax_kernels() { return {{"", "Softmax", softmax}}; }

}  // namespace tinyc::ref
