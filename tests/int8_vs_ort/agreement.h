// Measures of agreement between tinyc's int8 outputs and another
// implementation's (onnxruntime, TFLite Micro's golden outputs), in the
// quantization steps (LSB) of tinyc's int8 output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::test {

/// The codes of an int8 or uint8 tensor as int8 values. uint8 is shifted by
/// -128, tinyc's exact uint8 -> int8 conversion (zero point - 128 as well), so
/// a uint8 output of onnxruntime compares with tinyc's int8 output code for code.
std::vector<int> int8_codes(const Tensor& t);

/// An int8 or uint8 tensor as int8 (the same shift), for feeding tinyc.
Tensor as_int8(const Tensor& t);

/// Another implementation's output in the parameters `q` of tinyc's int8
/// output, as codes: int8 as is, uint8 shifted; float (a DequantizeLinear's
/// output, or a float op such as a Softmax tail) quantized with q (round half
/// to even, saturated; exact when the value lies on q's grid).
std::vector<int> codes_in(const Tensor& t, const QuantParams& q);
/// The same output as real values: float as is, codes dequantized with q.
std::vector<double> real_values(const Tensor& t, const QuantParams& q);
/// A code's real value, (code - z) * s in float32 like DequantizeLinear.
float dequantize(int code, const QuantParams& q);

/// Element-by-element difference of two code vectors of equal length.
struct LsbDiff {
  int64_t elements = 0;
  int64_t max = 0;        ///< largest |a - b|
  int64_t at_one = 0;     ///< elements exactly 1 LSB apart
  int64_t above_one = 0;  ///< elements more than 1 LSB apart
  void add(const std::vector<int>& a, const std::vector<int>& b);
};

/// Whole-output agreement accumulated over samples: top-1 (for classifiers),
/// LSB differences (codes in tinyc's output parameters) and SQNR of tinyc's
/// dequantized output against the reference's real values:
/// 10 log10(sum theirs^2 / sum (ours - theirs)^2).
struct Agreement {
  int64_t samples = 0;
  int64_t rows = 0;        ///< classifier rows compared (samples x rows per sample)
  int64_t top1_equal = 0;
  LsbDiff lsb;
  double signal = 0, noise = 0;
  /// The output of `n_samples` samples: tinyc's codes `ours` (parameters q)
  /// against `theirs` (int8, uint8 or float). `classes`: the output is a
  /// classifier's with that many values per row (the last dimension; top-1 is
  /// compared per row), or 0 (no top-1).
  void add(const std::vector<int>& ours, const Tensor& theirs, const QuantParams& q, int64_t n_samples,
           int64_t classes);
  double sqnr_db() const;  ///< +inf when identical
};

/// Index of the largest of n values (the first of equals); int and double.
template <class T>
int64_t argmax(const T* v, int64_t n);

/// "inf" or the value with two decimals.
std::string db_text(double db);

}  // namespace tinyc::test
