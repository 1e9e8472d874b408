// eliminate_dead_nodes: removes nodes none of whose outputs reach a graph
// output, then every tensor nothing refers to any more.
#include <set>

#include "passes/rewrite.h"
#include "tinyc/passes.h"

namespace tinyc {

void eliminate_dead_nodes(Graph& g) {
  // Walk backwards from the outputs: in topological order every consumer comes
  // after its producers, so one reverse sweep finds all live nodes.
  std::set<std::string> live(g.outputs.begin(), g.outputs.end());
  std::vector<bool> dead(g.nodes.size(), true);
  for (size_t i = g.nodes.size(); i-- > 0;) {
    const Node& n = g.nodes[i];
    for (const auto& out : n.outputs)
      if (!out.empty() && live.count(out)) dead[i] = false;
    if (!dead[i]) live.insert(n.inputs.begin(), n.inputs.end());
  }
  passes::erase_nodes(g, dead);
  g.remove_unused_tensors();
}

}  // namespace tinyc
