// Helpers of the float-vs-onnxruntime test: deterministic inputs, samples of
// stacked .npy files, ONNX test-set tensors, and the comparison itself.
//
// The rule (see also relative_error in common/oracle.h): for every output of
// every run, max|tinyc - onnxruntime| / max(max|onnxruntime|, 1e-6) <= 1e-4,
// where tinyc is run_float on the graph as imported AND on the graph after
// run_float_pipeline (BN folding, activation fusion, ...). Shapes and dtypes
// must be equal. QDQ graphs use a rule in quantization steps instead (below).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/onnx_import.h"

namespace tinyc::test {

/// The float tolerance: relative to the output's largest magnitude.
constexpr double kFloatTolerance = 1e-4;

/// Values uniform in [lo, hi) from std::mt19937 seeded with `seed`; the bits
/// to float step is written out here, so every standard library gives the same values.
Tensor seeded_tensor(const std::string& name, const Shape& shape, uint32_t seed, float lo = -1.0f, float hi = 1.0f);
/// One seeded input per graph input (float inputs only), seeds seed, seed+1, ...
std::vector<Tensor> seeded_inputs(const Graph& g, uint32_t seed, float lo = -1.0f, float hi = 1.0f);
/// A seed from a name (FNV-1a), so each model gets its own fixed inputs.
uint32_t seed_of(const std::string& name);

/// Sample i of a stacked array (N x ...), given the shape one sample has in the model.
Tensor sample_of(const Tensor& stacked, int64_t i, const Shape& shape);
/// Reads a float32 onnx TensorProto file (the ONNX backend test-set layout).
Tensor read_tensor_proto(const std::string& path);

/// What one model's comparison found.
struct OracleComparison {
  double worst = 0;          ///< largest error over runs, outputs and both graphs (rule's unit)
  std::string where;         ///< "run 1, output 'y' (after pipeline)" for the worst
  int runs = 0;
};

/// Imports `model`, runs it with run_float (as imported, and after the float
/// pipeline) and with onnxruntime on each input set; error per output is
/// relative_error. Throws (failing the test) when shapes or dtypes differ.
OracleComparison compare_float_with_ort(const std::string& model, const ImportOptions& opts,
                                        const std::vector<std::vector<Tensor>>& input_sets);

/// For QDQ graphs (float in, QuantizeLinear/DequantizeLinear inside): the
/// difference in units of the output's quantization step, i.e. the scale of
/// the DequantizeLinear that produces each output. Both sides round to the
/// same grid, so float summation order can only move a value by whole steps
/// where it sits on a rounding boundary.
OracleComparison compare_qdq_with_ort(const std::string& model, const ImportOptions& opts,
                                      const std::vector<std::vector<Tensor>>& input_sets);

}  // namespace tinyc::test
