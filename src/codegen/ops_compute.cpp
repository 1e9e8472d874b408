// Code generation for Conv, fully connected (Gemm), Add/Sub and Mul: weights
// are reordered for the kernels at compile time (OIHW -> OHWI; depthwise ->
// [KH][KW][C]), multipliers and clamps come from int8 prepare. On targets with
// the DSP extension, Conv, Gemm and same-shape Add go to the pre-packed
// arm_dsp kernels where their preconditions hold (dsp_lowering.cpp).
#include <algorithm>

#include "codegen/builder.h"
#include "codegen/dsp_lowering.h"
#include "codegen/layout.h"
#include "tinyc/error.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/inplace.h"

namespace tinyc::codegen {
namespace {

std::vector<int64_t> mult_values(const std::vector<qmath::Multiplier>& m) {
  std::vector<int64_t> v;
  for (const auto& x : m) v.push_back(x.m);
  return v;
}
std::vector<int64_t> shift_values(const std::vector<qmath::Multiplier>& m) {
  std::vector<int64_t> v;
  for (const auto& x : m) v.push_back(x.shift);
  return v;
}

// Bias array or a null pointer.
Arg bias_arg(Builder& b, const std::string& bias) {
  if (bias.empty()) return Builder::text("nullptr");
  return b.in(bias);
}

void conv(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::ConvPrep p = int8::prepare_conv(g, n);
  if (b.options().target.dsp && lower_conv_dsp(b, n, p)) return;
  const int8::Geometry2D& G = p.geo;
  const Tensor& w = g.tensor(p.weights);
  const int8_t* wd = w.ptr<int8_t>();
  const int icg = G.in_c / p.groups;
  const bool depthwise = p.groups == G.in_c && p.groups > 1;
  std::vector<int64_t> packed(w.size());
  if (depthwise) {
    // [OC][1][KH][KW] -> [KH][KW][OC]
    for (int oc = 0; oc < G.out_c; ++oc)
      for (int ky = 0; ky < G.k_h; ++ky)
        for (int kx = 0; kx < G.k_w; ++kx) packed[(ky * G.k_w + kx) * G.out_c + oc] = wd[(oc * G.k_h + ky) * G.k_w + kx];
  } else {
    // [OC][IC/g][KH][KW] -> [OC][KH][KW][IC/g]
    for (int oc = 0; oc < G.out_c; ++oc)
      for (int ci = 0; ci < icg; ++ci)
        for (int ky = 0; ky < G.k_h; ++ky)
          for (int kx = 0; kx < G.k_w; ++kx)
            packed[((oc * G.k_h + ky) * G.k_w + kx) * icg + ci] = wd[((oc * icg + ci) * G.k_h + ky) * G.k_w + kx];
  }
  const std::string wname = b.array(n.name + "_w", "int8_t", std::move(packed), true);
  const std::string mult = b.array(n.name + "_mult", "int32_t", mult_values(p.mult), true);
  const std::string shift = b.array(n.name + "_shift", "int32_t", shift_values(p.mult), true);
  const std::string params = b.params(n.name, "tinyc_rt::ConvParams",
      {c_int(G.batch), c_int(G.in_h), c_int(G.in_w), c_int(G.in_c), c_int(G.out_h), c_int(G.out_w), c_int(G.out_c),
       c_int(G.k_h), c_int(G.k_w), c_int(G.stride_h), c_int(G.stride_w), c_int(G.dil_h), c_int(G.dil_w),
       c_int(G.pad_top), c_int(G.pad_left), c_int(depthwise ? 1 : p.groups), c_int(depthwise ? G.out_c / G.in_c : 1),
       c_int(-p.in_zp), c_int(p.out_zp), c_int(p.clamp.min), c_int(p.clamp.max)});
  const Arg x = b.in(n.input(0));
  const Arg bias = bias_arg(b, p.bias);
  const Arg y = b.out(n.outputs[0]);
  const std::string kernel = depthwise ? "dwconv2d_s8" : "conv2d_s8";
  // In place over the input when the kernel supports it (a ring of saved rows
  // in scratch, tinyc_rt/inplace.h); the planner decides whether to use it.
  tinyc_rt::ConvParams cp{};
  cp.batch = G.batch;
  cp.in_h = G.in_h;
  cp.in_w = G.in_w;
  cp.in_c = G.in_c;
  cp.out_h = G.out_h;
  cp.out_w = G.out_w;
  cp.out_c = G.out_c;
  cp.stride_h = G.stride_h;
  cp.pad_top = G.pad_top;
  const bool inplace = x.kind == Arg::Kind::Buffer && tinyc_rt::conv_inplace_ok(&cp) && b.kernel_has(kernel, "tinyc:inplace-rows");
  const Arg scratch = inplace ? b.temp(n.name + "_rows", static_cast<int64_t>(tinyc_rt::conv_inplace_scratch_size(&cp)), true)
                              : Builder::text("nullptr");
  b.call(kernel, {Builder::text("&" + params), Builder::text(mult), Builder::text(shift), x, Builder::text(wname), bias, y,
                  scratch});
  if (inplace) {  // the scratch is the ring: all of it given back when not run in place
    b.allow_inplace(/*write_arg=*/6, /*read_arg=*/3);
    b.inplace_only_scratch(/*scratch_arg=*/7, static_cast<int64_t>(tinyc_rt::conv_inplace_scratch_size(&cp)));
  }
  OpSummary& s = b.summary();
  s.macs = int64_t{G.batch} * G.out_h * G.out_w * G.out_c * G.k_h * G.k_w * icg;
  s.weight_bytes = w.size() + (p.bias.empty() ? 0 : 4 * G.out_c) + 8 * G.out_c;
}

void fully_connected(Builder& b, const Node& n) {
  const Graph& g = b.graph();
  const int8::FcPrep p = int8::prepare_fc(g, n);
  if (b.options().target.dsp && lower_fc_dsp(b, n, p)) return;
  const std::string mult = b.array(n.name + "_mult", "int32_t", mult_values(p.mult), true);
  const std::string shift = b.array(n.name + "_shift", "int32_t", shift_values(p.mult), true);
  const std::string params = b.params(n.name, "tinyc_rt::FcParams",
      {c_int(p.rows), c_int(p.depth), c_int(p.units), c_int(-p.in_zp), c_int(p.out_zp), c_int(p.clamp.min),
       c_int(p.clamp.max), p.mult.size() > 1 ? "1" : "0"});
  const Arg x = b.in_row_major(n.input(0));
  const Arg w = b.in(p.weights);
  const Arg bias = bias_arg(b, p.bias);
  const Arg y = b.out_row_major_begin(n.outputs[0]);
  b.call("fully_connected_s8", {Builder::text("&" + params), Builder::text(mult), Builder::text(shift), x, w, bias, y,
                                Builder::text("nullptr")});
  b.out_row_major_end(n.outputs[0], y);
  OpSummary& s = b.summary();
  s.macs = int64_t{p.rows} * p.depth * p.units;
  s.weight_bytes = int64_t{p.units} * p.depth + (p.bias.empty() ? 0 : 4 * p.units) + 8 * int64_t(p.mult.size());
}

// Strides of an input broadcast against output logical dim `od` (0 where broadcast).
int64_t broadcast_stride(const Tensor& in, const Tensor& out, int od) {
  const int shift = static_cast<int>(out.shape.size()) - static_cast<int>(in.shape.size());
  const int d = od - shift;
  if (d < 0 || in.shape[d] == 1) return 0;
  return in.is_constant ? row_major_strides(in.shape)[d] : logical_strides(in)[d];
}

// Shared by Add/Sub and Mul: same-shape fast path or a broadcast descriptor.
// `plain_kernel` / `plain_extra` replace the same-shape call's kernel and add
// arguments after the params (add_s8_table's tables).
void binary(Builder& b, const Node& n, const std::string& kernel, const std::string& params,
            const std::string& plain_kernel = "", const std::vector<Arg>& plain_extra = {}) {
  const Graph& g = b.graph();
  const Tensor& a = g.tensor(n.input(0));
  const Tensor& c = g.tensor(n.input(1));
  const Tensor& y = g.tensor(n.outputs[0]);
  const Arg xa = b.in(n.input(0)), xb = b.in(n.input(1));
  const Arg out = b.out(n.outputs[0]);
  // Iterate the output in storage order; inputs follow through their strides.
  std::vector<int64_t> dims, sa, sb;
  bool plain = a.shape == y.shape && c.shape == y.shape;
  for (int od : storage_order(y)) {
    if (y.shape[od] == 1) continue;
    dims.push_back(y.shape[od]);
    sa.push_back(broadcast_stride(a, y, od));
    sb.push_back(broadcast_stride(c, y, od));
  }
  const std::vector<int64_t> contiguous = [&] {
    std::vector<int64_t> s(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * dims[i];
    return s;
  }();
  plain = plain && sa == contiguous && sb == contiguous;
  if (plain) {
    std::vector<Arg> args = {Builder::text("&" + params)};
    args.insert(args.end(), plain_extra.begin(), plain_extra.end());
    args.insert(args.end(), {xa, xb, out, Builder::text(c_int(y.size()))});
    b.call(plain_kernel.empty() ? kernel : plain_kernel, std::move(args), /*inplace_ok=*/true);
  } else {
    if (dims.size() > 6) fail_node(n.name, n.op_type, "broadcasting over more than 6 dimensions is not supported");
    auto arr = [](std::vector<int64_t> v) {
      v.resize(6, 0);
      std::string s = "{";
      for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + c_int(v[i]);
      return s + "}";
    };
    const std::string shape = b.params(n.name + "_bcast", "tinyc_rt::BroadcastShape",
                                       {c_int(int64_t(dims.size())), arr(dims), arr(sa), arr(sb)});
    b.call(kernel + "_broadcast", {Builder::text("&" + params), Builder::text("&" + shape), xa, xb, out});
  }
}

void add(Builder& b, const Node& n) {
  const int8::AddPrep p = int8::prepare_add(b.graph(), n);
  const std::string params = b.params(n.name, "tinyc_rt::AddParams",
      {c_int(-p.p.z1), c_int(-p.p.z2), c_int(p.p.z_out), c_int(p.p.left_shift), c_int(p.p.in1.m), c_int(p.p.in1.shift),
       c_int(p.p.in2.m), c_int(p.p.in2.shift), c_int(p.p.out.m), c_int(p.p.out.shift), c_int(p.clamp.min),
       c_int(p.clamp.max), p.subtract ? "1" : "0"});
  std::vector<int64_t> ta, tb;
  if (b.options().target.dsp && add_tables(p, ta, tb)) {
    // Each input's rescaling tabulated (add_s8_table); broadcasts keep add_s8_broadcast.
    const std::string a = b.array(n.name + "_table_a", "int32_t", std::move(ta), true);
    const std::string c = b.array(n.name + "_table_b", "int32_t", std::move(tb), true);
    binary(b, n, "add_s8", params, "add_s8_table", {Builder::text(a), Builder::text(c)});
    return;
  }
  binary(b, n, "add_s8", params);
}

void mul(Builder& b, const Node& n) {
  const int8::MulPrep p = int8::prepare_mul(b.graph(), n);
  const std::string params = b.params(n.name, "tinyc_rt::MulParams",
      {c_int(-p.za), c_int(-p.zb), c_int(p.z_out), c_int(p.mult.m), c_int(p.mult.shift), c_int(p.clamp.min),
       c_int(p.clamp.max)});
  binary(b, n, "mul_s8", params);
}

}  // namespace

void register_compute_handlers(std::map<std::string, OpHandler>& t) {
  t["Conv"] = conv;
  t["Gemm"] = fully_connected;
  t["Add"] = add;
  t["Sub"] = add;
  t["Mul"] = mul;
}

}  // namespace tinyc::codegen
