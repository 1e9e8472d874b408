// Finding every node tinyc cannot compile, before anything else can fail, so
// that one Error lists them all.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "frontend/proto_nodes.h"

namespace tinyc::frontend {

struct UnsupportedNode {
  std::string node;  ///< the node's name
  std::string text;  ///< the entry for messages, below
};

/// One entry per unsupported node, in graph order:
///   "node 'a' (LSTM)"                      op tinyc does not implement
///   "node 'b' (Foo-1 in com.example)"      same, outside the default domain
///   "node 'c' (Resize-13): mode 'linear' is not supported (only 'nearest')"
///   "node 'd' (Cast-22): input 'x' is bfloat16, which tinyc does not compute in"
/// `types` maps value names to their declared ONNX element type (-1: not a tensor).
std::vector<UnsupportedNode> scan_unsupported(const std::vector<ConvertedNode>& nodes,
                                          const std::map<std::string, int64_t>& opsets,
                                          const std::map<std::string, int>& types);

/// The reason a value of ONNX element type `t` cannot be computed on, or "".
std::string unsupported_type_reason(int t);

}  // namespace tinyc::frontend
