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

/// Every pass, in the order the float pipeline runs them.
const std::vector<PassInfo>& pass_registry();

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

/// The cleanup pipeline run on every imported float or QDQ graph.
void run_float_pipeline(Graph& g);

/// A readable text dump of the graph ("%out:1x8x4x4:f32 = Conv(%x, %w) {k=3x3}").
std::string dump_ir(const Graph& g);

}  // namespace tinyc
