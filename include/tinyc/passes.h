// tinyc — graph passes: functions from graph to graph, each with a name and a
// one-line summary, listed in one registry; the pipeline is one flat function.
#pragma once

#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc {

struct PassInfo {
  const char* name;
  const char* summary;
  void (*run)(Graph&);
};

/// Every pass, in the order the float pipeline runs them, then the one code
/// generation runs (schedule-memory).
const std::vector<PassInfo>& pass_registry();
/// The registered pass called `name` (e.g. "fold-batchnorm"); throws Error
/// (ErrorKind::Usage) listing the known names when there is none.
const PassInfo& find_pass(const std::string& name);

/// Folds nodes whose inputs are all constant into constants (shape subgraphs
/// collapse: Shape/Gather/Cast/Concat/Unsqueeze chains become constants).
void fold_constants(Graph& g);
/// Drops Identity and inference-mode Dropout, rewiring their consumers.
void remove_identities(Graph& g);
/// Folds BatchNormalization into the preceding Conv/Gemm when that one feeds only it;
/// a lone BatchNormalization on a 4-D tensor becomes a depthwise 1x1 Conv.
void fold_batchnorm(Graph& g);
/// Fuses Relu and constant-bound Clip into the producing Conv/Gemm/MatMul/Add/...
/// (attributes tinyc.activation, tinyc.act_min, tinyc.act_max).
void fuse_activations(Graph& g);
/// Removes nodes none of whose outputs reach a graph output, and unused tensors.
void eliminate_dead_nodes(Graph& g);

/// Reorders the nodes into the topological order with the lowest peak of
/// simultaneously live activation bytes (an exact search over the sets of
/// nodes already run; the graph keeps its order when that search would be too
/// large or nothing is gained). generate_code runs it on the int8 graph.
void schedule_for_memory(Graph& g);
/// The peak of simultaneously live activation bytes when the nodes run in
/// the graph's order: the live tensors plus the outputs being written, at the
/// worst node (graph inputs live from the start, outputs to the end).
int64_t peak_live_bytes(const Graph& g);

/// The cleanup pipeline run on every imported float or QDQ graph.
void run_float_pipeline(Graph& g);

/// A readable, stable text dump of the graph (format in docs/passes.md):
///   graph digits (opset 13)
///     input  %x : f32[1,1,8,8]
///     const  %w : f32[8,1,3,3]  (72 values)
///     %c1 : f32[1,8,8,8] = Conv(%x, %w, %b) {kernel_shape=[3,3], pads=[1,1,1,1]}  # node conv1
///     output %y
/// Quantized tensors add "q(s=0.0235, z=-128)" or "q(axis=0, 8 scales)".
std::string dump_ir(const Graph& g);

}  // namespace tinyc
