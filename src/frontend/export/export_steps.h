// The steps export_onnx takes on a copy of the graph before writing it: turn
// tinyc's fused activations back into ONNX nodes, and raise the opset when
// quantization nodes need it.
#pragma once

#include "tinyc/ir.h"

namespace tinyc::frontend {

/// Replaces every tinyc.activation attribute by a Relu or Clip node after its
/// node (the node's output gets a new name "<out>_preact"), and drops every
/// other tinyc.* attribute, so that onnxruntime and Netron read the file.
void unfuse_activations(Graph& g);

/// Rewrites the nodes whose ONNX form changed between the graph's default-
/// domain opset and `target` (13 at most): Clip/Pad/Slice/Squeeze/Unsqueeze
/// attributes become inputs, Softmax's 2-D coercion becomes Reshape-Softmax-
/// Reshape when it differs, Upsample and Resize-10 become Resize-13, Dropout
/// and BatchNormalization lose attributes opset 13 does not have. Sets the
/// graph's opset to `target`. Throws Error naming a node it cannot rewrite.
void upgrade_opset(Graph& g, int64_t target);

}  // namespace tinyc::frontend
