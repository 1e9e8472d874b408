// Runs one ONNX backend node test (model.onnx + test_data_set_*/) through
// import_onnx and run_float, and compares with the expected outputs.
#pragma once

#include <string>

namespace tinyc::conformance {

enum class Outcome { Passed, Failed, Unsupported };

/// How outputs are compared: like the ONNX backend runner (float outputs
/// within rtol 1e-3 / atol 1e-7, integer and bool outputs exactly), or every
/// output bit for bit.
enum class Compare { OnnxTolerance, BitExact };

struct NodeTestResult {
  std::string name;
  Outcome outcome = Outcome::Failed;
  std::string detail;               ///< why it failed or was refused ("" when passed)
  bool op_types_supported = false;  ///< every node's op type is in the importer's supported set
  bool constant_inputs = false;     ///< run with shape-like inputs baked in as constants (see below)
};

/// Imports dir/model.onnx with the data's input shapes and runs every
/// test_data_set_*. tinyc compiles static shapes: when the import refuses the
/// model only because an input that must be known at compile time (a shape,
/// axes, pads, ...) is a graph input, the test is run again with those inputs
/// baked into the model as constants (constant_inputs is then set).
NodeTestResult run_node_test(const std::string& dir, Compare mode);

const char* outcome_name(Outcome o);

}  // namespace tinyc::conformance
