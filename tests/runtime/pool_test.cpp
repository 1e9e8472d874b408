// maxpool_s8, avgpool_s8 (TFLite: same parameters, raw-code average) and
// avgpool_requant_s8 (parameters change) against the int8 reference on
// randomized one-node MaxPool / AveragePool graphs, NCHW -> NHWC: partial
// windows at the borders, count_include_pad, ceil_mode overhang (the output
// size rounded up), dilation, 1-D pooling, global pooling. A window wholly in
// the padding is an error in both: the reference throws, the kernel returns
// kArgError.
//
// Checked once, locally, that these tests can fail: pooling.cpp with the
// divisor ignoring count_include_pad; with floor instead of sign-aware
// rounding; without the zero point of counted padding; counting one row or
// column of ceil_mode overhang; with the max starting at -127: each failed.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "one_node.h"
#include "tinyc/error.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

struct PoolCase {
  bool is_max = false, one_d = false, ceil_mode = false, count_include_pad = false, same_params = true, act = false;
  int batch = 1, ch = 1, in_h = 1, in_w = 1, k_h = 1, k_w = 1, s_h = 1, s_w = 1, d_h = 1, d_w = 1;
  int pt = 0, pl = 0, pb = 0, pr = 0;

  static int out_size(int in, int k, int s, int d, int p0, int p1, bool ceil_mode) {
    const int span = in + p0 + p1 - ((k - 1) * d + 1);
    return (ceil_mode ? (span + s - 1) / s : span / s) + 1;
  }
  int out_h() const { return out_size(in_h, k_h, s_h, d_h, pt, pb, ceil_mode); }
  int out_w() const { return out_size(in_w, k_w, s_w, d_w, pl, pr, ceil_mode); }
  std::string describe() const {
    std::ostringstream o;
    o << (is_max ? "maxpool" : same_params ? "avgpool" : "avgpool_requant") << (one_d ? " 1-D" : "") << " N" << batch
      << " C" << ch << " " << in_h << "x" << in_w << " k" << k_h << "x" << k_w << " s" << s_h << "," << s_w << " d"
      << d_h << "," << d_w << " pads " << pt << "," << pl << "," << pb << "," << pr << (ceil_mode ? " ceil" : "")
      << (count_include_pad ? " count_include_pad" : "") << (act ? " act" : "");
    return o.str();
  }
};

int g_inplace_runs = 0;  // cases also run with output == input

