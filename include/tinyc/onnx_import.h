// tinyc — the ONNX frontend: .onnx file -> Graph IR (and back, for QDQ output).
//
// import_onnx: parses the protobuf (models over 64 MB; external data whose
// paths stay inside the model's folder), runs onnx::checker and (for opsets
// onnx 1.12 knows) onnx::shape_inference, converts to the Graph IR, folds
// Constant nodes into constant tensors, checks every op against the supported
// set (listing *all* unsupported nodes in one Error), resolves symbolic
// dimensions from the options, propagates shapes with tinyc's own rules
// (infer_shapes), and sorts the nodes topologically.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc {

struct ImportOptions {
  /// Full shape for a graph input, by input name (CLI: --shape NAME=1x3x96x96).
  std::map<std::string, Shape> input_shapes;
  /// Value for a symbolic dimension, by its dim_param name (CLI: --shape batch=1).
  std::map<std::string, int64_t> dim_values;
  /// Largest accepted element count of any one tensor (guards absurd shapes).
  int64_t max_elements = int64_t{1} << 31;
};

/// Loads a model. Throws Error naming the file (and node/op where one applies).
/// Every node tinyc cannot compile is listed in one Error:
///   "unsupported ops: node 'a' (LSTM), node 'b' (Foo-1 in com.example),
///    node 'c' (Resize-13): mode 'linear' is not supported (only 'nearest')"
Graph import_onnx(const std::string& path, const ImportOptions& opts = {});

/// What import_onnx_keeping_unsupported found it could not compile.
struct ImportReport {
  std::vector<std::string> unsupported;      ///< one entry per node, as in import_onnx's Error
  std::set<std::string> unsupported_nodes;   ///< their node names
};
/// For inspect: like import_onnx, but nodes tinyc cannot compile are kept in
/// the graph and listed in `report` instead of thrown. Their outputs, and
/// values computed from them, get the dtype and shape ONNX shape inference
/// gave, or DType::Undefined (shape unknown) when it gave none.
Graph import_onnx_keeping_unsupported(const std::string& path, const ImportOptions& opts, ImportReport* report);
/// Same, from bytes in memory (used by the fuzzer); `display_name` appears in errors;
/// external data is resolved relative to `base_dir` ("" disables external data).
Graph import_onnx_bytes(const std::string& bytes, const std::string& display_name,
                        const ImportOptions& opts = {}, const std::string& base_dir = "");

/// A graph input as the model file declares it (before symbolic dimensions
/// are resolved): for tools that choose ImportOptions from the data at hand.
struct DeclaredInput {
  std::string name;
  DType dtype = DType::Undefined;
  bool has_shape = false;
  Shape dims;                       ///< -1 where the dimension is symbolic or unknown
  std::vector<std::string> params;  ///< the dim_param names ("" for fixed dims)
};
/// The graph inputs (initializers excluded) a model declares, in order.
/// Throws Error naming the file when it is not an ONNX model.
std::vector<DeclaredInput> declared_inputs(const std::string& path);

/// tinyc's own shape and dtype propagation for every supported op, at the
/// graph's opset: fills in / checks the shape of every node output. Throws
/// Error naming the node when inputs do not fit the op.
void infer_shapes(Graph& g);
/// Shapes and dtypes of one node's outputs from its inputs (used by passes that
/// create nodes). Output tensors must exist in g; their shape/dtype are set.
void infer_node_shapes(Graph& g, const Node& n);

/// Is (domain, op_type) at `opset` in tinyc's supported set? When not, `why`
/// says so (e.g. "ReduceMean-18 takes axes as an input; ..." or "not supported").
bool is_supported_op(const std::string& domain, const std::string& op_type, int64_t opset, std::string* why);
/// Every supported op type, "domain:op" for non-default domains, sorted.
std::vector<std::string> supported_ops();

/// Writes a Graph as an ONNX model (float or QDQ form; constants as initializers).
/// Written to a temporary file and renamed: never a half-written file.
void export_onnx(const Graph& g, const std::string& path);

}  // namespace tinyc
