// The pass registry: every pass with its name and one-line summary.
#include <algorithm>

#include "tinyc/error.h"
#include "tinyc/passes.h"

namespace tinyc {

const std::vector<PassInfo>& pass_registry() {
  // In the order run_float_pipeline runs them (see pipeline.cpp for why),
  // then the one code generation runs.
  static const std::vector<PassInfo> passes = {
      {"remove-identities", "drop Identity and inference Dropout, rewiring their consumers", remove_identities},
      {"fold-constants", "evaluate nodes with constant inputs (and Shape of static shapes) into constants",
       fold_constants},
      {"eliminate-dead-nodes", "remove nodes that reach no graph output, and unused tensors", eliminate_dead_nodes},
      {"fold-batchnorm", "fold BatchNormalization into the Conv/Gemm before it, else into a depthwise 1x1 Conv",
       fold_batchnorm},
      {"fuse-activations", "fuse Relu and constant Clip into the producing Conv/Gemm/MatMul/Add/Sub/Mul/pool",
       fuse_activations},
      // Not in run_float_pipeline: generate_code runs it on the int8 graph,
      // whose tensor sizes are the ones the arena holds.
      {"schedule-memory", "reorder the nodes into the topological order with the lowest peak of live bytes",
       schedule_for_memory},
  };
  return passes;
}

const PassInfo& find_pass(const std::string& name) {
  const auto& all = pass_registry();
  auto it = std::find_if(all.begin(), all.end(), [&](const PassInfo& p) { return name == p.name; });
  if (it != all.end()) return *it;
  std::string known;
  for (const auto& p : all) known += (known.empty() ? "" : ", ") + std::string(p.name);
  fail("unknown pass '" + name + "' (passes: " + known + ")", ErrorKind::Usage);
}

}  // namespace tinyc
