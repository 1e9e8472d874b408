// graph_totals: whole-graph figures for inspect and reports. Constants are
// counted once however many nodes read them; activations are the graph inputs
// and every node output that is not a constant.
#include <set>

#include "tinyc/analysis.h"

namespace tinyc {

GraphTotals graph_totals(const Graph& g) {
  GraphTotals t;
  std::set<std::string> constants, activations(g.inputs.begin(), g.inputs.end());
  for (const Node& n : g.nodes) {
    t.macs += node_macs(g, n);
    for (const auto& in : n.inputs)
      if (!in.empty() && g.is_constant(in)) constants.insert(in);
    for (const auto& o : n.outputs)
      if (!o.empty() && g.has_tensor(o) && !g.is_constant(o)) activations.insert(o);
  }
  for (const auto& name : constants) {
    const Tensor& c = g.tensor(name);
    t.params += num_elements(c.shape);
    t.weight_bytes += static_cast<int64_t>(num_elements(c.shape) * dtype_size(c.dtype));
  }
  for (const auto& name : activations) {
    const Tensor& a = g.tensor(name);
    if (a.dtype == DType::Undefined) continue;
    const int64_t bytes = num_elements(a.shape) * static_cast<int64_t>(dtype_size(a.dtype));
    if (bytes > t.largest_activation_bytes) {
      t.largest_activation_bytes = bytes;
      t.largest_activation = name;
    }
  }
  return t;
}

}  // namespace tinyc
