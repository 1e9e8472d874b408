// Eval: the integer primitives of the int8 spec (gemmlowp / TFLite semantics).
// Host-side implementation used by the int8 reference interpreter. Additions
// that TFLite performs with int32 wrap-around are done in uint32 here so that
// C++ never sees signed overflow.
#include <cstdint>

#include "tinyc/quant_math.h"

namespace tinyc::qmath {
namespace {
int32_t wrap_add(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b)); }
int32_t wrap_sub(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b)); }
}  // namespace

int32_t srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t p = int64_t{a} * int64_t{b};
  // (p + 2^30) >> 31 with an arithmetic shift: round to nearest, ties toward +inf.
  return static_cast<int32_t>((p + (int64_t{1} << 30)) >> 31);
}

int32_t rdbpot(int32_t x, int e) {
  if (e <= 0) return x;
  const int64_t mask = (int64_t{1} << e) - 1;
  const int64_t remainder = int64_t{x} & mask;
  const int64_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return static_cast<int32_t>((int64_t{x} >> e) + (remainder > threshold ? 1 : 0));
}

int32_t mbqm(int32_t x, Multiplier mul) {
  const int left = mul.shift > 0 ? mul.shift : 0;
  const int right = mul.shift > 0 ? 0 : -mul.shift;
  // x * 2^left in int32, as TFLite does (it never overflows for valid models;
  // wrapping keeps this well defined if it does).
  const int32_t y = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return rdbpot(srdhm(y, mul.m), right);
}

int32_t saturating_shl(int32_t x, int k) {
  const int64_t limit = (int64_t{1} << (31 - k)) - 1;
  if (x > limit) return INT32_MAX;
  if (x < -limit) return INT32_MIN;
  return static_cast<int32_t>(int64_t{x} * (int64_t{1} << k));
}

namespace {
// exp(v) for v in [-1/4, 0), Q0.31, Taylor series around -1/8 (gemmlowp).
int32_t exp_on_interval_quarter(int32_t v) {
  const int32_t exp_minus_one_eighth = 1895147668;
  const int32_t one_third = 715827883;
  const int32_t x = wrap_add(v, 1 << 28);
  const int32_t x2 = srdhm(x, x);
  const int32_t x3 = srdhm(x2, x);
  const int32_t x4 = srdhm(x2, x2);
  const int32_t x4_over_4 = rdbpot(x4, 2);
  const int32_t poly = rdbpot(wrap_add(srdhm(wrap_add(x4_over_4, x3), one_third), x2), 1);
  return wrap_add(exp_minus_one_eighth, srdhm(exp_minus_one_eighth, wrap_add(x, poly)));
}
}  // namespace

int32_t exp_on_negative_values_q5_26(int32_t a) {
  const int32_t quarter = 1 << 24;  // 1/4 in Q5.26
  const int32_t r = wrap_sub(a & (quarter - 1), quarter);
  int32_t y = exp_on_interval_quarter(saturating_shl(r, 5));
  const int32_t rem = wrap_sub(r, a);
  // exp(-2^k / 4) for the bits of the remainder, Q0.31.
  static const int32_t kFactors[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int b = 24; b <= 30; ++b)
    if (rem & (int32_t{1} << b)) y = srdhm(y, kFactors[b - 24]);
  if (a == 0) y = INT32_MAX;
  return y;
}

int32_t one_over_one_plus_x_q0_31(int32_t u) {
  const int32_t half_denominator = static_cast<int32_t>((int64_t{u} + int64_t{INT32_MAX} + 1) >> 1);
  const int32_t c48_17 = 1515870810;    // 48/17 in Q2.29
  const int32_t cneg32_17 = -1010580540;  // -32/17 in Q2.29
  int32_t x = wrap_add(c48_17, srdhm(half_denominator, cneg32_17));
  for (int i = 0; i < 3; ++i) {
    const int32_t p = srdhm(half_denominator, x);
    x = wrap_add(x, saturating_shl(srdhm(x, wrap_sub(1 << 29, p)), 2));
  }
  return saturating_shl(x, 1);
}

}  // namespace tinyc::qmath
