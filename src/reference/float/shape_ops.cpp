// Data-movement ops that keep the values and change the layout or only the
// shape: Reshape, Flatten, Squeeze, Unsqueeze (attribute and input forms),
// Transpose, Concat, Expand, Shape, Identity and inference-mode Dropout.
// They work on raw elements, so every dtype (int64 shape tensors included)
// passes through.
#include <algorithm>
#include <set>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

Tensor with_shape(const Tensor& x, const Shape& s) {
  Tensor y("", x.dtype, s);
  y.data = x.data;
  return y;
}

// The axes of Squeeze/Unsqueeze: an attribute before opset 13, an input from 13.
std::vector<int64_t> axes_arg(const KernelArgs& a, bool* given) {
  if (a.opset < 13) {
    *given = a.node.has_attr("axes");
    return a.node.attr_ints("axes");
  }
  const Tensor* t = a.opt(1);
  *given = t != nullptr;
  return t ? int_values(*t, a, "axes") : std::vector<int64_t>{};
}

std::vector<Tensor> reshape(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const std::vector<int64_t> spec = a.opset < 5 ? a.node.attr_ints("shape") : int_values(a.in(1), a, "shape");
  const bool allow_zero = a.node.attr_int("allowzero", 0) != 0;
  Shape s(spec.size());
  int64_t infer = -1, known = 1;
  for (size_t i = 0; i < spec.size(); ++i) {
    int64_t d = spec[i];
    if (d == 0 && !allow_zero) {
      // 0 copies the input's dimension at the same index.
      if (i >= x.shape.size()) a.fail("shape entry " + std::to_string(i) + " is 0 but the input has rank " + std::to_string(x.shape.size()));
      d = x.shape[i];
    }
    if (d == -1) {
      if (infer >= 0) a.fail("shape has more than one -1");
      infer = static_cast<int64_t>(i);
      continue;
    }
    if (d < 0) a.fail("shape entry " + std::to_string(d) + " is invalid");
    s[i] = d;
    known *= d;
  }
  if (infer >= 0) {
    if (known == 0 || x.size() % known != 0)
      a.fail("cannot infer the -1 dimension: " + std::to_string(x.size()) + " elements into " + shape_str(spec));
    s[static_cast<size_t>(infer)] = x.size() / known;
  }
  if (num_elements(s) != x.size())
    a.fail("cannot reshape " + shape_str(x.shape) + " into " + shape_str(s));
  return {with_shape(x, s)};
}

std::vector<Tensor> flatten(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  int64_t axis = a.node.attr_int("axis", 1);
  if (axis < -rank || axis > rank) a.fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  if (axis < 0) axis += rank;
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x.shape[d];
  const int64_t inner = outer ? x.size() / outer : num_elements(Shape(x.shape.begin() + axis, x.shape.end()));
  return {with_shape(x, {outer, inner})};
}

std::vector<Tensor> squeeze(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  bool given = false;
  std::set<int64_t> drop;
  for (int64_t ax : axes_arg(a, &given)) {
    const int64_t d = normalize_axis(ax, rank, a);
    if (x.shape[d] != 1) a.fail("cannot squeeze axis " + std::to_string(ax) + " of size " + std::to_string(x.shape[d]));
    drop.insert(d);
  }
  Shape s;
  for (int64_t d = 0; d < rank; ++d) {
    const bool squeezed = drop.empty() ? x.shape[d] == 1 : drop.count(d) != 0;
    if (!squeezed) s.push_back(x.shape[d]);
  }
  return {with_shape(x, s)};
}

std::vector<Tensor> unsqueeze(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  bool given = false;
  const std::vector<int64_t> axes = axes_arg(a, &given);
  if (!given) a.fail("axes are required");
  const int64_t out_rank = static_cast<int64_t>(x.shape.size() + axes.size());
  std::set<int64_t> added;
  for (int64_t ax : axes)
    if (!added.insert(normalize_axis(ax, out_rank, a)).second) a.fail("axis " + std::to_string(ax) + " is repeated");
  Shape s;
  size_t next = 0;
  for (int64_t d = 0; d < out_rank; ++d) s.push_back(added.count(d) ? 1 : x.shape[next++]);
  return {with_shape(x, s)};
}

std::vector<Tensor> transpose(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const size_t rank = x.shape.size();
  std::vector<int64_t> perm = a.node.attr_ints("perm");
  if (perm.empty())
    for (size_t d = rank; d-- > 0;) perm.push_back(static_cast<int64_t>(d));
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (size_t d = 0; d < sorted.size(); ++d)
    if (sorted.size() != rank || sorted[d] != static_cast<int64_t>(d))
      a.fail("perm " + shape_str(perm) + " is not a permutation of the input's " + std::to_string(rank) + " axes");
  // Output dimension i walks input dimension perm[i]: per-dimension index
  // maps over a view of x whose strides are permuted.
  const std::vector<int64_t> st = strides_of(x.shape);
  Shape out;
  std::vector<int64_t> src{0};
  for (size_t i = 0; i < rank; ++i) {
    const int64_t n = x.shape[perm[i]], stride = st[perm[i]];
    out.push_back(n);
    std::vector<int64_t> next;
    next.reserve(src.size() * static_cast<size_t>(n));
    for (int64_t base : src)
      for (int64_t j = 0; j < n; ++j) next.push_back(base + j * stride);
    src.swap(next);
  }
  Tensor y = make_tensor(x.dtype, out);
  if (y.size() > 0) gather_elements(x.data.data(), y.data.data(), src, dtype_size(x.dtype), nullptr);
  return {std::move(y)};
}

