// Whole-model agreement of tinyc's int8 reference with onnxruntime (and with
// golden outputs where a model has them: TensorFlow Lite Micro's for MLPerf Tiny). End to
// end, onnxruntime's float simulation of a QDQ graph drifts away from integer
// arithmetic layer by layer, so whole models are judged by top-1 agreement and
// output SQNR, and the largest difference in LSB is reported.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "int8_vs_ort/agreement.h"
#include "int8_vs_ort/ort_batch.h"

namespace tinyc::test {

struct ModelCase {
  ModelCase(std::string label_, std::string model_) : label(std::move(label_)), model(std::move(model_)) {}
  std::string label;                      ///< its row in the table
  std::string model;                      ///< .onnx path: tinyc and onnxruntime read the same file
  std::vector<std::string> shape_specs;   ///< for tinyc's import, e.g. {"unk__68=4"} (a symbolic batch)
  std::vector<std::vector<Tensor>> runs;  ///< the inputs of each run (float, int8 or uint8, as the model takes them)
  int64_t samples_per_run = 1;
  int64_t classes = 0;                    ///< classifier output: values per row (top-1), 0: none
  /// Golden int8 outputs of a third implementation, one per run, or empty:
  /// TFLite Micro's for the MLPerf Tiny models, the shipped test outputs for
  /// onnx2c's QLinear op tests.
  std::vector<Tensor> golden;
  // What the test asserts (with the reason where the case is built):
  double min_sqnr_db = 0;        ///< output SQNR against onnxruntime at least this
  int64_t max_top1_misses = 0;   ///< classifier rows where the two may pick different classes
};

struct ModelResult {
  Agreement vs_ort;            ///< tinyc against onnxruntime
  bool has_golden = false;
  LsbDiff ours_vs_golden;      ///< tinyc against the golden outputs
  LsbDiff ort_vs_golden;       ///< onnxruntime against the golden outputs
  std::string error;           ///< what failed ("" when the comparison ran)
};

/// onnxruntime's runs for `cases`, in order (one OrtRun per entry of runs).
std::vector<OrtRun> ort_runs(const std::vector<ModelCase>& cases);

/// Runs `c` in tinyc (load_model -> build_int8 -> run_int8, float inputs
/// quantized with the int8 input's parameters) and compares with `ort`, the
/// onnxruntime results of c's runs.
ModelResult compare_model(const ModelCase& c, const OrtResult* ort);

/// Prints the header of the table, then one row per call.
void print_model_header();
void print_model_row(const ModelCase& c, const ModelResult& r);

}  // namespace tinyc::test

namespace tinyc::test {

/// Runs `cases` in onnxruntime (one process) and in tinyc, prints the table
/// and checks each case's floors (doctest CHECKs). Returns the results.
std::vector<ModelResult> check_models(const std::vector<ModelCase>& cases);

}  // namespace tinyc::test
