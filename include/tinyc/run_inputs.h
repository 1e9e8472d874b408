// tinyc — feeding .npy arrays to a model, as `tinyc run` does (docs/usage.md):
// matching arrays to graph inputs, lossless dtype conversion, running sample
// by sample when the arrays hold several, and stacking the outputs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/onnx_import.h"

namespace tinyc {

/// How arrays map onto a model's inputs.
struct RunPlan {
  ImportOptions import;  ///< the caller's options, plus symbolic batch dimensions fixed from the data
  int64_t samples = 1;   ///< how many runs
  /// How samples are cut from each array and outputs put back together:
  ///  - Whole: the array is the input (one run);
  ///  - ExtraAxis: the array has one more leading dimension than the input:
  ///    sample i is array[i]; outputs are stacked along a new leading axis;
  ///  - BatchAxis: the input's leading dimension is 1 (or symbolic, then fixed
  ///    to 1) and the array's is N: sample i is array[i:i+1]; outputs are
  ///    concatenated along axis 0.
  enum class Split { Whole, ExtraAxis, BatchAxis } split = Split::Whole;
};

/// Decides the plan from the declared inputs and the arrays (one per input, in
/// graph-input order; `files` name them in messages). Throws Error (Usage for
/// a wrong count) naming the file and input when an array cannot feed its input.
RunPlan plan_run(const std::vector<DeclaredInput>& inputs, const std::vector<Tensor>& arrays,
                 const std::vector<std::string>& files, const ImportOptions& base);

/// Converts `a` to dtype `to` when every value survives the conversion
/// (e.g. int8 -> float32, or float32 holding small integers -> int8);
/// otherwise Error naming `file`.
Tensor convert_lossless(const Tensor& a, DType to, const std::string& file);

/// Runs `run` once per sample of `arrays` on the imported graph `g`, with each
/// sample converted to the input's dtype and checked against its shape, and
/// puts the outputs together per `plan`. `run` takes the inputs in graph-input
/// order and returns the graph outputs (run_float, or another interpreter).
using GraphRunner = std::function<std::vector<Tensor>(const std::vector<Tensor>& inputs)>;
std::vector<Tensor> run_on_arrays(const Graph& g, const std::vector<Tensor>& arrays, const std::vector<std::string>& files,
                                  const RunPlan& plan, const GraphRunner& run);

/// The file each output goes to for --output PATH: PATH itself for one output;
/// for several, "_<index>" before the extension (out.npy -> out_0.npy, out_1.npy).
std::vector<std::string> output_paths(const std::string& path, size_t outputs);

}  // namespace tinyc

namespace tinyc {

/// One line describing a result for the terminal: dtype, shape, min/max/mean,
/// the first values, and the argmax of the last axis for each leading row
/// (up to 8 rows), e.g. "float32 1x10  min -2.1  max 7.3  mean 0.42  argmax 3  values 0.12 -1.5 ...".
std::string summarize_output(const Tensor& t);

}  // namespace tinyc
