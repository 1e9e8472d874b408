// tinyc — the integer arithmetic of the int8 spec (docs/quantization.md), host side.
//
// Two halves, as in TFLite's Prepare/Eval split:
//  * prepare: float scales -> integer multipliers, shifts and clamp bounds.
//    Computed once, at compile time. Both the int8 reference interpreter and
//    the code generator call these, so the generated constants and the
//    reference agree by construction; TFLite Micro's rules are followed to the
//    letter (double vs float32 products, C round, flush of tiny multipliers).
//  * eval: the integer primitives (SRDHM, RDBPOT, MBQM). The int8 reference
//    uses these; the device runtime has its own, separate implementation
//    (runtime/include/tinyc_rt/requant.h) and the tests compare the two.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tinyc::qmath {

/// A real multiplier m >= 0 as M * 2^(shift - 31), M in [2^30, 2^31) or 0.
struct Multiplier {
  int32_t m = 0;
  int shift = 0;  ///< > 0: left shift; <= 0: right shift by -shift
  bool operator==(const Multiplier& o) const { return m == o.m && shift == o.shift; }
};

// ---- prepare -------------------------------------------------------------

/// TFLite's QuantizeMultiplier: frexp, C round (half away from zero), carry
/// to 2^30 when rounding reaches 2^31, flush to (0, 0) below 2^-31 * 2^-0.
/// Requires m >= 0 and finite.
Multiplier quantize_multiplier(double m);

/// Conv / depthwise / per-channel FC: m_c = (double(s_in) * double(s_w[c])) / double(s_out).
std::vector<Multiplier> conv_multipliers(float s_in, const std::vector<float>& s_w, float s_out);
/// Per-tensor FC: m = double(float32(s_in * s_w)) / double(s_out) (the product rounded to float32 first).
Multiplier fc_per_tensor_multiplier(float s_in, float s_w, float s_out);

/// Quantize(v) = z + (int) roundf(v / s), in float32 with ties away from zero.
int32_t quantize_value_f32(float v, float s, int32_t z);

/// Clamp bounds for a fused activation ("" = none, "Relu", "Clip" with [lo, hi],
/// "Relu6" = Clip 0..6) on an output with scale s and zero point z, in [-128, 127].
struct ClampBounds { int32_t min = -128, max = 127; };
ClampBounds activation_bounds(const std::string& activation, float lo, float hi, float s, int32_t z);

/// Elementwise ADD/SUB parameters (TFLite, int8: left shift 20).
struct AddParams {
  int left_shift = 20;
  Multiplier in1, in2, out;
  int32_t z1 = 0, z2 = 0, z_out = 0;
};
AddParams add_params(float s1, int32_t z1, float s2, int32_t z2, float s_out, int32_t z_out);

/// Softmax parameters (TFLite int8, beta scaled input, 5 integer bits).
struct SoftmaxParams {
  Multiplier input;  ///< from beta * s_in * 2^26
  int32_t diff_min = 0;
};
SoftmaxParams softmax_params(float beta, float s_in);

// ---- eval ----------------------------------------------------------------

/// Saturating rounding doubling high multiply: (a*b + 2^30) >> 31, INT32_MIN^2 -> INT32_MAX.
int32_t srdhm(int32_t a, int32_t b);
/// Rounding divide by 2^e (0 <= e <= 31), ties away from zero.
int32_t rdbpot(int32_t x, int e);
/// MultiplyByQuantizedMultiplier (double rounding): RDBPOT(SRDHM(x * 2^L, M), R).
int32_t mbqm(int32_t x, Multiplier mul);
/// Saturating x * 2^k (k > 0), as used inside softmax.
int32_t saturating_shl(int32_t x, int k);

/// TFLite's fixed-point exp(a) for a <= 0 in Q5.26, result Q0.31.
int32_t exp_on_negative_values_q5_26(int32_t a);
/// 1 / (1 + u) for u in Q0.31 [0, 1), result Q0.31 (Newton-Raphson, as TFLite).
int32_t one_over_one_plus_x_q0_31(int32_t u);

/// Clamp to [lo, hi].
inline int32_t clamp32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

}  // namespace tinyc::qmath