// Returns true when the case ran through both (false: both rejected it).
// Without top and left padding the call is repeated in place (output ==
// input, as generated code may run it: tinyc:inplace-pool).
bool check_case(const PoolCase& c, uint32_t seed) {
  INFO(c.describe() << " (seed " << seed << ")");
  Rng r(seed);
  OneNode t(c.is_max ? "MaxPool" : "AveragePool");
  const int oh = c.out_h(), ow = c.out_w();
  const Shape xs = c.one_d ? Shape{c.batch, c.ch, c.in_w} : Shape{c.batch, c.ch, c.in_h, c.in_w};
  const Shape ys = c.one_d ? Shape{c.batch, c.ch, ow} : Shape{c.batch, c.ch, oh, ow};
  const float s_in = r.log_uniform(0.005f, 0.5f);
  const int32_t z_in = r.uniform(-128, 127);
  t.input("x", xs, s_in, z_in, r);
  const float s_out = c.same_params ? s_in : s_in * r.log_uniform(0.1f, 10.0f);
  t.output("y", ys, s_out, c.same_params ? z_in : r.uniform(-128, 127));
  if (c.act) t.activation(random_activation(r, s_out));
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
  if (!c.is_max) n.attrs["count_include_pad"] = Attribute::of_int(c.count_include_pad ? 1 : 0);
  const tinyc::int8::PoolPrep prep = tinyc::int8::prepare_pool(t.graph(), t.finish());
  const tinyc::int8::Geometry2D& G = prep.geo;
  REQUIRE(prep.same_params == c.same_params);

  tinyc_rt::PoolParams p{};
  p.batch = G.batch;
  p.in_h = G.in_h; p.in_w = G.in_w; p.channels = G.in_c;
  p.out_h = G.out_h; p.out_w = G.out_w;
  p.k_h = G.k_h; p.k_w = G.k_w;
  p.stride_h = G.stride_h; p.stride_w = G.stride_w;
  p.dil_h = G.dil_h; p.dil_w = G.dil_w;
  p.pad_top = G.pad_top; p.pad_left = G.pad_left; p.pad_bottom = G.pad_bottom; p.pad_right = G.pad_right;
  p.count_include_pad = prep.count_include_pad ? 1 : 0;
  p.act_min = prep.clamp.min;
  p.act_max = prep.clamp.max;
  p.in_offset = -prep.in_zp;
  p.out_offset = prep.out_zp;
  // The divisor tables the compiler emits for avgpool_requant_s8: index = divisor.
  std::vector<int32_t> mult(G.k_h * G.k_w + 1, 0), shift(G.k_h * G.k_w + 1, 0);
  for (int k = 1; k <= G.k_h * G.k_w; ++k) {
    const auto m = tinyc::qmath::quantize_multiplier(double(prep.in_scale) / (double(prep.out_scale) * k));
    mult[k] = m.m;
    shift[k] = m.shift;
  }
  const std::vector<int8_t> x = nchw_to_nhwc(t.data("x"), G.batch, G.in_c, G.in_h, G.in_w);
  std::vector<int8_t> y(static_cast<size_t>(G.batch) * G.in_c * G.out_h * G.out_w, 0x55);
  const tinyc_rt::Status st = c.is_max        ? tinyc_rt::maxpool_s8(&p, x.data(), y.data())
                              : c.same_params ? tinyc_rt::avgpool_s8(&p, x.data(), y.data())
                                              : tinyc_rt::avgpool_requant_s8(&p, mult.data(), shift.data(), x.data(), y.data());
  std::vector<int8_t> want;
  try {
    want = t.run();
  } catch (const tinyc::Error& e) {
    INFO("reference: " << e.what());
    CHECK(std::string(e.what()).find("padding") != std::string::npos);
    CHECK(st == tinyc_rt::kArgError);
    return false;
  }
  REQUIRE(st == tinyc_rt::kOk);
  CHECK(mismatches(nhwc_to_nchw(y, G.batch, G.in_c, G.out_h, G.out_w), want) == 0);
  if (G.pad_top == 0 && G.pad_left == 0) {
    std::vector<int8_t> buf = x;  // out_h * out_w <= in_h * in_w without top/left padding
    REQUIRE(buf.size() >= y.size());
    const tinyc_rt::Status in_place =
        c.is_max        ? tinyc_rt::maxpool_s8(&p, buf.data(), buf.data())
        : c.same_params ? tinyc_rt::avgpool_s8(&p, buf.data(), buf.data())
                        : tinyc_rt::avgpool_requant_s8(&p, mult.data(), shift.data(), buf.data(), buf.data());
    REQUIRE(in_place == tinyc_rt::kOk);
    buf.resize(y.size());
    CHECK(mismatches(buf, y) == 0);
    ++g_inplace_runs;
  }
  return true;
}

