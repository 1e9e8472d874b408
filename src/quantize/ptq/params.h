// Float range -> int8 quantization parameters, and the quantization of
// constants (weights, biases, other constant operands). The formulas are
// onnxruntime's quantization tool's, so that a tinyc QDQ model reads like one
// that tool writes:
//   activations  s = (hi - lo) / 255, z = round(-128 - lo / s)   (lo <= 0 <= hi)
//   weights      s[c] = max|w[c]| / 127, z = 0, q in -127..127   (symmetric)
//   biases       s[c] = s_in * s_w[c], z = 0, int32
#pragma once

#include <cstdint>
#include <vector>

#include "range_selection.h"
#include "tinyc/ir.h"

namespace tinyc::ptq {

/// Per-tensor int8 parameters for an activation with range `r` (0 is added to
/// the range first). An empty range (all zeros) gets scale 1, zero point 0.
QuantParams activation_params(FloatRange r);

/// Symmetric int8 parameters for `w`: one scale per slice along `axis`, or one
/// for the whole tensor when axis < 0. An all-zero slice gets scale 1 (any
/// positive scale represents it exactly; 1 keeps the bias scale sane).
QuantParams weight_params(const Tensor& w, int axis);

/// Quantizes a float constant to int8 with `p` (per tensor or per channel),
/// rounding half to even and clamping to [-128, 127] ([-127, 127] when
/// `symmetric`).
Tensor quantize_constant_i8(const Tensor& w, const QuantParams& p, bool symmetric);

/// Quantizes a float bias to int32 with scale s_in * s_w[c] (one entry when the
/// weights are per tensor) along the bias's last axis; values beyond int32 are
/// clamped. The result's QuantParams hold the bias scales.
Tensor quantize_bias_i32(const Tensor& b, float s_in, const std::vector<float>& s_w);

}  // namespace tinyc::ptq
