// tinyc — reference interpreters. Plain and independent: they define what the
// generated code must compute.
//
// Float reference: ONNX semantics for every supported op (Eigen for the
// GEMM-heavy ones), including the integer shape ops (Shape, Gather, Cast, ...)
// that constant folding evaluates, and QuantizeLinear/DequantizeLinear.
#pragma once

#include <functional>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc {

/// Called after each node with its output values (calibration, per-tensor SQNR).
using NodeObserver = std::function<void(const Node& n, const std::vector<Tensor>& outputs)>;

/// Evaluates one node in float semantics at `opset`. inputs[i] is nullptr for an
/// omitted optional input. Returns one Tensor per node output (shape, dtype, data).
/// Throws Error naming the node for inputs the op cannot take.
std::vector<Tensor> eval_node_float(const Node& n, const std::vector<const Tensor*>& inputs, int64_t opset);

/// Runs a float (or QDQ) graph. `inputs` are in graph-input order and must
/// match the input shapes and dtypes. Returns the graph outputs in order.
std::vector<Tensor> run_float(const Graph& g, const std::vector<Tensor>& inputs,
                              const NodeObserver& observer = nullptr);

}  // namespace tinyc