std::vector<Tensor> concat(const KernelArgs& a) {
  if (a.num_inputs() == 0) a.fail("needs at least one input");
  const Tensor& first = a.in(0);
  const int64_t rank = static_cast<int64_t>(first.shape.size());
  if (rank == 0) a.fail("cannot concatenate scalars");
  if (a.opset >= 4 && !a.node.has_attr("axis")) a.fail("attribute 'axis' is required");
  const int64_t axis = normalize_axis(a.node.attr_int("axis", 1), rank, a);
  Shape out = first.shape;
  out[axis] = 0;
  for (size_t i = 0; i < a.num_inputs(); ++i) {
    const Tensor& t = a.in(i);
    if (t.dtype != first.dtype) a.fail("inputs have different element types");
    bool fits = static_cast<int64_t>(t.shape.size()) == rank;
    for (int64_t d = 0; fits && d < rank; ++d) fits = d == axis || t.shape[d] == first.shape[d];
    if (!fits) a.fail("input shapes " + shape_str(first.shape) + " and " + shape_str(t.shape) + " differ off axis " + std::to_string(axis));
    out[axis] += t.shape[axis];
  }
  Tensor y = make_tensor(first.dtype, out);
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= out[d];
  const size_t e = dtype_size(first.dtype);
  int64_t inner = 1;
  for (int64_t d = axis + 1; d < rank; ++d) inner *= out[d];
  // Each input contributes one contiguous block per outer index.
  uint8_t* dst = y.data.data();
  for (int64_t o = 0; o < outer; ++o)
    for (size_t i = 0; i < a.num_inputs(); ++i) {
      const Tensor& t = a.in(i);
      const size_t block = static_cast<size_t>(t.shape[axis] * inner) * e;
      if (block) std::memcpy(dst, t.data.data() + o * block, block);
      dst += block;
    }
  return {std::move(y)};
}

std::vector<Tensor> expand(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const std::vector<int64_t> spec = int_values(a.in(1), a, "shape");
  const Shape out = broadcast_shapes({x.shape, Shape(spec.begin(), spec.end())}, a);
  Tensor y = make_tensor(x.dtype, out);
  std::vector<int64_t> src(static_cast<size_t>(y.size()));
  for_each_broadcast(out, {x.shape}, [&](int64_t i, const int64_t* off) { src[i] = off[0]; });
  gather_elements(x.data.data(), y.data.data(), src, dtype_size(x.dtype), nullptr);
  return {std::move(y)};
}

std::vector<Tensor> shape_op(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  // start/end (opset 15) are clamped to [0, rank] after adding rank to negatives.
  auto clamp = [rank](int64_t v) { return std::min(std::max(v < 0 ? v + rank : v, int64_t{0}), rank); };
  const int64_t start = clamp(a.node.attr_int("start", 0)), end = clamp(a.node.attr_int("end", rank));
  std::vector<int64_t> dims;
  for (int64_t d = start; d < end; ++d) dims.push_back(x.shape[d]);
  Tensor y = Tensor::from_int64("", {static_cast<int64_t>(dims.size())}, dims);
  return {std::move(y)};
}

std::vector<Tensor> identity(const KernelArgs& a) { return {with_shape(a.in(0), a.in(0).shape)}; }

std::vector<Tensor> dropout(const KernelArgs& a) {
  const Tensor& x = a.in(0);
  bool training = false;
  float ratio = 0.5f;
  if (a.opset < 7) {
    training = a.node.attr_int("is_test", 0) == 0;
    ratio = a.node.attr_float("ratio", 0.5f);
  } else if (a.opset < 12) {
    ratio = a.node.attr_float("ratio", 0.5f);
  } else {
    if (const Tensor* r = a.opt(1)) ratio = scalar_float(*r, a, "ratio");
    if (const Tensor* t = a.opt(2)) training = scalar_int(*t, a, "training_mode") != 0;
  }
  // Training with ratio 0 drops nothing: the only training case with a
  // deterministic result.
  if (training && ratio != 0.f) a.fail("training mode with a non-zero ratio is random; only inference is supported");
  std::vector<Tensor> r{with_shape(x, x.shape)};
  if (a.wants_output(1)) {
    if (a.opset >= 10) {  // bool mask, all kept
      Tensor mask = make_tensor(DType::Bool, x.shape);
      std::fill(mask.data.begin(), mask.data.end(), uint8_t{1});
      r.push_back(std::move(mask));
    } else {  // before opset 10 the mask had the input's type: ones
      Tensor mask = make_tensor(x.dtype, x.shape);
      visit_float(x.dtype, a, [&](auto tag) {
        using T = decltype(tag);
        std::fill(mask.ptr<T>(), mask.ptr<T>() + mask.size(), T(1));
      });
      r.push_back(std::move(mask));
    }
  }
  return r;
}

}  // namespace

KernelTable shape_kernels() {
  return {
      {"", "Reshape", reshape},     {"", "Flatten", flatten},     {"", "Squeeze", squeeze},
      {"", "Unsqueeze", unsqueeze}, {"", "Transpose", transpose}, {"", "Concat", concat},
      {"", "Expand", expand},       {"", "Shape", shape_op},      {"", "Identity", identity},
      {"", "Dropout", dropout},
  };
}

}  // namespace tinyc::ref
