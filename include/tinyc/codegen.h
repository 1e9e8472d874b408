// tinyc — code generation: int8 graph -> a folder of freestanding C++11
// (NAME.h, NAME.cpp, optional NAME_selftest.cpp, runtime/ with only the
// kernels the model uses, sources.txt, CMakeLists.txt).
//
//   int8 Graph --build program--> kernel calls on physical buffers (NHWC inside)
//              --plan_memory-->   arena offsets
//              --emit-->          text files
//
// The generated API keeps the model's own layout (NCHW) at its inputs and
// outputs; inside, 3-D/4-D activations are channels-last for the kernels.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/planner.h"
#include "tinyc/targets.h"

namespace tinyc {

struct CodegenOptions {
  std::string name = "model";     ///< C identifier prefix of the API and file names
  Target target;
  bool caller_arena = false;      ///< NAME_invoke takes the arena instead of a static buffer
  /// Inputs and outputs live in the arena (like TFLite Micro's tensors): the
  /// caller may write/read them in place through NAME_input_buffer() /
  /// NAME_output_buffer(); NAME_invoke copies only when given other pointers.
  bool io_in_arena = false;
  /// int8 inputs for the self-test, one Tensor per graph input with a leading
  /// sample dimension (or exactly the input's shape for one sample).
  std::vector<Tensor> selftest_inputs;
  PlannerOptions planner;
  /// Benchmark builds: a marker before each op for the instruction counter.
  bool op_markers = false;
};

/// One row of the per-op summary.
struct OpSummary {
  std::string node, op, kernel;
  std::string in_shape, out_shape;
  int64_t macs = 0;
  int64_t weight_bytes = 0;
  int64_t out_offset = -1;        ///< arena offset of the output (-1: outside the arena)
  int64_t out_bytes = 0;
  int64_t scratch_bytes = 0;
};

struct CodegenResult {
  std::map<std::string, std::string> files;  ///< relative path -> contents
  MemoryPlan plan;
  std::vector<PlanBuffer> buffers;           ///< what was planned (for reports)
  std::vector<OpSummary> ops;
  int64_t weight_bytes = 0;                  ///< constant data emitted (weights, biases, tables)
  int64_t io_bytes = 0;                      ///< caller's input + output buffers
  std::vector<std::string> kernels;          ///< runtime kernels used
  /// -1 when the nodes run in the model's order; else the arena that order
  /// needed, beaten by the memory-aware schedule (schedule_for_memory) used.
  int64_t model_order_arena = -1;
};

/// Generates the sources for an int8 graph (lower_to_int8's output). Throws
/// Error listing every node the runtime has no kernel for, or a plan over the
/// RAM limit.
CodegenResult generate_code(const Graph& int8, const CodegenOptions& opts);

/// Writes the files into `dir`. Refuses (usage Error) when `dir` exists and
/// holds other files, unless `force`. Writes into a temporary sibling folder
/// and renames it into place, so a failure never leaves a half-written folder.
void write_output_dir(const CodegenResult& r, const std::string& dir, bool force);

/// The per-op table and totals as text (what `tinyc compile` prints).
std::string format_summary(const Graph& int8, const CodegenResult& r);
/// The same as one JSON object (`tinyc compile --json`): ops[], arena_bytes,
/// strategy, lower_bound, greedy_bytes, model_order_arena_bytes, io_bytes,
/// weight_bytes, macs, kernels, peak.
std::string summary_json(const Graph& int8, const CodegenResult& r);

/// Runtime source files embedded in tinyc at build time: relative path -> contents.
const std::map<std::string, std::string>& embedded_runtime_files();

}  // namespace tinyc
