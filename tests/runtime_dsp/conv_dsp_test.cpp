// conv2d_s8_dsp / dwconv2d_s8_dsp (the pre-packed DSP kernels, on the host
// through dsp.h's fallbacks) fed by the compiler's packing (pack_conv_dsp),
// and the arm_dsp conv2d_s8 / dwconv2d_s8 with the portable weight layout,
// against the int8 reference on randomized one-node Conv graphs: odd channel
// counts and widths, padding (also wider than the kernel), strides, dilation,
// ch_mult, per-tensor weights, dead channels, batches.
//
// Checked once, locally, that these tests can fail: with columns.h filling
// padding taps with 0 instead of the zero point, and with gemm.h's fallback
// dropping the high lane of its second word, the random cases failed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "codegen/dsp_lowering.h"
#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/inplace.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

int g_inplace_runs = 0;  // packed kernel calls made in place

struct Case {
  bool depthwise = false;
  int batch = 1, in_c = 1, in_h = 1, in_w = 1, out_c = 1;
  int k_h = 1, k_w = 1, s_h = 1, s_w = 1, d_h = 1, d_w = 1;
  int pt = 0, pl = 0, pb = 0, pr = 0;
  bool bias = true, per_tensor = false, dead_channel = false, zero_channel = false;
  int out_size(int in, int k, int s, int d, int p0, int p1) const { return (in + p0 + p1 - ((k - 1) * d + 1)) / s + 1; }
  std::string describe() const {
    std::ostringstream o;
    o << (depthwise ? "dwconv" : "conv") << " N" << batch << " C" << in_c << " " << in_h << "x" << in_w << " -> OC"
      << out_c << " k" << k_h << "x" << k_w << " s" << s_h << "," << s_w << " d" << d_h << "," << d_w << " pads " << pt
      << "," << pl << "," << pb << "," << pr << (bias ? "" : " no-bias") << (per_tensor ? " per-tensor" : "")
      << (dead_channel ? " dead-channel" : "") << (zero_channel ? " zero-weight-channel" : "");
    return o.str();
  }
};

void fit_pads(int in, int k, int d, int& p0, int& p1) {
  const int eff = (k - 1) * d + 1;
  if (in + p0 + p1 < eff) p1 = eff - in - p0;
}

Case random_case(Rng& r, bool depthwise) {
  Case c;
  c.depthwise = depthwise;
  c.batch = r.chance(0.15) ? 2 : 1;
  c.in_h = r.uniform(1, 9);
  c.in_w = r.uniform(1, 11);
  c.k_h = r.uniform(1, 4);
  c.k_w = r.uniform(1, 4);
  c.s_h = r.uniform(1, 3);
  c.s_w = r.uniform(1, 3);
  c.d_h = r.chance(0.25) ? r.uniform(2, 3) : 1;
  c.d_w = r.chance(0.25) ? r.uniform(2, 3) : 1;
  const int big = r.chance(0.2) ? 2 : 0;
  c.pt = r.uniform(0, c.k_h + big);
  c.pb = r.uniform(0, c.k_h + big);
  c.pl = r.uniform(0, c.k_w + big);
  c.pr = r.uniform(0, c.k_w + big);
  if (r.chance(0.3)) c.pt = c.pb = c.pl = c.pr = 0;
  fit_pads(c.in_h, c.k_h, c.d_h, c.pt, c.pb);
  fit_pads(c.in_w, c.k_w, c.d_w, c.pl, c.pr);
  if (depthwise) {
    c.in_c = r.chance(0.5) ? 4 * r.uniform(1, 4) : r.uniform(1, 11);
    c.out_c = c.in_c * (r.chance(0.2) ? r.uniform(2, 3) : 1);  // ch_mult > 1: the portable-layout kernel
  } else {
    c.in_c = r.chance(0.4) ? 4 * r.uniform(1, 6) : r.uniform(1, 13);
    c.out_c = r.uniform(1, 11);
  }
  c.bias = !r.chance(0.15);
  c.per_tensor = r.chance(0.2);
  c.dead_channel = r.chance(0.1);
  c.zero_channel = r.chance(0.1);
  return c;
}

