// The device's integer primitives (tinyc_rt: requant.h, fixedpoint.h) against
// the compiler's independent implementation (tinyc::qmath) on edge values and
// about a million random inputs each. The two must agree everywhere the spec
// defines a result.
//
// Checked once, locally, that these tests can fail: requant.h's rdbpot
// without the +1 on the threshold for negative x, and fixedpoint.h's exp(-8)
// constant one unit off, each failed here (the first also in every kernel
// test that requantizes).
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "one_node.h"
#include "tinyc/quant_math.h"
#include "tinyc_rt/fixedpoint.h"
#include "tinyc_rt/requant.h"

namespace qm = tinyc::qmath;
using rt_test::Rng;

namespace {

const std::vector<int32_t> kEdges = {INT32_MIN, INT32_MIN + 1, -(1 << 30) - 1, -(1 << 30), -(1 << 30) + 1,
                                     -(3 << 15), -(1 << 15), -65536, -257, -256, -255, -129, -128, -127,
                                     -5, -3, -2, -1, 0, 1, 2, 3, 5, 127, 128, 255, 256, 1 << 15, 3 << 15,
                                     (1 << 30) - 1, 1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX};

// Random int32 with every magnitude equally likely (a plain uniform draw
// would almost never produce small values or exact ties).
int32_t random_int32(Rng& rng) {
  const int bits = rng.uniform(0, 31);
  const uint32_t mag = bits == 0 ? 0 : rng.bits() >> (32 - bits);
  const int32_t v = static_cast<int32_t>(mag);
  return rng.chance(0.5) ? -v - (rng.chance(0.01) ? 1 : 0) : v;
}

// A quantized multiplier as prepare makes them: [2^30, 2^31), or 0 now and then.
int32_t random_multiplier(Rng& rng) {
  if (rng.chance(0.02)) return 0;
  if (rng.chance(0.02)) return rng.chance(0.5) ? (1 << 30) : INT32_MAX;
  return static_cast<int32_t>((1u << 30) + (rng.bits() >> 2));
}

}  // namespace

TEST_CASE("srdhm: runtime == compiler on edge pairs and 10^6 random pairs") {
  for (int32_t a : kEdges)
    for (int32_t b : kEdges) {
      INFO("a=" << a << " b=" << b);
      REQUIRE(tinyc_rt::srdhm(a, b) == qm::srdhm(a, b));
    }
  Rng rng(1);
  int64_t bad = 0;
  for (int i = 0; i < 1000000; ++i) {
    const int32_t a = random_int32(rng), b = rng.chance(0.5) ? random_int32(rng) : random_multiplier(rng);
    bad += tinyc_rt::srdhm(a, b) != qm::srdhm(a, b);
  }
  CHECK(bad == 0);
}

TEST_CASE("rdbpot: runtime == compiler for every exponent 0..31") {
  for (int e = 0; e <= 31; ++e)
    for (int32_t x : kEdges) {
      INFO("x=" << x << " e=" << e);
      REQUIRE(tinyc_rt::rdbpot(x, e) == qm::rdbpot(x, e));
    }
  Rng rng(2);
  int64_t bad = 0;
  for (int i = 0; i < 1000000; ++i) {
    const int32_t x = random_int32(rng);
    const int e = rng.uniform(0, 31);
    bad += tinyc_rt::rdbpot(x, e) != qm::rdbpot(x, e);
  }
  CHECK(bad == 0);
  // Ties away from zero, as the spec says (not copied from either implementation).
  CHECK(tinyc_rt::rdbpot(5, 1) == 3);
  CHECK(tinyc_rt::rdbpot(-5, 1) == -3);
}

