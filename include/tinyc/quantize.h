// tinyc — quantization: float graph -> QDQ graph (post-training static
// quantization), and QDQ / QOperator graph -> int8 graph (the IR that the int8
// reference interprets and the code generator emits). docs/quantization.md is
// the spec both follow.
//
//   float Graph --quantize_graph(calib)--> QDQ Graph --lower_to_int8--> int8 Graph
//   QOperator Graph --expand_qoperators--> QDQ Graph
//
// The int8 graph keeps ONNX op names, attributes and layout (NCHW), with
// every activation an I8 tensor with per-tensor QuantParams, weights I8 with
// per-channel (or per-tensor) symmetric params, biases I32 (scale s_in*s_w,
// zero point 0). Its op set and each op's integer meaning are listed in
// docs/quantization.md; the integer parameters (multipliers, clamps) are not
// stored: they are derived from the tensors' scales by qmath's prepare
// functions, by the reference and by the code generator alike.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc {

// ---- post-training static quantization (float -> QDQ) ----

enum class CalibrationMethod { MinMax, Percentile, Mse, Entropy };

struct QuantizeOptions {
  CalibrationMethod method = CalibrationMethod::MinMax;
  bool per_channel_weights = true;   ///< false: --per-tensor-weights
  double percentile = 99.99;          ///< for Percentile
  int histogram_bins = 2048;          ///< for Mse / Entropy
  /// Called with (done, total) samples during calibration (progress bar).
  std::function<void(size_t, size_t)> progress;
};

/// Calibrates `g` (a float graph, cleaned by run_float_pipeline) on `calib`
/// (one Tensor per graph input, each with a leading sample dimension N, or
/// exactly the input shape for one sample) and returns the QDQ graph:
/// QuantizeLinear/DequantizeLinear around every activation, int8 weight
/// initializers (symmetric, -127..127, per output channel), int32 biases.
/// Parameters are shared where an op needs it (Concat, Reshape/pooling
/// pass-through, Softmax output 1/256 with zero point -128).
/// Throws Error when there is no calibration sample.
Graph quantize_graph(const Graph& g, const std::vector<Tensor>& calib, const QuantizeOptions& opts = {});

// ---- pre-quantized models (QOperator / QDQ -> int8) ----

/// Rewrites QLinearConv, QLinearMatMul, ConvInteger?, MatMulInteger? and the
/// com.microsoft QLinearAdd/QLinearMul/QLinearAveragePool/
/// QLinearGlobalAveragePool/QLinearSoftmax into DequantizeLinear -> float op ->
/// QuantizeLinear, and wraps data-movement ops that act directly on
/// quantized tensors (MaxPool, Reshape, Transpose ... on uint8/int8) the same
/// way, so that every quantized model reaches lower_to_int8 in QDQ form.
void expand_qoperators(Graph& g);

/// One remark about a node's quantization that the user should know, e.g.
/// "weights had zero point 3: requantized to symmetric int8".
struct QuantNote {
  std::string node, op, message;
};

struct Int8Lowering {
  Graph graph;                  ///< the int8 graph
  std::vector<QuantNote> notes; ///< what could not be kept exactly, and what was done
  /// int8 tensor -> the float tensor of the QDQ graph it quantizes (the input
  /// of its QuantizeLinear, or the float op output it stands for): what the
  /// quality report compares each int8 tensor with.
  std::map<std::string, std::string> float_names;
};

/// Lowers a QDQ graph (after run_float_pipeline and expand_qoperators) to the
/// int8 IR. uint8 activations are shifted exactly to int8 (zero point - 128).
/// Graph inputs/outputs become the int8 tensors at the Q/DQ boundary; their
/// QuantParams tell the user how to convert float data. Throws Error naming
/// every node that has no int8 meaning or lacks quantization parameters.
Int8Lowering lower_to_int8(const Graph& qdq);

/// Is this graph already quantized (has QuantizeLinear/DequantizeLinear/QLinear*)?
bool is_quantized_model(const Graph& g);

}  // namespace tinyc
