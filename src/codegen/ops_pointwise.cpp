// Code generation for the one-input ops: Requantize, LeakyRelu/PRelu, table
// functions, pooling, ReduceMean and Softmax.
#include <algorithm>

#include "codegen/builder.h"
#include "codegen/layout.h"
#include "tinyc/error.h"
#include "tinyc/int8_prepare.h"

namespace tinyc::codegen {
namespace {

void requantize(Builder& b, const Node& n) {
  const int8::RequantPrep p = int8::prepare_requantize(b.graph(), n);
  const std::string params = b.params(n.name, "tinyc_rt::RequantizeParams",
      {c_int(-p.in_zp), c_int(p.out_zp), c_int(p.mult.m), c_int(p.mult.shift), p.negate ? "1" : "0",
       p.identity ? "1" : "0", c_int(p.clamp.min), c_int(p.clamp.max)});
  const Arg x = b.in(n.input(0));
  const Arg y = b.out(n.outputs[0]);
  b.call("requantize_s8", {Builder::text("&" + params), x, y, Builder::text(c_int(b.graph().tensor(n.outputs[0]).size()))},
         /*inplace_ok=*/true);
}

void leaky(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::LeakyPrep p = int8::prepare_leaky(g, n);
  const Tensor& x = g.tensor(n.input(0));
  // The channel of element i is (i / inner) % channels in the stored layout.
  int64_t channels = 1, inner = 1;
  if (p.alpha.size() > 1) {
    channels = x.shape[1];
    inner = logical_strides(x)[1];
  }
  std::vector<int64_t> am, as, an;
  for (size_t i = 0; i < p.alpha.size(); ++i) {
    am.push_back(p.alpha[i].m);
    as.push_back(p.alpha[i].shift);
    an.push_back(p.alpha_negative[i] ? 1 : 0);
  }
  const std::string params = b.params(n.name, "tinyc_rt::LeakyParams",
      {c_int(-p.in_zp), c_int(p.out_zp), c_int(p.identity.m), c_int(p.identity.shift), c_int(channels), c_int(inner)});
  const std::string m = b.array(n.name + "_alpha_mult", "int32_t", am, true);
  const std::string s = b.array(n.name + "_alpha_shift", "int32_t", as, true);
  const std::string neg = b.array(n.name + "_alpha_negative", "uint8_t", an, true);
  const Arg in = b.in(n.input(0));
  const Arg out = b.out(n.outputs[0]);
  b.call("leaky_relu_s8", {Builder::text("&" + params), Builder::text(m), Builder::text(s), Builder::text(neg), in, out,
                           Builder::text(c_int(x.size()))},
         /*inplace_ok=*/true);
}

void table(Builder& b, const Node& n) {
  const int8::LutPrep p = int8::prepare_lut(b.graph(), n);
  const std::string t = b.array(n.name + "_table", "int8_t", std::vector<int64_t>(p.table.begin(), p.table.end()), true);
  const Arg in = b.in(n.input(0));
  const Arg out = b.out(n.outputs[0]);
  b.call("lut_s8", {Builder::text(t), in, out, Builder::text(c_int(b.graph().tensor(n.outputs[0]).size()))},
         /*inplace_ok=*/true);
}

void pool(Builder& b, const Node& n) {
  const int8::PoolPrep p = int8::prepare_pool(b.graph(), n);
  const int8::Geometry2D& G = p.geo;
  const std::string params = b.params(n.name, "tinyc_rt::PoolParams",
      {c_int(G.batch), c_int(G.in_h), c_int(G.in_w), c_int(G.in_c), c_int(G.out_h), c_int(G.out_w), c_int(G.k_h),
       c_int(G.k_w), c_int(G.stride_h), c_int(G.stride_w), c_int(G.dil_h), c_int(G.dil_w), c_int(G.pad_top),
       c_int(G.pad_left), c_int(G.pad_bottom), c_int(G.pad_right), p.count_include_pad ? "1" : "0",
       c_int(p.clamp.min), c_int(p.clamp.max), c_int(-p.in_zp), c_int(p.out_zp)});
  const Arg in = b.in(n.input(0));
  const Arg out = b.out(n.outputs[0]);
  if (p.is_max) {
    b.call("maxpool_s8", {Builder::text("&" + params), in, out});
  } else if (p.same_params) {
    b.call("avgpool_s8", {Builder::text("&" + params), in, out});
  } else {
    // One multiplier per possible divisor: windows at the border hold fewer taps.
    std::vector<int64_t> m{0}, s{0};
    for (int count = 1; count <= G.k_h * G.k_w; ++count) {
      const qmath::Multiplier q = qmath::quantize_multiplier(double(p.in_scale) / (double(p.out_scale) * count));
      m.push_back(q.m);
      s.push_back(q.shift);
    }
    const std::string mn = b.array(n.name + "_mult_by_count", "int32_t", m, true);
    const std::string sn = b.array(n.name + "_shift_by_count", "int32_t", s, true);
    b.call("avgpool_requant_s8", {Builder::text("&" + params), Builder::text(mn), Builder::text(sn), in, out});
  }
  // In place over the input when no window starts before the image (no top
  // or left padding): output pixel i is written after its window is read,
  // and every later window starts at input pixel i + 1 or beyond, so nothing
  // still to be read is overwritten. The planner decides.
  const std::string& kernel = b.program().steps.back().kernel;
  if (in.kind == Arg::Kind::Buffer && G.pad_top == 0 && G.pad_left == 0 && b.kernel_has(kernel, "tinyc:inplace-pool")) {
    const int last = static_cast<int>(b.program().steps.back().args.size()) - 1;
    b.allow_inplace(/*write_arg=*/last, /*read_arg=*/last - 1);
  }
  b.summary().macs = int64_t{G.batch} * G.out_h * G.out_w * G.in_c * G.k_h * G.k_w;
}

void reduce_mean(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::ReduceMeanPrep p = int8::prepare_reduce_mean(g, n);
  const Tensor& x = g.tensor(n.input(0));
  const Tensor& y = g.tensor(n.outputs[0]);
  const std::vector<int> order = storage_order(x);
  if (order.size() > 6) fail_node(n.name, n.op_type, "more than 6 dimensions");
  std::vector<int64_t> dims, reduce;
  for (int d : order) {
    dims.push_back(x.shape[d]);
    reduce.push_back(std::find(p.axes.begin(), p.axes.end(), d) != p.axes.end() ? 1 : 0);
  }
  auto arr = [](std::vector<int64_t> v) {
    v.resize(6, 0);
    std::string s = "{";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + c_int(v[i]);
    return s + "}";
  };
  const std::string params = b.params(n.name, "tinyc_rt::ReduceParams",
      {c_int(int64_t(dims.size())), arr(dims), arr(reduce), c_int(-p.in_zp), c_int(p.out_zp), c_int(p.mult.m),
       c_int(p.mult.shift)});
  // The kernel writes the kept dims in the input's storage order; map them to
  // output logical dims and compare with the output's storage order.
  const bool keep = n.attr_int("keepdims", 1) != 0;
  std::vector<int> kernel_order;  // output logical dims, as the kernel writes them
  for (int d : order) {
    if (std::find(p.axes.begin(), p.axes.end(), d) != p.axes.end()) continue;
    int od = d;
    if (!keep) od -= static_cast<int>(std::count_if(p.axes.begin(), p.axes.end(), [d](int a) { return a < d; }));
    kernel_order.push_back(od);
  }
  std::vector<int> want, got;
  for (int d : storage_order(y))
    if (y.shape[d] != 1) want.push_back(d);
  for (int d : kernel_order)
    if (y.shape[d] != 1) got.push_back(d);
  const Arg in = b.in(n.input(0));
  if (want == got) {
    b.call("reduce_mean_s8", {Builder::text("&" + params), in, b.out(n.outputs[0])});
    return;
  }
  const Arg tmp = b.temp(n.outputs[0] + "_reduced", y.size(), true);
  b.call("reduce_mean_s8", {Builder::text("&" + params), in, tmp});
  std::vector<int64_t> tmp_strides(y.shape.size(), 0);
  int64_t acc = 1;
  for (size_t i = kernel_order.size(); i-- > 0;) {
    tmp_strides[kernel_order[i]] = acc;
    acc *= y.shape[kernel_order[i]];
  }
  b.relayout(Builder::reread(tmp), tmp_strides, b.out(n.outputs[0]), logical_strides(y), y.shape);
}

void softmax(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::SoftmaxPrep p = int8::prepare_softmax(g, n);
  const Tensor& x = g.tensor(n.input(0));
  const int64_t axis = n.attr_int("axis", static_cast<int64_t>(x.shape.size()) - 1);
  const bool coerce = n.attr_int("tinyc.coerce_2d", 0) != 0;
  // The row's dims must be consecutive, in logical order, in storage: true for
  // row-major data; for channels-last only when the row is the channel axis.
  std::vector<int> row_dims, stored;
  for (int d = static_cast<int>(axis); d < static_cast<int>(x.shape.size()) && (d == axis || coerce); ++d)
    if (x.shape[d] != 1) row_dims.push_back(d);
  for (int d : storage_order(x))
    if (x.shape[d] != 1) stored.push_back(d);
  bool contiguous = row_dims.empty();
  for (size_t i = 0; !contiguous && i + row_dims.size() <= stored.size(); ++i)
    contiguous = std::equal(row_dims.begin(), row_dims.end(), stored.begin() + i);
  int64_t outer = p.outer, inner = p.inner;
  if (contiguous && !is_row_major_bytes(x) && !row_dims.empty()) {
    // Recompute outer/inner in storage order.
    const auto it = std::search(stored.begin(), stored.end(), row_dims.begin(), row_dims.end());
    outer = 1;
    inner = 1;
    for (auto i = stored.begin(); i != it; ++i) outer *= x.shape[*i];
    for (auto i = it + static_cast<long>(row_dims.size()); i != stored.end(); ++i) inner *= x.shape[*i];
  }
  const std::string params = b.params(n.name, "tinyc_rt::SoftmaxParams",
      {c_int(outer), c_int(p.axis_len), c_int(inner), c_int(p.p.input.m), c_int(p.p.input.shift), c_int(p.p.diff_min)});
  if (contiguous) {
    const Arg in = b.in(n.input(0));
    b.call("softmax_s8", {Builder::text("&" + params), in, b.out(n.outputs[0])});
    return;
  }
  const Arg in = b.in_row_major(n.input(0));
  const Arg out = b.out_row_major_begin(n.outputs[0]);
  b.call("softmax_s8", {Builder::text("&" + params), in, out});
  b.out_row_major_end(n.outputs[0], out);
}

}  // namespace

void register_pointwise_handlers(std::map<std::string, OpHandler>& t) {
  t["Requantize"] = requantize;
  t["LeakyRelu"] = leaky;
  t["PRelu"] = leaky;
  for (const char* op : {"Sigmoid", "Tanh", "HardSigmoid", "HardSwish"}) t[op] = table;
  t["MaxPool"] = pool;
  t["AveragePool"] = pool;
  t["ReduceMean"] = reduce_mean;
  t["Softmax"] = softmax;
}

}  // namespace tinyc::codegen
