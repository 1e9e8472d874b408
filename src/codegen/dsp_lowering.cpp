// Lowering to the Armv7E-M DSP kernels. Where the arithmetic allows it,
// work moves from every inference to compile time:
//   * weights: int16, already in SXTB16 lane order, interleaved in the blocks
//     the GEMM loops read (conv: 2 channels, FC: 4 units, depthwise: tap
//     pairs of 4 channels), padded with zero weights (dsp_pack.h);
//   * bias: bias + in_offset * sum(w), so activations enter the dot products
//     raw (padding taps read the zero point, which keeps this exact);
//   * requantization: 2M - 2^32 for SMMLAR, and the rounding term with the
//     output zero point inside it (kernels.h, DspChannel), checked exact for
//     the channel's accumulator range;
//   * channels whose output does not depend on the input (multiplier flushed
//     to 0, or all-zero weights: "dead" channels) become constants;
//   * Add: each input's rescaling as a 256-entry table.
#include "codegen/dsp_lowering.h"

#include <algorithm>
#include <cstdlib>

#include "codegen/layout.h"
#include "tinyc/quant_math.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/inplace.h"
#include "tinyc_rt/kernels.h"

namespace tinyc::codegen {
namespace {

constexpr int64_t kTwo31 = int64_t{1} << 31;
constexpr int64_t kTwo32 = int64_t{1} << 32;

bool fits_int32(int64_t v) { return v >= -kTwo31 && v < kTwo31; }

// The channel whose requantized value is always r (before the zero point):
// accumulator 4r, M = 2^30 (mult 2M - 2^32 = -2^31), R = 1 gives
// srdhm(4r, 2^30) = 2r and (2r + 1 + 2*zp - (2r < 0)) >> 1 = r + zp.
DspChannelPlan constant_channel(int64_t r, int32_t out_offset) {
  r = std::clamp<int64_t>(r, -512, 512);  // clamped to int8 afterwards anyway
  DspChannelPlan c;
  c.fields = {4 * r, -kTwo31, 1 + 2 * int64_t{out_offset}, 1};
  c.constant = true;
  return c;
}

std::vector<int64_t> channel_values(const std::vector<DspChannelPlan>& ch) {
  std::vector<int64_t> v;
  for (const DspChannelPlan& c : ch) v.insert(v.end(), c.fields.begin(), c.fields.end());
  return v;
}

tinyc_rt::ConvParams conv_params(const int8::ConvPrep& p) {
  const int8::Geometry2D& G = p.geo;
  tinyc_rt::ConvParams c{};
  c.batch = G.batch;
  c.in_h = G.in_h;
  c.in_w = G.in_w;
  c.in_c = G.in_c;
  c.out_h = G.out_h;
  c.out_w = G.out_w;
  c.out_c = G.out_c;
  c.k_h = G.k_h;
  c.k_w = G.k_w;
  c.stride_h = G.stride_h;
  c.stride_w = G.stride_w;
  c.dil_h = G.dil_h;
  c.dil_w = G.dil_w;
  c.pad_top = G.pad_top;
  c.pad_left = G.pad_left;
  c.groups = p.depthwise() ? 1 : p.groups;
  c.ch_mult = p.depthwise() ? G.out_c / G.in_c : 1;
  c.in_offset = -p.in_zp;
  c.out_offset = p.out_zp;
  c.act_min = p.clamp.min;
  c.act_max = p.clamp.max;
  return c;
}

std::string conv_params_struct(Builder& b, const Node& n, const tinyc_rt::ConvParams& c) {
  return b.params(n.name, "tinyc_rt::ConvParams",
                  {c_int(c.batch), c_int(c.in_h), c_int(c.in_w), c_int(c.in_c), c_int(c.out_h), c_int(c.out_w),
                   c_int(c.out_c), c_int(c.k_h), c_int(c.k_w), c_int(c.stride_h), c_int(c.stride_w), c_int(c.dil_h),
                   c_int(c.dil_w), c_int(c.pad_top), c_int(c.pad_left), c_int(c.groups), c_int(c.ch_mult),
                   c_int(c.in_offset), c_int(c.out_offset), c_int(c.act_min), c_int(c.act_max)});
}

// Plans `count` real channels of `taps` weights each (weight(oc, t)), padded
// to `padded` with constant channels. False if any real channel cannot be planned.
template <class WeightAt>
bool plan_channels(int count, int padded, int taps, const WeightAt& weight, const std::vector<int64_t>& bias,
                   const std::vector<qmath::Multiplier>& mult, int32_t in_offset, int32_t out_offset,
                   std::vector<DspChannelPlan>& out) {
  out.assign(static_cast<size_t>(padded), constant_channel(0, out_offset));
  for (int c = 0; c < count; ++c) {
    int64_t sum = 0, sum_abs = 0;
    for (int t = 0; t < taps; ++t) {
      const int64_t w = weight(c, t);
      sum += w;
      sum_abs += std::llabs(w);
    }
    const qmath::Multiplier m = mult.size() == 1 ? mult[0] : mult[static_cast<size_t>(c)];
    if (!plan_dsp_channel(bias.empty() ? 0 : bias[static_cast<size_t>(c)], sum, sum_abs, sum_abs == 0, m, in_offset,
                          out_offset, out[static_cast<size_t>(c)]))
      return false;
  }
  return true;
}

std::vector<int64_t> bias_values(const Graph& g, const std::string& bias) {
  if (bias.empty()) return {};
  return g.tensor(bias).to_int64();
}

}  // namespace

bool plan_dsp_channel(int64_t bias, int64_t sum_w, int64_t sum_abs_w, bool all_zero, qmath::Multiplier m,
                      int32_t in_offset, int32_t out_offset, DspChannelPlan& out) {
  if (m.m == 0) {  // flushed multiplier: requantize(acc, 0, 0) = 0
    out = constant_channel(0, out_offset);
    return true;
  }
  if (all_zero) {  // the accumulator is the bias alone
    if (!fits_int32(bias)) return false;
    out = constant_channel(qmath::mbqm(static_cast<int32_t>(bias), m), out_offset);
    return true;
  }
  const int64_t R = -int64_t{m.shift};
  // M is an int32 Q31 multiplier: normalised means M >= 2^30 (it is below 2^31 by its type).
  if (R < 1 || R > 30 || m.m < (int64_t{1} << 30)) return false;
  const int64_t folded = bias + int64_t{in_offset} * sum_w;
  if (!fits_int32(folded)) return false;
  // |acc| <= |bias| + max|q + in_offset| * sum|w|, and |srdhm(acc, M)| <= |acc| * M / 2^31 + 1.
  const int64_t acc_bound = std::llabs(bias) + 256 * sum_abs_w;
  if (acc_bound >= kTwo31) return false;
  const int64_t h_bound = acc_bound * m.m / kTwo31 + 1;
  const int64_t round = (int64_t{1} << (R - 1)) + int64_t{out_offset} * (int64_t{1} << R);
  if (h_bound + std::llabs(round) + 1 >= kTwo31) return false;
  out.fields = {folded, 2 * int64_t{m.m} - kTwo32, round, R};
  out.constant = false;
  return true;
}

bool pack_conv_dsp(const Graph& g, const int8::ConvPrep& p, PackedConv& out) {
  namespace pack = tinyc_rt::dsp_pack;
  const tinyc_rt::ConvParams cp = conv_params(p);
  const int8::Geometry2D& G = p.geo;
  const int8_t* wd = g.tensor(p.weights).ptr<int8_t>();
  const std::vector<int64_t> bias = bias_values(g, p.bias);
  const int taps = G.k_h * G.k_w;
  std::vector<DspChannelPlan> ch;
  out.params = cp;
  if (p.depthwise()) {
    if (!pack::dw_supported(&cp)) return false;
    // ONNX [C][1][KH][KW]: tap t = ky * KW + kx of channel c.
    auto weight = [&](int c, int t) { return int64_t{wd[c * taps + t]}; };
    if (!plan_channels(G.out_c, pack::round_up(G.out_c, 4), taps, weight, bias, p.mult, cp.in_offset, cp.out_offset,
                       ch))
      return false;
    out.weights.assign(static_cast<size_t>(pack::dw_weight_count(&cp)), 0);
    for (int c = 0; c < G.out_c; ++c)
      if (!ch[static_cast<size_t>(c)].constant)
        for (int t = 0; t < taps; ++t) out.weights[pack::dw_weight_index(&cp, c, t)] = weight(c, t);
    out.scratch_bytes = static_cast<int64_t>(pack::dw_scratch_size(&cp));
    out.inplace_ring_bytes = tinyc_rt::conv_inplace_ok(&cp) ? static_cast<int64_t>(pack::ring_bytes(&cp)) : 0;
    out.kernel = "dwconv2d_s8_dsp";
  } else {
    if (!pack::conv_supported(&cp)) return false;
    // ONNX [OC][IC][KH][KW] -> tap t = (ky * KW + kx) * IC + ic (the kernel's [ky][kx][ic] columns).
    auto weight = [&](int oc, int t) {
      const int ic = t % G.in_c, k = t / G.in_c;
      return int64_t{wd[(oc * G.in_c + ic) * taps + k]};
    };
    const int k = pack::conv_taps(&cp);
    if (!plan_channels(G.out_c, pack::round_up(G.out_c, 2), k, weight, bias, p.mult, cp.in_offset, cp.out_offset, ch))
      return false;
    out.weights.assign(static_cast<size_t>(pack::conv_weight_count(&cp)), 0);
    for (int oc = 0; oc < G.out_c; ++oc)
      if (!ch[static_cast<size_t>(oc)].constant)
        for (int t = 0; t < k; ++t) out.weights[pack::conv_weight_index(&cp, oc, t)] = weight(oc, t);
    out.scratch_bytes = static_cast<int64_t>(pack::conv_scratch_size(&cp));
    out.inplace_ring_bytes = tinyc_rt::conv_inplace_ok(&cp) ? static_cast<int64_t>(pack::conv_ring_bytes(&cp)) : 0;
    out.kernel = "conv2d_s8_dsp";
  }
  out.channels = channel_values(ch);
  return true;
}

bool pack_fc_dsp(const Graph& g, const int8::FcPrep& p, PackedFc& out) {
  tinyc_rt::FcParams& fp = out.params;
  fp = tinyc_rt::FcParams{};
  fp.rows = p.rows;
  fp.depth = p.depth;
  fp.units = p.units;
  fp.in_offset = -p.in_zp;
  fp.out_offset = p.out_zp;
  fp.act_min = p.clamp.min;
  fp.act_max = p.clamp.max;
  fp.per_channel = p.mult.size() > 1 ? 1 : 0;
  const int8_t* wd = g.tensor(p.weights).ptr<int8_t>();
  auto weight = [&](int u, int d) { return int64_t{wd[static_cast<int64_t>(u) * p.depth + d]}; };
  std::vector<DspChannelPlan> ch;
  if (!plan_channels(p.units, tinyc_rt::dsp_pack::round_up(p.units, 4), p.depth, weight, bias_values(g, p.bias),
                     p.mult, fp.in_offset, fp.out_offset, ch))
    return false;
  out.weights.assign(static_cast<size_t>(tinyc_rt::dsp_pack::fc_weight_count(&fp)), 0);
  for (int u = 0; u < p.units; ++u)
    if (!ch[static_cast<size_t>(u)].constant)
      for (int d = 0; d < p.depth; ++d) out.weights[tinyc_rt::dsp_pack::fc_weight_index(&fp, u, d)] = weight(u, d);
  out.channels = channel_values(ch);
  out.scratch_bytes = static_cast<int64_t>(tinyc_rt::dsp_pack::fc_scratch_size(&fp));
  return true;
}

bool lower_conv_dsp(Builder& b, const Node& n, const int8::ConvPrep& p) {
  PackedConv pc;
  if (!pack_conv_dsp(b.graph(), p, pc)) return false;
  const int8::Geometry2D& G = p.geo;
  const int64_t weight_bytes = 2 * static_cast<int64_t>(pc.weights.size()) + 4 * static_cast<int64_t>(pc.channels.size());
  const std::string wname = b.array(n.name + "_w16", "int16_t", std::move(pc.weights), true);
  const std::string chname = b.array(n.name + "_ch", "int32_t", std::move(pc.channels), true);
  const std::string params = conv_params_struct(b, n, pc.params);
  const Arg x = b.in(n.input(0));
  const Arg y = b.out(n.outputs[0]);
  const Arg scratch = b.temp(n.name + "_scratch", pc.scratch_bytes, true);
  b.call(pc.kernel, {Builder::text("&" + params),
                     Builder::text("reinterpret_cast<const tinyc_rt::DspChannel*>(" + chname + ")"), x,
                     Builder::text(wname), y, scratch});
  // In place over the input when the kernel supports it: the scratch starts
  // with room for the ring of saved rows (dsp_pack.h), given back when the
  // planner does not run the call in place.
  if (x.kind == Arg::Kind::Buffer && tinyc_rt::conv_inplace_ok(&pc.params) &&
      b.kernel_has(pc.kernel, "tinyc:inplace-rows")) {
    b.allow_inplace(/*write_arg=*/4, /*read_arg=*/2);
    b.inplace_only_scratch(/*scratch_arg=*/5, pc.inplace_ring_bytes);
  }
  OpSummary& s = b.summary();
  s.macs = int64_t{G.batch} * G.out_h * G.out_w * G.out_c * G.k_h * G.k_w * (p.depthwise() ? 1 : G.in_c);
  s.weight_bytes = weight_bytes;
  s.scratch_bytes = pc.scratch_bytes;
  return true;
}

bool lower_fc_dsp(Builder& b, const Node& n, const int8::FcPrep& p) {
  PackedFc pf;
  if (!pack_fc_dsp(b.graph(), p, pf)) return false;
  const tinyc_rt::FcParams& fp = pf.params;
  const int64_t weight_bytes = 2 * static_cast<int64_t>(pf.weights.size()) + 4 * static_cast<int64_t>(pf.channels.size());
  const std::string wname = b.array(n.name + "_w16", "int16_t", std::move(pf.weights), true);
  const std::string chname = b.array(n.name + "_ch", "int32_t", std::move(pf.channels), true);
  const std::string params = b.params(n.name, "tinyc_rt::FcParams",
      {c_int(fp.rows), c_int(fp.depth), c_int(fp.units), c_int(fp.in_offset), c_int(fp.out_offset),
       c_int(fp.act_min), c_int(fp.act_max), c_int(fp.per_channel)});
  const Arg x = b.in_row_major(n.input(0));
  const Arg y = b.out_row_major_begin(n.outputs[0]);
  const Arg scratch = b.temp(n.name + "_scratch", pf.scratch_bytes, true);
  b.call("fully_connected_s8_dsp", {Builder::text("&" + params),
                                    Builder::text("reinterpret_cast<const tinyc_rt::DspChannel*>(" + chname + ")"), x,
                                    Builder::text(wname), y, scratch});
  b.out_row_major_end(n.outputs[0], y);
  OpSummary& s = b.summary();
  s.macs = int64_t{p.rows} * p.depth * p.units;
  s.weight_bytes = weight_bytes;
  s.scratch_bytes = pf.scratch_bytes;
  return true;
}

bool add_tables(const int8::AddPrep& p, std::vector<int64_t>& table_a, std::vector<int64_t>& table_b) {
  table_a.assign(256, 0);
  table_b.assign(256, 0);
  const int64_t limit = int64_t{1} << 29;
  for (int q = -128; q <= 127; ++q) {
    // (q - z) << left_shift fits: |q - z| <= 255 and left_shift <= 22 (prepare_add).
    const int32_t a = qmath::mbqm(static_cast<int32_t>(int64_t{q - p.p.z1} * (int64_t{1} << p.p.left_shift)), p.p.in1);
    const int32_t bb = qmath::mbqm(static_cast<int32_t>(int64_t{q - p.p.z2} * (int64_t{1} << p.p.left_shift)), p.p.in2);
    table_a[static_cast<size_t>(q + 128)] = a;
    table_b[static_cast<size_t>(q + 128)] = p.subtract ? -int64_t{bb} : int64_t{bb};
    if (std::llabs(int64_t{a}) >= limit || std::llabs(int64_t{bb}) >= limit) return false;
  }
  return true;
}

}  // namespace tinyc::codegen