// Builds the node, runs the reference, and checks the DSP kernel (through the
// compiler's packing, when it accepts the node) and the portable-layout kernel.
// Returns whether the packed kernel ran.
bool check_case(const Case& c, uint32_t seed) {
  INFO(c.describe() << " (seed " << seed << ")");
  Rng r(seed);
  const int icg = c.depthwise ? 1 : c.in_c;
  const int taps = icg * c.k_h * c.k_w;
  OneNode t("Conv");
  const float s_in = r.log_uniform(0.005f, 0.5f);
  t.input("x", Shape{c.batch, c.in_c, c.in_h, c.in_w}, s_in, r.uniform(-128, 127), r);
  std::vector<float> sw(c.per_tensor ? 1 : c.out_c);
  double mean_sw = 0;
  for (float& s : sw) mean_sw += (s = r.log_uniform(0.002f, 0.05f)) / sw.size();
  if (c.dead_channel && !c.per_tensor) sw[r.uniform(0, c.out_c - 1)] = 1e-12f;  // multiplier flushes to 0
  std::vector<int8_t> w = r.bytes(static_cast<size_t>(c.out_c) * taps);
  if (c.zero_channel) {  // all-zero weights: the output is the bias alone
    const int z = r.uniform(0, c.out_c - 1);
    std::fill(w.begin() + z * taps, w.begin() + (z + 1) * taps, int8_t{0});
  }
  t.weights("w", Shape{c.out_c, icg, c.k_h, c.k_w}, sw, w);
  std::vector<int32_t> bias(c.out_c);
  for (int32_t& b : bias) b = r.uniform(-taps * 3000, taps * 3000);
  if (c.bias) t.bias("b", bias);
  const float s_out = static_cast<float>(double(s_in) * mean_sw * std::sqrt(double(taps)) * 5476.0 / 50.0 *
                                         r.log_uniform(0.25f, 4.0f));
  t.output("y", Shape{c.batch, c.out_c, c.out_size(c.in_h, c.k_h, c.s_h, c.d_h, c.pt, c.pb),
                      c.out_size(c.in_w, c.k_w, c.s_w, c.d_w, c.pl, c.pr)},
           s_out, r.uniform(-128, 127));
  t.activation(random_activation(r, s_out));
  tinyc::Node& n = t.node();
  n.attrs["kernel_shape"] = Attribute::of_ints({c.k_h, c.k_w});
  n.attrs["strides"] = Attribute::of_ints({c.s_h, c.s_w});
  n.attrs["dilations"] = Attribute::of_ints({c.d_h, c.d_w});
  n.attrs["pads"] = Attribute::of_ints({c.pt, c.pl, c.pb, c.pr});
  n.attrs["group"] = Attribute::of_int(c.depthwise ? c.in_c : 1);
  const tinyc::int8::ConvPrep prep = tinyc::int8::prepare_conv(t.graph(), t.finish());
  const tinyc::int8::Geometry2D& G = prep.geo;
  const std::vector<int8_t> want = t.run();
  const std::vector<int8_t> x = nchw_to_nhwc(t.data("x"), c.batch, c.in_c, G.in_h, G.in_w);
  const size_t out_bytes = static_cast<size_t>(c.batch) * c.out_c * G.out_h * G.out_w;

  // The pre-packed kernel, with exactly the arrays the code generator would emit.
  tinyc::codegen::PackedConv pc;
  const bool packed = tinyc::codegen::pack_conv_dsp(t.graph(), prep, pc);
  if (packed) {
    std::vector<int16_t> w16(pc.weights.begin(), pc.weights.end());
    std::vector<int32_t> ch(pc.channels.begin(), pc.channels.end());
    // Not in place the kernel needs the scratch less the in-place ring (the
    // compiler gives the ring back): exactly that many bytes, so that the
    // sanitizer build sees any access past them.
    const int64_t ring = pc.inplace_ring_bytes;
    REQUIRE(pc.scratch_bytes > ring);
    std::vector<int8_t> scratch(static_cast<size_t>(pc.scratch_bytes - ring));
    std::vector<int8_t> y(out_bytes, 0x55);
    const auto* chp = reinterpret_cast<const tinyc_rt::DspChannel*>(ch.data());
    const tinyc_rt::Status st =
        prep.depthwise() ? tinyc_rt::dwconv2d_s8_dsp(&pc.params, chp, x.data(), w16.data(), y.data(), scratch.data())
                    : tinyc_rt::conv2d_s8_dsp(&pc.params, chp, x.data(), w16.data(), y.data(), scratch.data());
    REQUIRE(st == tinyc_rt::kOk);
    // One input channel with group 1 is a plain convolution, packed as such.
    const size_t size_fn = prep.depthwise() ? tinyc_rt::dwconv2d_s8_dsp_scratch_size(&pc.params)
                                       : tinyc_rt::conv2d_s8_dsp_scratch_size(&pc.params);
    CHECK(static_cast<int64_t>(size_fn) == pc.scratch_bytes);
    CHECK(mismatches(nhwc_to_nchw(y, c.batch, c.out_c, G.out_h, G.out_w), want) == 0);
  } else {
    // Only grouped layouts the kernels do not take are refused.
    CHECK((c.depthwise && c.out_c != c.in_c));
  }

  // In place (output == input) wherever the compiler may ask for it: the
  // tensor holds the input, is overwritten by the output, and the scratch has
  // room for the ring of saved rows exactly as the lowering reserves it.
  const bool inplace = tinyc_rt::conv_inplace_ok(&pc.params);
  const size_t in_bytes = x.size();
  if (packed && inplace) {
    std::vector<int16_t> w16(pc.weights.begin(), pc.weights.end());
    std::vector<int32_t> ch(pc.channels.begin(), pc.channels.end());
    // Exactly the reserved bytes, poisoned, so reading or writing past them shows.
    std::vector<int32_t> scratch_words(static_cast<size_t>(pc.scratch_bytes + 3) / 4 + 1, 0x5A5A5A5A);
    int8_t* scratch = reinterpret_cast<int8_t*>(scratch_words.data());
    const std::vector<int8_t> guard(scratch + pc.scratch_bytes, scratch + scratch_words.size() * 4);
    std::vector<int8_t> buf(std::max(in_bytes, out_bytes), 0x55);
    std::copy(x.begin(), x.end(), buf.begin());
    const auto* chp = reinterpret_cast<const tinyc_rt::DspChannel*>(ch.data());
    const tinyc_rt::Status st =
        prep.depthwise() ? tinyc_rt::dwconv2d_s8_dsp(&pc.params, chp, buf.data(), w16.data(), buf.data(), scratch)
                         : tinyc_rt::conv2d_s8_dsp(&pc.params, chp, buf.data(), w16.data(), buf.data(), scratch);
    REQUIRE(st == tinyc_rt::kOk);
    CHECK(std::equal(guard.begin(), guard.end(), scratch + pc.scratch_bytes));
    buf.resize(out_bytes);
    INFO("in place, packed");
    CHECK(mismatches(nhwc_to_nchw(buf, c.batch, c.out_c, G.out_h, G.out_w), want) == 0);
    ++g_inplace_runs;
  }

  return packed;
}

