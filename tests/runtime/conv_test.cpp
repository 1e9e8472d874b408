// conv2d_s8 and dwconv2d_s8 (NHWC) against the int8 reference (NCHW) on
// randomized one-node Conv graphs: the test builds the node as the lowering
// does, prepares it with tinyc::int8::prepare_conv (shared with the reference
// by design), rearranges data and weights into the device layout, runs the
// kernel and compares every output byte.
//
// Checked once, locally, that these tests can fail: with conv2d.cpp's
// `y0 = oy * stride_h - pad_top` changed to `oy * stride_h + 1 - pad_top`
// the conv2d cases failed; with dwconv2d.cpp adding `2 * bias[oc]` the
// depthwise cases failed (random and edge cases alike).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/inplace.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

// How many cases also ran in place (the random sets must include some).
int g_inplace_cases = 0;


struct ConvCase {
  bool depthwise = false;
  bool one_d = false;  // NCL input: H = 1
  int batch = 1, in_c = 1, in_h = 1, in_w = 1, out_c = 1, groups = 1;
  int k_h = 1, k_w = 1, s_h = 1, s_w = 1, d_h = 1, d_w = 1;
  int pt = 0, pl = 0, pb = 0, pr = 0;
  bool bias = true, per_tensor = false, dead_channel = false, wide_out_scale = false;

  int out_size(int in, int k, int s, int d, int p0, int p1) const { return (in + p0 + p1 - ((k - 1) * d + 1)) / s + 1; }
  int out_h() const { return out_size(in_h, k_h, s_h, d_h, pt, pb); }
  int out_w() const { return out_size(in_w, k_w, s_w, d_w, pl, pr); }
  std::string describe() const {
    std::ostringstream o;
    o << (depthwise ? "dwconv" : "conv") << (one_d ? " 1-D" : "") << " N" << batch << " C" << in_c << " " << in_h << "x"
      << in_w << " -> OC" << out_c << " g" << groups << " k" << k_h << "x" << k_w << " s" << s_h << "," << s_w << " d"
      << d_h << "," << d_w << " pads " << pt << "," << pl << "," << pb << "," << pr << (bias ? "" : " no-bias")
      << (per_tensor ? " per-tensor" : "") << (dead_channel ? " dead-channel" : "");
    return o.str();
  }
};

// Makes sure the padded input holds at least one whole window.
void fit_pads(int in, int k, int d, int& p0, int& p1) {
  const int eff = (k - 1) * d + 1;
  if (in + p0 + p1 < eff) p1 = eff - in - p0;
}

ConvCase random_case(Rng& r, bool depthwise) {
  ConvCase c;
  c.depthwise = depthwise;
  c.one_d = r.chance(0.15);
  c.batch = r.chance(0.2) ? 2 : 1;
  c.in_h = c.one_d ? 1 : r.uniform(1, 9);
  c.in_w = r.uniform(1, 9);
  c.k_h = c.one_d ? 1 : r.uniform(1, 4);
  c.k_w = r.uniform(1, 4);
  c.s_h = c.one_d ? 1 : r.uniform(1, 3);
  c.s_w = r.uniform(1, 3);
  c.d_h = c.one_d || !r.chance(0.3) ? 1 : r.uniform(2, 3);
  c.d_w = r.chance(0.3) ? r.uniform(2, 3) : 1;
  // Padding up to past the kernel's reach: some windows then lie wholly in it.
  const int big = r.chance(0.2) ? 2 : 0;
  if (!c.one_d) {
    c.pt = r.uniform(0, c.k_h + big);
    c.pb = r.uniform(0, c.k_h + big);
  }
  c.pl = r.uniform(0, c.k_w + big);
  c.pr = r.uniform(0, c.k_w + big);
  fit_pads(c.in_h, c.k_h, c.d_h, c.pt, c.pb);
  fit_pads(c.in_w, c.k_w, c.d_w, c.pl, c.pr);
  if (depthwise) {
    c.in_c = r.uniform(1, 6);
    c.groups = c.in_c;
    c.out_c = c.in_c * r.uniform(1, 3);
  } else {
    c.groups = r.chance(0.3) ? r.uniform(2, 3) : 1;
    c.in_c = c.groups * r.uniform(1, 4);
    c.out_c = c.groups * r.uniform(1, 4);
  }
  c.bias = !r.chance(0.15);
  c.per_tensor = r.chance(0.2);
  c.dead_channel = r.chance(0.1);
  c.wide_out_scale = r.chance(0.2);
  return c;
}

