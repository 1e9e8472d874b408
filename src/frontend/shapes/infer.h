// Running the shape rules over a graph (infer_shapes) with the options the
// importer needs beyond the public API.
#pragma once

#include <cstdint>

#include "tinyc/ir.h"

namespace tinyc::shapes {

struct InferOptions {
  /// Largest element count of any one output (guards absurd shapes).
  int64_t max_elements = int64_t{1} << 31;
  /// For inspect: nodes without a rule (kept unsupported ops) and nodes fed by
  /// tensors of unknown type get outputs of DType::Undefined instead of an
  /// Error, unless the output tensor already has a type (from ONNX inference).
  bool lenient = false;
};

/// Fills in the shape and dtype of every node output, in node order (nodes
/// must be topologically sorted). Values of shape-computing nodes whose inputs
/// are known (Shape of a static tensor, constants, ...) are evaluated on the
/// way with the float reference, so Reshape/Slice/... inputs computed by
/// PyTorch-style shape chains are known. Throws Error naming the node.
void infer_graph(Graph& g, const InferOptions& opts);

/// Largest tensor whose value infer_graph computes for shape chains.
constexpr int64_t kMaxEvaluatedElements = 1 << 16;

}  // namespace tinyc::shapes
