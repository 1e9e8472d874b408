// onnxruntime as the outside oracle: runs a model through tests/oracle/run_ort.js
// (Node.js + onnxruntime-node, pinned in tests/oracle/package-lock.json and
// installed by scripts/setup-oracle.sh).
//
// Tests that need the oracle call require_oracle(): when onnxruntime is
// missing it throws (the test fails) unless TINYC_ALLOW_NO_ORACLE=1 is set, in
// which case it prints a SKIP line and returns false. The test command
// (scripts/test.sh) installs the oracle, so in CI a missing oracle is an error.
#pragma once

#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::test {

/// Are Node.js and the pinned onnxruntime-node usable? Loads the package once
/// per process (the answer is cached); `why` receives the reason when not.
bool ort_available(std::string* why);

/// True when onnxruntime can be used. When it cannot: throws std::runtime_error
/// naming the reason, or — only with TINYC_ALLOW_NO_ORACLE=1 in the
/// environment — reports "SKIP <what>: ..." and returns false.
bool require_oracle(const std::string& what);

/// Runs `model` with onnxruntime on `inputs` (in graph-input order; float32,
/// int8, uint8, int32, int64 or bool). Graph optimizations are disabled unless
/// `optimize` (so QDQ graphs run as written). Returns the outputs in graph
/// order, each named after the model's output. Throws std::runtime_error with
/// onnxruntime's message on failure.
std::vector<Tensor> run_onnxruntime(const std::string& model, const std::vector<Tensor>& inputs,
                                    bool optimize = false);

/// How far `actual` is from `expected`, relative to the size of `expected`:
///   max_i |actual_i - expected_i| / max(max_i |expected_i|, 1e-6)
/// An error relative to the whole output, not per element: elements near zero
/// (where float summation order changes the last bits) are judged against the
/// output's scale. Shapes must match and both must be numeric; a NaN in either
/// (unless both are NaN at the same place) gives +infinity.
double relative_error(const Tensor& actual, const Tensor& expected);

}  // namespace tinyc::test