// Builds, prepares and runs one case; checks status and every byte.
void check_case(const ConvCase& c, uint32_t seed) {
  INFO(c.describe() << " (seed " << seed << ")");
  Rng r(seed);
  const int oh = c.out_h(), ow = c.out_w(), icg = c.in_c / c.groups;
  const int taps = icg * c.k_h * c.k_w;
  OneNode t("Conv");
  const Shape xs = c.one_d ? Shape{c.batch, c.in_c, c.in_w} : Shape{c.batch, c.in_c, c.in_h, c.in_w};
  const Shape ys = c.one_d ? Shape{c.batch, c.out_c, ow} : Shape{c.batch, c.out_c, oh, ow};
  const float s_in = r.log_uniform(0.005f, 0.5f);
  t.input("x", xs, s_in, r.uniform(-128, 127), r);

  std::vector<float> sw(c.per_tensor ? 1 : c.out_c);
  double mean_sw = 0;
  for (float& s : sw) mean_sw += (s = r.log_uniform(0.002f, 0.05f)) / sw.size();
  if (c.dead_channel && !c.per_tensor) sw[r.uniform(0, c.out_c - 1)] = 1e-12f;  // multiplier flushes to 0
  const std::vector<int8_t> w = r.bytes(static_cast<size_t>(c.out_c) * taps);
  const Shape wshape = c.one_d ? Shape{c.out_c, icg, c.k_w} : Shape{c.out_c, icg, c.k_h, c.k_w};
  t.weights("w", wshape, sw, w);
  std::vector<int32_t> bias(c.out_c);
  for (int32_t& b : bias) b = r.uniform(-taps * 3000, taps * 3000);
  if (c.bias) t.bias("b", bias);

  // An output scale that puts typical accumulators around +-50 codes (or far off).
  const double spread = c.wide_out_scale ? r.log_uniform(0.01f, 100.0f) : r.log_uniform(0.25f, 4.0f);
  const float s_out = static_cast<float>(double(s_in) * mean_sw * std::sqrt(double(taps)) * 5476.0 / 50.0 * spread);
  t.output("y", ys, s_out, r.uniform(-128, 127));
  t.activation(random_activation(r, s_out));

  tinyc::Node& n = t.node();
  if (c.one_d) {
    n.attrs["kernel_shape"] = Attribute::of_ints({c.k_w});
    n.attrs["strides"] = Attribute::of_ints({c.s_w});
    n.attrs["dilations"] = Attribute::of_ints({c.d_w});
    n.attrs["pads"] = Attribute::of_ints({c.pl, c.pr});
  } else {
    n.attrs["kernel_shape"] = Attribute::of_ints({c.k_h, c.k_w});
    n.attrs["strides"] = Attribute::of_ints({c.s_h, c.s_w});
    n.attrs["dilations"] = Attribute::of_ints({c.d_h, c.d_w});
    n.attrs["pads"] = Attribute::of_ints({c.pt, c.pl, c.pb, c.pr});
  }
  n.attrs["group"] = Attribute::of_int(c.groups);
  const tinyc::int8::ConvPrep prep = tinyc::int8::prepare_conv(t.graph(), t.finish());
  const tinyc::int8::Geometry2D& G = prep.geo;

  tinyc_rt::ConvParams p{};
  p.batch = G.batch;
  p.in_h = G.in_h; p.in_w = G.in_w; p.in_c = G.in_c;
  p.out_h = G.out_h; p.out_w = G.out_w; p.out_c = G.out_c;
  p.k_h = G.k_h; p.k_w = G.k_w;
  p.stride_h = G.stride_h; p.stride_w = G.stride_w;
  p.dil_h = G.dil_h; p.dil_w = G.dil_w;
  p.pad_top = G.pad_top; p.pad_left = G.pad_left;
  p.groups = prep.groups;
  p.ch_mult = G.out_c / G.in_c;
  p.in_offset = -prep.in_zp;
  p.out_offset = prep.out_zp;
  p.act_min = prep.clamp.min;
  p.act_max = prep.clamp.max;
  const MultShift ms = split(prep.mult);

  // Weights [OC][IC/g][KH][KW] -> conv [OC][KH][KW][IC/g], depthwise [KH][KW][OC].
  std::vector<int8_t> w_rt(w.size());
  for (int oc = 0; oc < c.out_c; ++oc)
    for (int ic = 0; ic < icg; ++ic)
      for (int ky = 0; ky < c.k_h; ++ky)
        for (int kx = 0; kx < c.k_w; ++kx) {
          const int8_t v = w[((oc * icg + ic) * c.k_h + ky) * c.k_w + kx];
          if (c.depthwise) w_rt[(ky * c.k_w + kx) * c.out_c + oc] = v;
          else w_rt[((oc * c.k_h + ky) * c.k_w + kx) * icg + ic] = v;
        }
  const std::vector<int8_t> x_rt = nchw_to_nhwc(t.data("x"), c.batch, c.in_c, G.in_h, G.in_w);
  std::vector<int8_t> y_rt(static_cast<size_t>(c.batch) * c.out_c * G.out_h * G.out_w, 0x55);
  const int32_t* b = c.bias ? bias.data() : nullptr;
  const tinyc_rt::Status st =
      c.depthwise ? tinyc_rt::dwconv2d_s8(&p, ms.mult.data(), ms.shift.data(), x_rt.data(), w_rt.data(), b, y_rt.data(), nullptr)
                  : tinyc_rt::conv2d_s8(&p, ms.mult.data(), ms.shift.data(), x_rt.data(), w_rt.data(), b, y_rt.data(), nullptr);
  REQUIRE(st == tinyc_rt::kOk);
  // Scratch is only for running in place (a ring of input rows, tinyc_rt/inplace.h).
  CHECK((c.depthwise ? tinyc_rt::dwconv2d_s8_scratch_size(&p) : tinyc_rt::conv2d_s8_scratch_size(&p)) ==
        tinyc_rt::conv_inplace_scratch_size(&p));
  const std::vector<int8_t> want = t.run();
  CHECK(mismatches(nhwc_to_nchw(y_rt, c.batch, c.out_c, G.out_h, G.out_w), want) == 0);

  // In place: output over the input, with the ring of saved rows in scratch.
  if (tinyc_rt::conv_inplace_ok(&p)) {
    std::vector<int8_t> buf(std::max(x_rt.size(), y_rt.size()), 0x33);
    std::copy(x_rt.begin(), x_rt.end(), buf.begin());
    std::vector<int8_t> ring(tinyc_rt::conv_inplace_scratch_size(&p));
    const tinyc_rt::Status st2 =
        c.depthwise ? tinyc_rt::dwconv2d_s8(&p, ms.mult.data(), ms.shift.data(), buf.data(), w_rt.data(), b, buf.data(), ring.data())
                    : tinyc_rt::conv2d_s8(&p, ms.mult.data(), ms.shift.data(), buf.data(), w_rt.data(), b, buf.data(), ring.data());
    REQUIRE(st2 == tinyc_rt::kOk);
    buf.resize(y_rt.size());
    INFO("in place");
    CHECK(mismatches(nhwc_to_nchw(buf, c.batch, c.out_c, G.out_h, G.out_w), want) == 0);
    ++g_inplace_cases;
  }
}