TEST_CASE("requantize == mbqm for shifts -31..+7 (left shifts only where x * 2^shift fits)") {
  Rng rng(3);
  int64_t bad = 0, cases = 0;
  for (int shift = -31; shift <= 7; ++shift) {
    const int32_t limit = shift > 0 ? (INT32_MAX >> shift) : INT32_MAX;
    for (int32_t x : kEdges)
      for (int32_t m : {0, 1 << 30, (1 << 30) + 1, 1518500250, INT32_MAX}) {
        if (shift > 0 && (x > limit || x < -limit)) continue;
        INFO("x=" << x << " m=" << m << " shift=" << shift);
        REQUIRE(tinyc_rt::requantize(x, m, shift) == qm::mbqm(x, qm::Multiplier{m, shift}));
      }
    for (int i = 0; i < 26000; ++i, ++cases) {
      int32_t x = random_int32(rng);
      if (shift > 0 && (x > limit || x < -limit)) x %= limit;
      const int32_t m = random_multiplier(rng);
      bad += tinyc_rt::requantize(x, m, shift) != qm::mbqm(x, qm::Multiplier{m, shift});
    }
  }
  CHECK(cases > 1000000);
  CHECK(bad == 0);
  // TFLite's double rounding, worked by hand: 5 * 0.5 = 2.5 -> 3 (ties up), 3 / 2 = 1.5 -> 2.
  CHECK(tinyc_rt::requantize(5, 1 << 30, -1) == 2);
  CHECK(tinyc_rt::requantize(-1, 1 << 30, 0) == 0);
}

TEST_CASE("softmax fixed point: exp, 1/(1+x), saturating shift and clz == compiler") {
  std::vector<int32_t> exps = {0, -1, -2, INT32_MIN, INT32_MIN + 1, -(1 << 24), -(1 << 24) - 1, -(1 << 24) + 1};
  for (int b = 0; b <= 30; ++b) exps.push_back(-(1 << b));
  for (int32_t a : exps) {
    INFO("a=" << a);
    REQUIRE(tinyc_rt::exp_on_negative_values_q5_26(a) == qm::exp_on_negative_values_q5_26(a));
  }
  Rng rng(4);
  int64_t bad_exp = 0, bad_recip = 0, bad_shl = 0, bad_clz = 0;
  for (int i = 0; i < 1000000; ++i) {
    const int32_t a = -static_cast<int32_t>(rng.bits() >> 1);
    bad_exp += tinyc_rt::exp_on_negative_values_q5_26(a) != qm::exp_on_negative_values_q5_26(a);
    const int32_t u = static_cast<int32_t>(rng.bits() >> 1);
    bad_recip += tinyc_rt::one_over_one_plus_x_q0_31(u) != qm::one_over_one_plus_x_q0_31(u);
    const int k = rng.uniform(1, 30);
    const int32_t x = random_int32(rng);
    bad_shl += tinyc_rt::saturating_shl(x, k) != qm::saturating_shl(x, k);
    const uint32_t v = rng.bits() >> rng.uniform(0, 31);
    int naive = 0;
    while (naive < 32 && !(v & (0x80000000u >> naive))) ++naive;
    bad_clz += tinyc_rt::count_leading_zeros(v) != naive;
  }
  CHECK(bad_exp == 0);
  CHECK(bad_recip == 0);
  CHECK(bad_shl == 0);
  CHECK(bad_clz == 0);
  for (int32_t u : {0, 1, 1 << 30, INT32_MAX}) CHECK(tinyc_rt::one_over_one_plus_x_q0_31(u) == qm::one_over_one_plus_x_q0_31(u));
  CHECK(tinyc_rt::count_leading_zeros(0) == 32);
  CHECK(tinyc_rt::count_leading_zeros(1) == 31);
  CHECK(tinyc_rt::count_leading_zeros(0x80000000u) == 0);
  // exp(0) is "one" in Q0.31; exp(-1) is 0.36788 * 2^31 = 790015084 within the
  // series' error (about 1e-6 relative).
  CHECK(tinyc_rt::exp_on_negative_values_q5_26(0) == INT32_MAX);
  CHECK(std::abs(tinyc_rt::exp_on_negative_values_q5_26(-(1 << 26)) - 790015084) < 1000);
}
