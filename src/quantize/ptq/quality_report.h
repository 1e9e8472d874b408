// The quality report of a quantized model: how far the int8 model (the int8
// reference run_int8 on lower_to_int8 of the QDQ graph, exactly what the
// generated code computes) is from the float model on some data.
//
//   output SQNR   10 log10( sum f^2 / sum (f - q)^2 ) over every output value of every sample
//   cosine        sum f*q / (|f| |q|) over the same values
//   per tensor    the same SQNR for each int8 tensor, dequantized, against the
//                 float tensor it stands for (Int8Lowering::float_names), worst first
//   top-1         with labels: the argmax of the first output, float and int8
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/quantize.h"

namespace tinyc::ptq {

struct TensorQuality {
  std::string int8_name;   ///< tensor of the int8 graph
  std::string float_name;  ///< tensor of the float graph it is compared with
  double sqnr_db = 0;      ///< +inf when identical
  double cosine = 0;
};

struct QualityReport {
  size_t samples = 0;
  double output_sqnr_db = 0;
  double output_cosine = 0;
  std::vector<TensorQuality> tensors;  ///< worst SQNR first
  bool has_labels = false;
  double float_top1 = 0, int8_top1 = 0;  ///< fractions of samples
  double top1_agreement = 0;             ///< fraction where float and int8 pick the same class
  std::vector<QuantNote> notes;          ///< from the lowering
};

/// Runs both models on `data` (one Tensor per graph input, samples along a
/// leading axis as for calibration) and compares. `labels` (N integer class
/// ids), when not null, adds top-1 accuracy. `float_graph` is the graph that
/// was quantized (same tensor names), `qdq` the result of quantize_graph.
/// Samples run on all cores; sums are reduced in sample order (deterministic).
QualityReport quality_report(const Graph& float_graph, const Graph& qdq, const std::vector<Tensor>& data,
                             const Tensor* labels = nullptr);

/// Human-readable report; lists the `max_tensors` worst tensors.
std::string format_report_text(const QualityReport& r, size_t max_tensors = 10);
/// The same as one JSON object (every tensor listed). Infinite SQNR is written as null.
std::string format_report_json(const QualityReport& r);

/// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
std::string json_quote(const std::string& s);

/// 10 log10(signal / noise); +inf when noise is 0 (and signal > 0 or both 0).
double sqnr_db(double signal, double noise);

}  // namespace tinyc::ptq