ConvCase edge(bool dw, int in_c, int in_h, int in_w, int out_c, int groups, int k_h, int k_w, int s, int d, int pt,
              int pl, int pb, int pr) {
  ConvCase c;
  c.depthwise = dw;
  c.in_c = in_c; c.in_h = in_h; c.in_w = in_w; c.out_c = out_c; c.groups = groups;
  c.k_h = k_h; c.k_w = k_w; c.s_h = c.s_w = s; c.d_h = c.d_w = d;
  c.pt = pt; c.pl = pl; c.pb = pb; c.pr = pr;
  return c;
}

}  // namespace

TEST_CASE("conv2d_s8 == int8 reference on 300 random grouped convolutions") {
  g_inplace_cases = 0;
  Rng r(101);
  for (int i = 0; i < 300; ++i) check_case(random_case(r, false), 1000 + i);
}

TEST_CASE("dwconv2d_s8 == int8 reference on 300 random depthwise convolutions") {
  Rng r(102);
  for (int i = 0; i < 300; ++i) check_case(random_case(r, true), 2000 + i);
  CHECK(g_inplace_cases > 20);
}

TEST_CASE("conv2d_s8 / dwconv2d_s8 edge cases") {
  std::vector<ConvCase> cases = {
      edge(false, 3, 5, 5, 4, 1, 1, 1, 1, 1, 0, 0, 0, 0),  // 1x1
      edge(false, 3, 7, 6, 2, 1, 1, 1, 2, 1, 0, 0, 0, 0),  // 1x1, stride 2, odd size
      edge(false, 2, 4, 4, 3, 1, 4, 4, 1, 1, 0, 0, 0, 0),  // kernel = whole input
      edge(false, 2, 3, 3, 2, 1, 2, 2, 1, 1, 3, 3, 3, 3),  // padding past the kernel: windows wholly in padding
      edge(false, 3, 7, 5, 4, 1, 3, 2, 2, 1, 1, 0, 1, 1),  // SAME-like, odd extra at bottom/right
      edge(false, 2, 9, 9, 2, 1, 3, 3, 1, 3, 3, 3, 3, 3),  // dilation 3
      edge(false, 4, 5, 5, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1),  // groups = channels through conv2d_s8
      edge(false, 6, 4, 4, 9, 3, 2, 2, 1, 1, 0, 1, 1, 0),  // 3 groups, 2 in / 3 out each
      edge(true, 3, 6, 6, 9, 3, 3, 3, 1, 1, 1, 1, 1, 1),   // ch_mult 3
      edge(true, 1, 5, 5, 4, 1, 3, 3, 2, 1, 1, 1, 1, 1),   // one input channel, ch_mult 4
      edge(true, 4, 8, 8, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2),   // dilation 2, stride 2
      edge(true, 2, 3, 3, 2, 2, 1, 1, 1, 1, 2, 2, 2, 2),   // 1x1 depthwise, padding only rings
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    for (int variant = 0; variant < 4; ++variant) {
      ConvCase c = cases[i];
      c.bias = variant != 1;
      c.per_tensor = variant == 2;
      c.dead_channel = variant == 3;
      check_case(c, static_cast<uint32_t>(3000 + 10 * i + variant));
    }
  }
}
