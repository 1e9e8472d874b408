// Building the Graph IR from a checked ModelProto, and the consistency checks
// after tinyc's shape inference.
#pragma once

#include <onnx/onnx_pb.h>

#include <map>
#include <string>
#include <vector>

#include "frontend/proto_nodes.h"
#include "tinyc/onnx_import.h"

namespace tinyc::frontend {

/// A value's type and static shape as the model or ONNX inference declares it.
struct DeclaredValue {
  DType dtype = DType::Undefined;
  Shape shape;
};

/// Graph from the model: initializers and Constant nodes become constant
/// tensors, graph inputs get `input_shapes`, nodes are taken from `nodes` (in
/// that order). Throws Error for duplicate or clashing names and bad
/// initializers. With
/// `lenient` (inspect), an initializer of a type tinyc does not support becomes
/// a constant of DType::Undefined without data instead of an Error.
Graph build_graph(const onnx::ModelProto& m, std::vector<ConvertedNode> nodes,
                  const std::map<std::string, Shape>& input_shapes, int64_t max_elements, bool lenient);

/// Every value_info / graph output of `g` whose type and shape are fully
/// static (to check tinyc's inference against).
std::map<std::string, DeclaredValue> declared_values(const onnx::GraphProto& g);

/// After infer_shapes: every graph output exists; tinyc's shapes and dtypes
/// agree with `declared` (Error naming the producing node otherwise); no
/// activation is empty. `skip_nodes` (unsupported, kept for inspect) are not checked.
void check_inferred(const Graph& g, const std::map<std::string, DeclaredValue>& declared,
                    const std::set<std::string>& skip_nodes);

}  // namespace tinyc::frontend
