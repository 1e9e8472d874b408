// tinyc float reference — quantization helpers shared by QuantizeLinear,
// DequantizeLinear and the integer / QLinear ops.
//
// Rounding is round-half-to-even (std::nearbyint in the default rounding
// mode), as ONNX specifies and onnxruntime implements; saturation clamps to
// the integer type's range. Scales and requantization multipliers are float32
// and computed in float32, in onnxruntime's order of operations, so that the
// reference agrees with it bit for bit on the ONNX node tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {

/// Range of an integer quantized type (int8, uint8, int16, uint16, int32).
inline int64_t quant_min(DType t) {
  switch (t) {
    case DType::I8: return -128;
    case DType::U8: return 0;
    case DType::I16: return -32768;
    case DType::U16: return 0;
    default: return INT32_MIN;
  }
}
inline int64_t quant_max(DType t) {
  switch (t) {
    case DType::I8: return 127;
    case DType::U8: return 255;
    case DType::I16: return 32767;
    case DType::U16: return 65535;
    default: return INT32_MAX;
  }
}

/// round_half_even(v) + zp, saturated to [lo, hi]; NaN maps to zp (saturated).
inline int64_t round_add_saturate(float v, int64_t zp, int64_t lo, int64_t hi) {
  if (std::isnan(v)) return std::min(std::max(zp, lo), hi);
  // Clamp before converting so that huge values stay defined.
  const double r = static_cast<double>(std::nearbyint(v)) + static_cast<double>(zp);
  return static_cast<int64_t>(std::min(std::max(r, static_cast<double>(lo)), static_cast<double>(hi)));
}

/// Quantization parameters read from a (scale, zero point) input pair.
struct QuantInput {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;  ///< same length as scale (zeros when the input is omitted)
  DType zp_type = DType::U8;        ///< the zero point's dtype (uint8 when omitted)
  float scale_at(int64_t i) const { return scale.size() == 1 ? scale[0] : scale[static_cast<size_t>(i)]; }
  int64_t zp_at(int64_t i) const { return zero_point.size() == 1 ? zero_point[0] : zero_point[static_cast<size_t>(i)]; }
};

/// Reads a scale (float32) and optional zero point; checks that both are
/// scalars or 1-D of equal length. `what` names the pair in messages.
QuantInput read_quant_input(const KernelArgs& a, size_t scale_idx, size_t zp_idx, const char* what);

/// Checks that q holds 1 value or `n` (the size of the quantized axis).
void check_quant_count(const KernelArgs& a, const QuantInput& q, int64_t n, const char* what);

/// Values of an integer tensor (int8/uint8/int16/uint16/int32) as int32.
std::vector<int32_t> int32_values(const Tensor& t);

/// Fills an int8/uint8/int16/uint16/int32 tensor of dtype t from int64 values already in range.
void store_ints(Tensor& t, const std::vector<int64_t>& v);

}  // namespace tinyc::ref