// A random case the compiler may run in place: batch 1, stride_h 1, "same"
// padding in height (split unevenly at random), an output row no longer than
// an input row.
Case random_inplace_case(Rng& r, bool depthwise) {
  Case c = random_case(r, depthwise);
  c.batch = 1;
  c.s_h = 1;
  const int eff_h = (c.k_h - 1) * c.d_h + 1;
  c.pt = r.uniform(0, eff_h - 1);
  c.pb = eff_h - 1 - c.pt;
  if (depthwise) {
    c.out_c = c.in_c;  // the packed kernel; out_w <= in_w needs pl + pr <= eff_w - 1
    const int eff_w = (c.k_w - 1) * c.d_w + 1;
    if (c.pl + c.pr > eff_w - 1) c.pl = r.uniform(0, eff_w - 1), c.pr = r.uniform(0, eff_w - 1 - c.pl);
    fit_pads(c.in_w, c.k_w, c.d_w, c.pl, c.pr);
  } else {
    const int out_w = c.out_size(c.in_w, c.k_w, c.s_w, c.d_w, c.pl, c.pr);
    c.out_c = std::max(1, std::min(c.out_c, c.in_w * c.in_c / out_w));
  }
  return c;
}

Case edge(bool dw, int in_c, int in_h, int in_w, int out_c, int k, int s, int d, int pad) {
  Case c;
  c.depthwise = dw;
  c.in_c = in_c; c.in_h = in_h; c.in_w = in_w; c.out_c = out_c;
  c.k_h = c.k_w = k; c.s_h = c.s_w = s; c.d_h = c.d_w = d;
  c.pt = c.pl = c.pb = c.pr = pad;
  return c;
}

}  // namespace

