// Data movement in int8: the output bytes are input bytes (or the quantized
// pad value), rearranged. Written with explicit multi-index loops.
#include <cstring>

#include "reference/int8/kernels.h"
#include "tinyc/int8_prepare.h"

namespace tinyc::ref8 {
namespace {

// Row-major strides of a shape.
std::vector<int64_t> strides_of(const Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t d = s.size(); d-- > 1;) st[d - 1] = st[d] * s[d];
  return st;
}

// Calls f(output flat index, output multi-index) for every output element.
template <class F>
void for_each_index(const Shape& shape, F f) {
  std::vector<int64_t> idx(shape.size(), 0);
  const int64_t total = num_elements(shape);
  for (int64_t i = 0; i < total; ++i) {
    f(i, idx);
    for (size_t d = shape.size(); d-- > 0;) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

void reshape(const Graph&, const Node&, const std::vector<const Tensor*>& in, Tensor& out) {
  std::memcpy(out.data.data(), in[0]->data.data(), out.data.size());
}

void transpose(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::TransposePrep p = int8::prepare_transpose(g, n);
  const std::vector<int64_t> st = strides_of(p.in_shape);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for_each_index(out.shape, [&](int64_t i, const std::vector<int64_t>& idx) {
    int64_t src = 0;
    for (size_t d = 0; d < idx.size(); ++d) src += idx[d] * st[p.perm[d]];
    y[i] = x[src];
  });
}

void concat(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::ConcatPrep p = int8::prepare_concat(g, n);
  int8_t* y = out.ptr<int8_t>();
  const int64_t out_axis = out.shape[p.axis];
  int64_t offset = 0;
  for (size_t k = 0; k < in.size(); ++k) {
    const int8_t* x = in[k]->ptr<int8_t>();
    const int64_t len = p.axis_sizes[k];
    for (int64_t o = 0; o < p.outer; ++o)
      for (int64_t a = 0; a < len; ++a)
        for (int64_t i = 0; i < p.inner; ++i) y[(o * out_axis + offset + a) * p.inner + i] = x[(o * len + a) * p.inner + i];
    offset += len;
  }
}

void slice(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::SlicePrep p = int8::prepare_slice(g, n);
  const std::vector<int64_t> st = strides_of(p.in_shape);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for_each_index(out.shape, [&](int64_t i, const std::vector<int64_t>& idx) {
    int64_t src = 0;
    for (size_t d = 0; d < idx.size(); ++d) src += (p.start[d] + idx[d] * p.step[d]) * st[d];
    y[i] = x[src];
  });
}

void pad(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::PadPrep p = int8::prepare_pad(g, n);
  const std::vector<int64_t> st = strides_of(p.in_shape);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for_each_index(out.shape, [&](int64_t i, const std::vector<int64_t>& idx) {
    int64_t src = 0;
    bool inside = true;
    for (size_t d = 0; d < idx.size(); ++d) {
      int64_t s = idx[d] - p.begin[d];
      const int64_t dim = p.in_shape[d];
      if (s < 0 || s >= dim) {
        if (p.mode == int8::PadPrep::Mode::Constant) { inside = false; break; }
        if (p.mode == int8::PadPrep::Mode::Edge) s = s < 0 ? 0 : dim - 1;
        else s = s < 0 ? -s : 2 * (dim - 1) - s;  // reflect, excluding the edge
      }
      src += s * st[d];
    }
    y[i] = inside ? x[src] : p.value;
  });
}

void resize(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::ResizePrep p = int8::prepare_resize(g, n);
  const std::vector<int64_t> st = strides_of(p.in_shape);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for_each_index(out.shape, [&](int64_t i, const std::vector<int64_t>& idx) {
    int64_t src = 0;
    for (size_t d = 0; d < idx.size(); ++d) src += p.src_index[d][idx[d]] * st[d];
    y[i] = x[src];
  });
}

}  // namespace

void register_movement(std::map<std::string, Kernel>& t) {
  t["Reshape"] = reshape;
  t["Transpose"] = transpose;
  t["Concat"] = concat;
  t["Slice"] = slice;
  t["Pad"] = pad;
  t["Resize"] = resize;
}

}  // namespace tinyc::ref8
