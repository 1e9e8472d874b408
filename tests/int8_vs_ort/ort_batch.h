// onnxruntime runs in bulk: the same oracle as tests/common/oracle.h (the
// pinned onnxruntime-node, graph optimizations disabled, one thread), but all
// runs of a test in one Node.js process (run_ort_batch.js). Each process start
// costs about 0.2 s of CPU and this suite makes ~150 runs.
// Call tinyc::test::require_oracle() first: it checks that the oracle exists.
#pragma once

#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::test {

struct OrtRun {
  std::string model;           ///< .onnx path
  std::vector<Tensor> inputs;  ///< in graph-input order: float32, int8, uint8, int32 or int64
};

struct OrtResult {
  std::vector<Tensor> outputs;  ///< in graph order, named after the model's outputs
  std::string error;            ///< onnxruntime's message when this run failed ("" otherwise)
};

/// Runs every run in one Node.js process, in order. A failing run fills its
/// `error` and the others still run; a failure of the process itself (Node
/// missing, bad job file) throws std::runtime_error.
std::vector<OrtResult> run_onnxruntime_many(const std::vector<OrtRun>& runs);

}  // namespace tinyc::test