PoolCase random_case(Rng& r, int kind) {
  PoolCase c;
  c.is_max = kind == 0;
  c.same_params = kind != 2;
  c.one_d = r.chance(0.15);
  c.batch = r.chance(0.2) ? 2 : 1;
  c.ch = r.uniform(1, 5);
  c.in_h = c.one_d ? 1 : r.uniform(1, 9);
  c.in_w = r.uniform(1, 9);
  c.k_h = c.one_d ? 1 : r.uniform(1, std::min(c.in_h, 4));
  c.k_w = r.uniform(1, std::min(c.in_w, 4));
  c.s_h = c.one_d ? 1 : r.uniform(1, 3);
  c.s_w = r.uniform(1, 3);
  if (r.chance(0.2)) {
    c.d_h = c.one_d ? 1 : r.uniform(1, 2);
    c.d_w = r.uniform(1, 2);
  }
  // Mostly pads below the kernel size (every window overlaps the input);
  // now and then larger, where windows may fall wholly into the padding.
  const int extra = r.chance(0.1) ? 2 : 0;
  if (!c.one_d) {
    c.pt = r.uniform(0, c.k_h - 1 + extra);
    c.pb = r.uniform(0, c.k_h - 1 + extra);
  }
  c.pl = r.uniform(0, c.k_w - 1 + extra);
  c.pr = r.uniform(0, c.k_w - 1 + extra);
  auto fit = [](int in, int k, int d, int& p1) {
    if (in + p1 < (k - 1) * d + 1) p1 = (k - 1) * d + 1 - in;
  };
  fit(c.in_h + c.pt, c.k_h, c.d_h, c.pb);
  fit(c.in_w + c.pl, c.k_w, c.d_w, c.pr);
  // ceil_mode as PyTorch uses it: the extra last window starts inside the input.
  c.ceil_mode = r.chance(0.4);
  if (c.ceil_mode && ((c.out_h() - 1) * c.s_h - c.pt >= c.in_h || (c.out_w() - 1) * c.s_w - c.pl >= c.in_w))
    c.ceil_mode = false;
  c.count_include_pad = !c.is_max && r.chance(0.5);
  c.act = r.chance(0.3);
  return c;
}

}  // namespace

TEST_CASE("maxpool_s8 / avgpool_s8 / avgpool_requant_s8 == int8 reference on 600 random windows") {
  Rng r(501);
  int ran = 0, rejected = 0, overhang = 0;
  for (int i = 0; i < 600; ++i) {
    const PoolCase c = random_case(r, i % 3);
    const auto floor_w = PoolCase::out_size(c.in_w, c.k_w, c.s_w, c.d_w, c.pl, c.pr, false);
    overhang += c.ceil_mode && c.out_w() != floor_w;
    (check_case(c, 11000 + i) ? ran : rejected) += 1;
  }
  // Most cases must really compare outputs; the error path must be reached too.
  CHECK(ran > 540);
  CHECK(rejected > 0);
  CHECK(overhang > 30);
  CHECK(g_inplace_runs > 100);
}

TEST_CASE("pooling edge cases: global, border windows with and without count_include_pad, ceil overhang") {
  std::vector<PoolCase> cases;
  for (int kind = 0; kind < 3; ++kind)
    for (int variant = 0; variant < 6; ++variant) {
      PoolCase c;
      c.is_max = kind == 0;
      c.same_params = kind != 2;
      c.ch = 3;
      c.in_h = 5; c.in_w = 7;
      switch (variant) {
        case 0: c.k_h = 5; c.k_w = 7; break;                                              // global
        case 1: c.k_h = c.k_w = 3; c.pt = c.pl = c.pb = c.pr = 1; break;                  // SAME 3x3
        case 2: c.k_h = c.k_w = 3; c.s_h = c.s_w = 2; c.pt = c.pl = 2; c.pb = c.pr = 2; break;  // border windows with 1 tap
        case 3: c.k_h = c.k_w = 2; c.s_h = c.s_w = 2; c.ceil_mode = true; break;          // overhang, no padding
        case 4: c.k_h = c.k_w = 3; c.s_h = c.s_w = 2; c.pt = c.pl = 1; c.pb = c.pr = 0; c.ceil_mode = true; break;
        default: c.k_h = 2; c.k_w = 3; c.d_h = c.d_w = 2; c.pt = 1; c.pr = 2; break;       // dilated, asymmetric pads
      }
      for (int cip = 0; cip < (c.is_max ? 1 : 2); ++cip) {
        c.count_include_pad = cip == 1;
        cases.push_back(c);
      }
    }
  uint32_t seed = 12000;
  for (const PoolCase& c : cases) CHECK(check_case(c, seed++));
}
