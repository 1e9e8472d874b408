// Code generation for data movement: Reshape (a view when the bytes allow),
// Transpose, Concat, Slice (strided copies, written in logical terms for any
// pair of layouts), Pad and Resize (gathers through per-dimension tables).
#include <algorithm>

#include "codegen/builder.h"
#include "codegen/layout.h"
#include "tinyc/error.h"
#include "tinyc/int8_prepare.h"

namespace tinyc::codegen {
namespace {

void reshape(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const Tensor& x = g.tensor(n.input(0));
  const Tensor& y = g.tensor(n.outputs[0]);
  const bool x_rm = is_row_major_bytes(x), y_rm = is_row_major_bytes(y);
  if (x_rm && y_rm) {
    if (!b.is_direct_output(y.name)) {
      b.alias(y.name, x.name);  // same bytes: no code at all
      return;
    }
    b.relayout(b.in(x.name), {1}, b.out(y.name), {1}, {x.size()});
    return;
  }
  if (!x_rm && y_rm) {
    // y's flat order is x's logical row-major order.
    b.relayout(b.in(x.name), logical_strides(x), b.out(y.name), row_major_strides(x.shape), x.shape);
    return;
  }
  const Arg src = b.in_row_major(x.name);
  b.relayout(src, row_major_strides(y.shape), b.out(y.name), logical_strides(y), y.shape);
}

void transpose(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::TransposePrep p = int8::prepare_transpose(g, n);
  const Tensor& x = g.tensor(n.input(0));
  const Tensor& y = g.tensor(n.outputs[0]);
  const std::vector<int64_t> xs = logical_strides(x);
  std::vector<int64_t> src(p.perm.size());
  for (size_t k = 0; k < p.perm.size(); ++k) src[k] = xs[p.perm[k]];
  b.relayout(b.in(x.name), src, b.out(y.name), logical_strides(y), y.shape);
}

void concat(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::ConcatPrep p = int8::prepare_concat(g, n);
  const Tensor& y = g.tensor(n.outputs[0]);
  const std::vector<int64_t> ys = logical_strides(y);
  std::vector<Arg> ins;
  for (const auto& name : n.inputs) ins.push_back(b.in(name));
  Arg out = b.out(y.name);
  int64_t offset = 0;
  for (size_t k = 0; k < n.inputs.size(); ++k) {
    const Tensor& x = g.tensor(n.inputs[k]);
    const std::vector<int64_t> xs = x.is_constant ? row_major_strides(x.shape) : logical_strides(x);
    b.relayout(ins[k], xs, out, ys, x.shape, 0, offset * ys[p.axis]);
    offset += p.axis_sizes[k];
  }
}

void slice(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::SlicePrep p = int8::prepare_slice(g, n);
  const Tensor& x = g.tensor(n.input(0));
  const Tensor& y = g.tensor(n.outputs[0]);
  const std::vector<int64_t> xs = logical_strides(x);
  std::vector<int64_t> src(xs.size());
  int64_t offset = 0;
  for (size_t d = 0; d < xs.size(); ++d) {
    src[d] = xs[d] * p.step[d];
    offset += xs[d] * p.start[d];
  }
  b.relayout(b.in(x.name), src, b.out(y.name), logical_strides(y), y.shape, offset, 0);
}

// A gather over the output's storage order with one offset table per dim:
// table(d)[i] = input offset contribution of output index i along logical dim
// d, or -1 for "fill".
template <class TableFn>
void gather(Builder& b, const Node& n, const Tensor& y, int8_t fill, TableFn table_for) {
  std::vector<int64_t> dims;
  std::vector<std::string> tables;
  int64_t base = 0;
  bool all_fill = false;
  for (int d : storage_order(y)) {
    std::vector<int64_t> t = table_for(d);
    if (y.shape[d] == 1) {  // a unit dim contributes a constant
      if (t[0] < 0) all_fill = true;
      else base += t[0];
      continue;
    }
    dims.push_back(y.shape[d]);
    tables.push_back(b.array(n.name + "_index" + std::to_string(d), "int32_t", std::move(t), true));
  }
  const Arg out = b.out(y.name);
  if (all_fill) {
    b.call("fill_s8", {Builder::text(c_int(fill)), out, Builder::text(c_int(y.size()))});
    return;
  }
  if (dims.empty()) {  // a single element
    dims.push_back(1);
    tables.push_back(b.array(n.name + "_index", "int32_t", {0}, true));
  }
  if (dims.size() > 6) fail_node(n.name, n.op_type, "more than 6 dimensions");
  if (base != 0) {
    // Fold the unit dims' offset into the first table (keeping fills at -1).
    for (ConstArray& a : b.program().arrays)
      if (a.name == tables[0])
        for (auto& v : a.values)
          if (v >= 0) v += base;
  }
  std::string dim_list = "{", table_list = "{";
  for (size_t i = 0; i < 6; ++i) {
    dim_list += (i ? ", " : "") + c_int(i < dims.size() ? dims[i] : 0);
    table_list += (i ? ", " : "") + (i < tables.size() ? tables[i] : std::string("nullptr"));
  }
  const std::string params = b.params(n.name, "tinyc_rt::GatherParams",
                                      {c_int(int64_t(dims.size())), dim_list + "}", table_list + "}", c_int(fill)});
  b.call("gather_s8", {Builder::text("&" + params), b.in(n.input(0)), out});
}

void pad(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::PadPrep p = int8::prepare_pad(g, n);
  const Tensor& x = g.tensor(n.input(0));
  const Tensor& y = g.tensor(n.outputs[0]);
  const std::vector<int64_t> xs = logical_strides(x);
  gather(b, n, y, p.value, [&](int d) {
    std::vector<int64_t> t(y.shape[d]);
    const int64_t dim = x.shape[d];
    for (int64_t i = 0; i < y.shape[d]; ++i) {
      int64_t s = i - p.begin[d];
      if (s < 0 || s >= dim) {
        if (p.mode == int8::PadPrep::Mode::Constant) { t[i] = -1; continue; }
        if (p.mode == int8::PadPrep::Mode::Edge) s = s < 0 ? 0 : dim - 1;
        else s = s < 0 ? -s : 2 * (dim - 1) - s;
      }
      t[i] = s * xs[d];
    }
    return t;
  });
}

void resize(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::ResizePrep p = int8::prepare_resize(g, n);
  const Tensor& x = g.tensor(n.input(0));
  const Tensor& y = g.tensor(n.outputs[0]);
  const std::vector<int64_t> xs = logical_strides(x);
  gather(b, n, y, 0, [&](int d) {
    std::vector<int64_t> t;
    for (int64_t s : p.src_index[d]) t.push_back(s * xs[d]);
    return t;
  });
}

}  // namespace

void register_movement_handlers(std::map<std::string, OpHandler>& t) {
  t["Reshape"] = reshape;
  t["Transpose"] = transpose;
  t["Concat"] = concat;
  t["Slice"] = slice;
  t["Pad"] = pad;
  t["Resize"] = resize;
}

}  // namespace tinyc::codegen
