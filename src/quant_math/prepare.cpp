// Prepare: float scales -> integer parameters, following TFLite Micro's
// Prepare functions exactly (docs/quantization.md, sections "Multipliers" and
// "Clamp bounds"). Where TFLite computes in double vs float32 matters: a
// one-step difference in a multiplier can move a result that sits on a
// rounding boundary, so each rule below says which it uses.
#include <algorithm>
#include <cmath>

#include "tinyc/error.h"
#include "tinyc/quant_math.h"

namespace tinyc::qmath {

Multiplier quantize_multiplier(double m) {
  if (!(m >= 0) || !std::isfinite(m)) fail("quantization multiplier " + std::to_string(m) + " is not a finite non-negative number");
  if (m == 0) return {0, 0};
  int e = 0;
  const double f = std::frexp(m, &e);                       // m = f * 2^e, 0.5 <= f < 1
  int64_t q = static_cast<int64_t>(std::round(f * 2147483648.0));  // C round: ties away from zero
  if (q == (int64_t{1} << 31)) {                            // rounding carried into the next power of two
    q /= 2;
    ++e;
  }
  if (e < -31) return {0, 0};                               // too small to represent: flushed
  return {static_cast<int32_t>(q), e};
}

std::vector<Multiplier> conv_multipliers(float s_in, const std::vector<float>& s_w, float s_out) {
  std::vector<Multiplier> r;
  r.reserve(s_w.size());
  for (float sw : s_w) r.push_back(quantize_multiplier((double(s_in) * double(sw)) / double(s_out)));
  return r;
}

Multiplier fc_per_tensor_multiplier(float s_in, float s_w, float s_out) {
  const float product = s_in * s_w;  // float32 on purpose: TFLite's per-tensor FC rule
  return quantize_multiplier(double(product) / double(s_out));
}

int32_t quantize_value_f32(float v, float s, int32_t z) {
  const float q = std::round(v / s);  // roundf: ties away from zero, float32 division
  // Saturate before converting: the bound only matters inside int8 anyway.
  if (q > 1e9f) return z + 1000000000;
  if (q < -1e9f) return z - 1000000000;
  return z + static_cast<int32_t>(q);
}

ClampBounds activation_bounds(const std::string& activation, float lo, float hi, float s, int32_t z) {
  ClampBounds b;
  if (activation.empty()) return b;
  if (activation == "Relu") {
    b.min = std::max(-128, quantize_value_f32(0.0f, s, z));
  } else if (activation == "Relu6") {
    b.min = std::max(-128, quantize_value_f32(0.0f, s, z));
    b.max = std::min(127, quantize_value_f32(6.0f, s, z));
  } else if (activation == "Clip") {
    if (std::isfinite(lo)) b.min = std::max(-128, quantize_value_f32(lo, s, z));
    if (std::isfinite(hi)) b.max = std::min(127, quantize_value_f32(hi, s, z));
  } else {
    fail("unknown fused activation '" + activation + "'", ErrorKind::Internal);
  }
  b.min = std::min(b.min, 127);
  b.max = std::max(b.max, -128);
  return b;
}

AddParams add_params(float s1, int32_t z1, float s2, int32_t z2, float s_out, int32_t z_out) {
  AddParams p;
  p.left_shift = 20;
  const double twice_max = 2.0 * double(std::max(s1, s2));  // max taken on the float32 values
  p.in1 = quantize_multiplier(double(s1) / twice_max);
  p.in2 = quantize_multiplier(double(s2) / twice_max);
  p.out = quantize_multiplier(twice_max / (double(1 << p.left_shift) * double(s_out)));
  p.z1 = z1;
  p.z2 = z2;
  p.z_out = z_out;
  return p;
}

SoftmaxParams softmax_params(float beta, float s_in) {
  constexpr int kInputIntegerBits = 5;
  const double real = std::min(double(beta) * double(s_in) * double(int64_t{1} << (31 - kInputIntegerBits)),
                               2147483647.0);
  SoftmaxParams p;
  p.input = quantize_multiplier(real);
  if (p.input.shift < 0)
    fail("softmax input scale " + std::to_string(s_in) + " is too small for the int8 softmax (beta*scale*2^26 < 1)");
  const double radius = std::floor(double((1 << kInputIntegerBits) - 1) *
                                   double(int64_t{1} << (31 - kInputIntegerBits)) /
                                   double(int64_t{1} << p.input.shift));
  p.diff_min = -static_cast<int32_t>(radius);
  return p;
}

}  // namespace tinyc::qmath