TEST_CASE("conv2d_s8_dsp and arm_dsp conv2d_s8 == int8 reference on 400 random convolutions") {
  Rng r(501);
  int packed = 0;
  for (int i = 0; i < 400; ++i) packed += check_case(random_case(r, false), 5000 + i) ? 1 : 0;
  CHECK(packed == 400);  // groups == 1 always fits the packed kernel
}

TEST_CASE("dwconv2d_s8_dsp and arm_dsp dwconv2d_s8 == int8 reference on 400 random depthwise convolutions") {
  Rng r(502);
  int packed = 0;
  for (int i = 0; i < 400; ++i) packed += check_case(random_case(r, true), 6000 + i) ? 1 : 0;
  CHECK(packed > 250);  // ch_mult 1 in about 80% of the cases
}

TEST_CASE("DSP convolution edge cases: the MLPerf Tiny layer shapes, pointwise, odd tails") {
  const std::vector<Case> cases = {
      edge(false, 64, 5, 5, 64, 1, 1, 1, 0),   // KWS pointwise (pixels odd: 25)
      edge(false, 16, 6, 6, 16, 3, 1, 1, 1),   // IC 3x3
      edge(false, 3, 9, 9, 8, 3, 2, 1, 1),     // VWW first layer: 27 taps, stride 2
      edge(false, 8, 3, 3, 7, 1, 1, 1, 0),     // pointwise, odd out_c
      edge(false, 5, 4, 3, 3, 1, 2, 1, 0),     // 1x1 stride 2: not pointwise
      edge(false, 1, 12, 5, 6, 4, 2, 1, 2),    // one input channel (KWS first layer style)
      edge(true, 64, 5, 5, 64, 3, 1, 1, 1),    // KWS depthwise
      edge(true, 8, 7, 7, 8, 3, 2, 1, 1),      // VWW depthwise stride 2
      edge(true, 6, 5, 5, 6, 3, 1, 2, 2),      // dilation, channel tail of 2
      edge(true, 4, 9, 9, 4, 7, 1, 1, 3),      // 7x7 (49 taps, the packed maximum)
      edge(true, 3, 4, 4, 3, 2, 1, 1, 0),      // even tap count, 3 channels (tail only)
  };
  for (size_t i = 0; i < cases.size(); ++i)
    for (int variant = 0; variant < 3; ++variant) {
      Case c = cases[i];
      c.bias = variant != 1;
      c.per_tensor = variant == 2;
      CHECK(check_case(c, static_cast<uint32_t>(7000 + 10 * i + variant)));
    }
}

TEST_CASE("DSP convolutions in place (output == input, ring of saved rows) == int8 reference") {
  Rng r(503);
  const int before = g_inplace_runs;
  for (int i = 0; i < 300; ++i) CHECK(check_case(random_inplace_case(r, false), 8000 + i));
  for (int i = 0; i < 300; ++i) CHECK(check_case(random_inplace_case(r, true), 9000 + i));
  const int random_runs = g_inplace_runs - before;
  CHECK(random_runs > 580);  // a few width paddings leave out_w > in_w
  // Layer shapes: pixel pairs straddling rows (odd widths, width 1), pointwise
  // (no ring), wide top padding (ring of 4 rows), the MLPerf Tiny shapes.
  const std::vector<Case> cases = {
      edge(false, 64, 25, 5, 64, 1, 1, 1, 0),  // KWS pointwise
      edge(false, 16, 8, 8, 16, 3, 1, 1, 1),   // IC 3x3
      edge(false, 6, 7, 1, 5, 3, 1, 1, 1),     // width 1: every pair straddles two rows
      edge(false, 5, 6, 3, 4, 3, 1, 1, 1),     // odd width
      edge(false, 4, 9, 5, 4, 3, 1, 3, 3),     // dilation 3: ring of 4 rows
      edge(true, 64, 25, 5, 64, 3, 1, 1, 1),   // KWS depthwise
      edge(true, 13, 6, 7, 13, 3, 1, 1, 1),    // channel tail
      edge(true, 8, 9, 9, 8, 5, 1, 2, 4),      // 5x5 dilation 2: ring of 5 rows
      edge(true, 4, 4, 1, 4, 3, 1, 1, 1),      // width 1
  };
  for (size_t i = 0; i < cases.size(); ++i) CHECK(check_case(cases[i], static_cast<uint32_t>(9500 + i)));
  CHECK(g_inplace_runs - before == random_runs + static_cast<int>(cases.size()));
}
