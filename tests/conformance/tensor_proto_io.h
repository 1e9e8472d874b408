// Reading the ONNX backend-test data files (serialized onnx.TensorProto) and
// model graph inputs with the onnx protobuf classes, independently of the
// frontend, into tinyc values.
#pragma once

#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::conformance {

/// Reads one input_N.pb / output_N.pb. Returns false with `why` set when the
/// file cannot be read or holds a type tinyc has no DType for.
bool load_tensor_proto(const std::string& path, Tensor& out, std::string& why);

/// What the test needs to know about a model before importing it.
struct ModelSummary {
  std::vector<std::string> inputs;   ///< graph inputs that are not initializers, in order
  std::vector<std::string> outputs;  ///< graph outputs, in order
  std::vector<std::string> ops;      ///< "op" or "domain:op" of every node (top-level graph)
};
bool read_model_summary(const std::string& path, ModelSummary& out, std::string& why);

/// The model at `path` serialized again with the given graph inputs turned
/// into initializers holding the given values (tinyc compiles static shapes,
/// so node tests that feed shapes, axes or pads as inputs are run with those
/// inputs as constants). Returns "" when the model cannot be read.
std::string model_with_constant_inputs(const std::string& path, const std::vector<Tensor>& values);

}  // namespace tinyc::conformance
