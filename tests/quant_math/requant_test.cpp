// The integer primitives of the int8 spec at their edges. Expected values are
// worked out by hand from the definitions in docs/quantization.md (and, where
// marked, are results of TFLite's own code quoted in the spec's sources).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "tinyc/quant_math.h"

using namespace tinyc::qmath;

TEST_CASE("srdhm rounds to nearest with ties toward +infinity and saturates only INT32_MIN^2") {
  CHECK(srdhm(INT32_MIN, INT32_MIN) == INT32_MAX);
  CHECK(srdhm(INT32_MAX, INT32_MAX) == INT32_MAX - 1);  // (2^31-1)^2 / 2^31 = 2^31 - 2 + 2^-31
  CHECK(srdhm(1 << 30, 1 << 30) == 1 << 29);            // 0.5 * 0.5 = 0.25 exactly
  // a*b = 2^30 -> exactly 0.5 -> ties go up -> 1
  CHECK(srdhm(1 << 15, 1 << 15) == 1);
  // a*b = -2^30 -> exactly -0.5 -> ties go up -> 0
  CHECK(srdhm(-(1 << 15), 1 << 15) == 0);
  // a*b = -3*2^30 -> -1.5 -> -1
  CHECK(srdhm(-3 * (1 << 15), 1 << 15) == -1);
  CHECK(srdhm(INT32_MIN, INT32_MAX) == -INT32_MAX);     // -2^31*(2^31-1)/2^31 = -(2^31-1)
}

TEST_CASE("rdbpot rounds ties away from zero, with e = 0 the identity") {
  CHECK(rdbpot(5, 1) == 3);    // 2.5 -> 3
  CHECK(rdbpot(-5, 1) == -3);  // -2.5 -> -3
  CHECK(rdbpot(-4, 1) == -2);
  CHECK(rdbpot(7, 2) == 2);    // 1.75
  CHECK(rdbpot(-7, 2) == -2);
  CHECK(rdbpot(-6, 2) == -2);  // -1.5 -> -2
  CHECK(rdbpot(6, 2) == 2);    // 1.5 -> 2
  CHECK(rdbpot(123, 0) == 123);
  CHECK(rdbpot(INT32_MIN, 31) == -1);
  CHECK(rdbpot(INT32_MAX, 31) == 1);
  CHECK(rdbpot(-(1 << 30), 31) == -1);  // -0.5 -> away from zero
  CHECK(rdbpot((1 << 30) - 1, 31) == 0);
}

TEST_CASE("mbqm rounds twice (TFLite double rounding)") {
  const Multiplier half{1 << 30, 0};  // 0.5
  CHECK(mbqm(-1, half) == 0);   // TFLite on the host gives 0 (srdhm ties up)
  CHECK(mbqm(-3, half) == -1);  // and -1
  CHECK(mbqm(3, half) == 2);
  CHECK(mbqm(1000, Multiplier{1 << 30, -3}) == 63);   // 1000 * 0.5 / 8 = 62.5 -> 63
  CHECK(mbqm(-1000, Multiplier{1 << 30, -3}) == -63); // -62.5 -> -63 (away from zero)
  CHECK(mbqm(7, Multiplier{1 << 30, 2}) == 14);       // left shift: 7 * 0.5 * 4
  CHECK(mbqm(INT32_MIN, Multiplier{1 << 30, 0}) == -(1 << 30));
  CHECK(mbqm(INT32_MIN, Multiplier{INT32_MAX, 0}) == -INT32_MAX);
  CHECK(mbqm(12345, Multiplier{0, 0}) == 0);           // flushed multiplier
  // Double rounding differs from single here: 5 * 0.25 = 1.25 would round to 1, but
  // the high multiply first rounds 5 * 0.5 = 2.5 up to 3, and 3 / 2 = 1.5 -> 2.
  CHECK(mbqm(5, Multiplier{1 << 30, -1}) == 2);
}

