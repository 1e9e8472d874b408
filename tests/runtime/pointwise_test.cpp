// requantize_s8, leaky_relu_s8 (LeakyRelu and per-channel PRelu) and lut_s8
// against the int8 reference on randomized one-node graphs. The inputs hold
// all 256 codes (plus random ones), so every table entry and both sides of
// every branch are exercised.
//
// Checked once, locally, that these tests can fail: requantize.cpp ignoring
// `negate`; leaky_relu.cpp restarting its channel run at 1 instead of 0, or
// ignoring alpha_negative; lut.cpp indexing the table one entry off: each
// failed its test case.
#include <doctest/doctest.h>

#include <sstream>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

// Every int8 code once, then random codes, `n` in all (n >= 256).
std::vector<int8_t> all_codes_then_random(Rng& r, size_t n) {
  std::vector<int8_t> v = r.bytes(n);
  for (int i = 0; i < 256; ++i) v[static_cast<size_t>(i) * n / 256] = static_cast<int8_t>(i - 128);
  return v;
}

struct RequantCase {
  float s_in, s_out, factor;
  int32_t z_in, z_out;
  Activation act;
  std::string describe() const {
    std::ostringstream o;
    o << "requantize s_in " << s_in << " z_in " << z_in << " -> s_out " << s_out << " z_out " << z_out << " factor "
      << factor << " act '" << act.kind << "'";
    return o.str();
  }
};

void check_requantize(const RequantCase& c, uint32_t seed) {
  INFO(c.describe() << " (seed " << seed << ")");
  Rng r(seed);
  OneNode t("Requantize", "tinyc");
  const Shape shape = {1, 3, 11, 13};
  t.input("x", shape, c.s_in, c.z_in, all_codes_then_random(r, 3 * 11 * 13));
  t.output("y", shape, c.s_out, c.z_out);
  if (c.factor != 1.0f) t.node().attrs["tinyc.factor"] = Attribute::of_float(c.factor);
  t.activation(c.act);
  const tinyc::int8::RequantPrep prep = tinyc::int8::prepare_requantize(t.graph(), t.finish());
  tinyc_rt::RequantizeParams p{};
  p.in_offset = -prep.in_zp;
  p.out_offset = prep.out_zp;
  p.mult = prep.mult.m;
  p.shift = prep.mult.shift;
  p.negate = prep.negate ? 1 : 0;
  p.identity = prep.identity ? 1 : 0;
  p.act_min = prep.clamp.min;
  p.act_max = prep.clamp.max;
  const std::vector<int8_t> x = t.data("x");
  std::vector<int8_t> y(x.size(), 0x55);
  REQUIRE(tinyc_rt::requantize_s8(&p, x.data(), y.data(), static_cast<int32_t>(x.size())) == tinyc_rt::kOk);
  const std::vector<int8_t> want = t.run();
  CHECK(mismatches(y, want) == 0);
  std::vector<int8_t> in_place = x;  // generated code may reuse the input's buffer
  REQUIRE(tinyc_rt::requantize_s8(&p, in_place.data(), in_place.data(), static_cast<int32_t>(x.size())) == tinyc_rt::kOk);
  CHECK(mismatches(in_place, want) == 0);
}

}  // namespace

TEST_CASE("requantize_s8 == int8 reference: random parameters, negate, identity, clamps") {
  Rng r(401);
  int identity_cases = 0, negate_cases = 0;
  for (int i = 0; i < 300; ++i) {
    RequantCase c;
    c.s_in = r.log_uniform(0.001f, 1.0f);
    // Output scales from 1/300 to 300 times the input's: right and left shifts.
    c.s_out = r.chance(0.15) ? c.s_in : c.s_in * r.log_uniform(1.0f / 300, 300.0f);
    c.z_in = r.uniform(-128, 127);
    c.z_out = r.chance(0.15) ? c.z_in : r.uniform(-128, 127);
    c.factor = r.chance(0.5) ? 1.0f : (r.chance(0.5) ? -1.0f : 1.0f) * r.log_uniform(0.05f, 20.0f);
    c.act = random_activation(r, c.s_out);
    identity_cases += c.factor == 1.0f && c.s_in == c.s_out;
    negate_cases += c.factor < 0;
    check_requantize(c, 9000 + i);
  }
  CHECK(identity_cases > 10);
  CHECK(negate_cases > 30);
  // Hand-picked: pure identity with a Relu clamp, division by -1, by -2.
  check_requantize({0.05f, 0.05f, 1.0f, 3, 3, {"Relu", 0, 0}}, 9500);
  check_requantize({0.05f, 0.05f, -1.0f, 3, -3, {}}, 9501);
  check_requantize({0.05f, 0.1f, -0.5f, -128, 0, {"Clip", -1.0f, 1.0f}}, 9502);
}

