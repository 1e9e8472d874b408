// NodeProto -> IR Node conversion, and the element types a model declares for
// its values (used to refuse nodes on types tinyc does not compute in before
// any data is converted).
#pragma once

#include <onnx/onnx_pb.h>

#include <map>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::frontend {

struct ConvertedNode {
  Node node;
  /// Attributes the IR cannot hold ("attribute 'body' is a graph"): such a node
  /// is reported unsupported.
  std::vector<std::string> bad_attrs;
};

/// Converts every node: domain "ai.onnx" becomes "", unnamed nodes are named
/// "<op>_<index>" and duplicate names get a suffix, so messages can name them.
std::vector<ConvertedNode> convert_nodes(const onnx::GraphProto& g, int64_t max_elements);

/// ONNX element type of every value the graph declares a type for: inputs,
/// outputs, value_info, initializers and Constant node outputs.
std::map<std::string, int> declared_types(const onnx::GraphProto& g);

}  // namespace tinyc::frontend