TEST_CASE("quantize_multiplier: frexp, C round, carry and flush") {
  CHECK(quantize_multiplier(0.0) == Multiplier{0, 0});
  CHECK(quantize_multiplier(0.5) == Multiplier{1 << 30, 0});
  CHECK(quantize_multiplier(1.0) == Multiplier{1 << 30, 1});
  CHECK(quantize_multiplier(0.25) == Multiplier{1 << 30, -1});
  CHECK(quantize_multiplier(0.75) == Multiplier{3 << 29, 0});
  // 1 - 2^-53 rounds up to 2^31: carried to (2^30, 1).
  CHECK(quantize_multiplier(1.0 - std::ldexp(1.0, -53)) == Multiplier{1 << 30, 1});
  // Below 2^-32 the exponent is < -31: flushed.
  CHECK(quantize_multiplier(std::ldexp(1.0, -33)) == Multiplier{0, 0});
  CHECK(quantize_multiplier(std::ldexp(1.0, -32)) == Multiplier{1 << 30, -31});
  // f*2^31 = 2^30 + 0.5 exactly -> C round goes away from zero (Python's round would not).
  CHECK(quantize_multiplier((std::ldexp(1.0, 30) + 0.5) / std::ldexp(1.0, 31)) == Multiplier{(1 << 30) + 1, 0});
}

TEST_CASE("activation bounds follow float32 roundf with ties away from zero") {
  CHECK(activation_bounds("", 0, 0, 0.1f, 3).min == -128);
  CHECK(activation_bounds("Relu", 0, INFINITY, 0.1f, -128).min == -128);
  CHECK(activation_bounds("Relu", 0, INFINITY, 0.1f, 5).min == 5);
  ClampBounds r6 = activation_bounds("Relu6", 0, 6, 0.05f, -100);
  CHECK(r6.min == -100);
  CHECK(r6.max == 20);  // 6 / 0.05 = 120 -> -100 + 120
  ClampBounds clip = activation_bounds("Clip", -1.0f, 1.0f, 0.25f, 0);
  CHECK(clip.min == -4);
  CHECK(clip.max == 4);
  // 6 / 0.5 = 12, 1.25 / 0.5 = 2.5 -> 3 (away from zero)
  CHECK(activation_bounds("Clip", -1.25f, 6.0f, 0.5f, 0).min == -3);
  CHECK(activation_bounds("Clip", -1000.f, 1000.f, 0.5f, 0).min == -128);
  CHECK(activation_bounds("Clip", -1000.f, 1000.f, 0.5f, 0).max == 127);
}

TEST_CASE("add params: the larger scale gets exactly one half") {
  AddParams p = add_params(0.5f, 1, 0.25f, 2, 0.75f, 3);
  CHECK(p.left_shift == 20);
  CHECK(p.in1 == Multiplier{1 << 30, 0});   // 0.5 / 1.0
  CHECK(p.in2 == Multiplier{1 << 30, -1});  // 0.25 / 1.0
  // 1.0 / (2^20 * 0.75) = 2^-20 * 4/3 -> f = 2/3, e = -19
  CHECK(p.out.shift == -19);
  CHECK(p.out.m == static_cast<int32_t>(std::round(2.0 / 3.0 * 2147483648.0)));
}

TEST_CASE("softmax params reproduce the radius rule") {
  // beta*s*2^26 = 2^24 * 1.25 -> M = 0.625 * 2^31, n = 25; radius = floor(31*2^26/2^25) = 62
  SoftmaxParams p = softmax_params(1.0f, 0.3125f);
  CHECK(p.input.shift == 25);
  CHECK(p.input.m == (5 << 28));
  CHECK(p.diff_min == -62);
}

TEST_CASE("fixed-point exp and reciprocal are close to the real functions") {
  CHECK(exp_on_negative_values_q5_26(0) == INT32_MAX);
  for (double v : {-0.01, -0.25, -0.5, -1.0, -2.0, -4.5, -10.0, -31.0}) {
    const int32_t a = static_cast<int32_t>(std::lround(v * 67108864.0));
    const double got = exp_on_negative_values_q5_26(a) / 2147483648.0;
    CHECK(got == doctest::Approx(std::exp(v)).epsilon(1e-6).scale(1.0));
  }
  for (double u : {0.0, 0.1, 0.5, 0.9, 0.999}) {
    const int32_t q = static_cast<int32_t>(std::lround(u * 2147483648.0));
    const double got = one_over_one_plus_x_q0_31(q) / 2147483648.0;
    CHECK(got == doctest::Approx(1.0 / (1.0 + u)).epsilon(1e-7));
  }
}