TEST_CASE("leaky_relu_s8 == int8 reference: LeakyRelu, PRelu per channel, NHWC and NCHW channel walks") {
  Rng r(402);
  for (int i = 0; i < 200; ++i) {
    const bool prelu = r.chance(0.5);
    const int n = r.uniform(1, 2), ch = r.uniform(1, 6), h = r.uniform(1, 6), w = r.uniform(1, 6);
    const bool per_channel = prelu && ch > 1 && r.chance(0.7);
    INFO(std::string(prelu ? "PRelu" : "LeakyRelu") << " [" << n << "," << ch << "," << h << "," << w << "]"
                                                    << std::string(per_channel ? " per-channel" : "") << " (case " << i << ")");
    OneNode t(prelu ? "PRelu" : "LeakyRelu");
    const float s_in = r.log_uniform(0.005f, 0.5f);
    t.input("x", {n, ch, h, w}, s_in, r.uniform(-128, 127), r);
    std::vector<float> alpha(per_channel ? ch : 1);
    for (float& a : alpha) a = r.chance(0.1) ? 0.0f : (r.chance(0.3) ? -1.0f : 1.0f) * r.log_uniform(0.01f, 3.0f);
    if (prelu) {
      const Shape slope_shape = per_channel ? Shape{ch, 1, 1} : Shape{1};
      t.graph().add_tensor(tinyc::Tensor::from_float("slope", slope_shape, alpha));
      t.node().inputs.push_back("slope");
    } else {
      t.node().attrs["alpha"] = Attribute::of_float(alpha[0]);
    }
    t.output("y", {n, ch, h, w}, s_in * r.log_uniform(0.2f, 5.0f), r.uniform(-128, 127));
    const tinyc::int8::LeakyPrep prep = tinyc::int8::prepare_leaky(t.graph(), t.finish());
    tinyc_rt::LeakyParams p{};
    p.in_offset = -prep.in_zp;
    p.out_offset = prep.out_zp;
    p.id_mult = prep.identity.m;
    p.id_shift = prep.identity.shift;
    const MultShift ms = split(prep.alpha);
    const std::vector<uint8_t> negative(prep.alpha_negative.begin(), prep.alpha_negative.end());
    const std::vector<int8_t> want = t.run();
    const std::vector<int8_t> x = t.data("x");
    const int32_t count = static_cast<int32_t>(x.size());
    // The device layout: channels last, so channel = i % C.
    p.channels = static_cast<int32_t>(ms.mult.size());
    p.inner = 1;
    const std::vector<int8_t> x_nhwc = nchw_to_nhwc(x, n, ch, h, w);
    std::vector<int8_t> y_nhwc(x.size(), 0x55);
    REQUIRE(tinyc_rt::leaky_relu_s8(&p, ms.mult.data(), ms.shift.data(), negative.data(), x_nhwc.data(), y_nhwc.data(),
                                    count) == tinyc_rt::kOk);
    CHECK(mismatches(nhwc_to_nchw(y_nhwc, n, ch, h, w), want) == 0);
    // The same kernel walking NCHW data (channel = (i / inner) % C), as prepare describes it.
    p.channels = static_cast<int32_t>(prep.channels);
    p.inner = static_cast<int32_t>(prep.inner);
    std::vector<int8_t> y(x.size(), 0x55);
    REQUIRE(tinyc_rt::leaky_relu_s8(&p, ms.mult.data(), ms.shift.data(), negative.data(), x.data(), y.data(), count) ==
            tinyc_rt::kOk);
    CHECK(mismatches(y, want) == 0);
    std::vector<int8_t> in_place = x;
    REQUIRE(tinyc_rt::leaky_relu_s8(&p, ms.mult.data(), ms.shift.data(), negative.data(), in_place.data(), in_place.data(),
                                    count) == tinyc_rt::kOk);
    CHECK(mismatches(in_place, want) == 0);
  }
}

TEST_CASE("lut_s8 == int8 reference for Sigmoid, Tanh, HardSigmoid, HardSwish over all codes") {
  Rng r(403);
  int seed = 0;
  for (const char* op : {"Sigmoid", "Tanh", "HardSigmoid", "HardSwish"})
    for (int i = 0; i < 10; ++i, ++seed) {
      INFO(std::string(op) << " case " << i);
      OneNode t(op);
      const float s_in = r.log_uniform(0.01f, 0.2f);
      t.input("x", {2, 300}, s_in, r.uniform(-128, 127), all_codes_then_random(r, 600));
      t.output("y", {2, 300}, r.log_uniform(0.002f, 0.05f), r.uniform(-128, 127));
      const tinyc::int8::LutPrep prep = tinyc::int8::prepare_lut(t.graph(), t.finish());
      const std::vector<int8_t> x = t.data("x");
      std::vector<int8_t> y(x.size(), 0x55);
      REQUIRE(tinyc_rt::lut_s8(prep.table.data(), x.data(), y.data(), static_cast<int32_t>(x.size())) == tinyc_rt::kOk);
      const std::vector<int8_t> want = t.run();
      CHECK(mismatches(y, want) == 0);
      std::vector<int8_t> in_place = x;
      REQUIRE(tinyc_rt::lut_s8(prep.table.data(), in_place.data(), in_place.data(), static_cast<int32_t>(x.size())) ==
              tinyc_rt::kOk);
      CHECK(mismatches(in_place, want) == 0);
    }
}
