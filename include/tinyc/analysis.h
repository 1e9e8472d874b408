// tinyc — static facts about nodes and graphs, shared by inspect, compile and reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/onnx_import.h"

namespace tinyc {

/// Multiply-accumulates of one node. Only convolutions (Conv, ConvInteger,
/// QLinearConv: output elements x C/group x kernel elements) and matrix
/// products (Gemm, MatMul, MatMulInteger, QLinearMatMul: output elements x K)
/// count; pooling, elementwise ops, Softmax and data movement count 0.
int64_t node_macs(const Graph& g, const Node& n);
/// Parameter count of a node: elements of its constant inputs (each once).
int64_t node_params(const Graph& g, const Node& n);
/// A short human summary of the node's attributes, e.g. "k=3x3 s=2 p=0,0,1,1 g=16":
/// k kernel, s strides, p pads, d dilations, g group (left out at their
/// defaults), other attributes as name=value, a fused activation as "+Relu".
std::string node_param_summary(const Node& n);

struct GraphTotals {
  int64_t params = 0;         ///< elements of all constants read by nodes, each once
  int64_t macs = 0;           ///< sum of node_macs
  int64_t weight_bytes = 0;   ///< bytes of those constants in their dtypes
  int64_t largest_activation_bytes = 0;  ///< largest graph input or node output
  std::string largest_activation;        ///< its name
};
GraphTotals graph_totals(const Graph& g);

/// The report `tinyc inspect` prints (docs/usage.md): inputs and outputs
/// (dtype, shape), one row per node (name, op, output shape, attribute
/// summary, MACs, weight bytes; nodes in report.unsupported_nodes marked "!"
/// and shapes ONNX could not give shown as "?"), totals, and the unsupported
/// list. Deterministic: the same graph gives the same text.
std::string inspect_text(const Graph& g, const ImportReport& report);
/// The same as one JSON object: {"model", "graph", "opsets", "inputs",
/// "outputs", "nodes", "totals", "unsupported"}; unknown shapes are null.
std::string inspect_json(const Graph& g, const ImportReport& report);

}  // namespace tinyc
