// Graph-rewriting helpers shared by the passes.
#include "passes/rewrite.h"

#include <algorithm>

namespace tinyc::passes {

size_t use_count(const Graph& g, const std::string& name) {
  if (name.empty()) return 0;
  size_t uses = 0;
  for (const Node& n : g.nodes) uses += static_cast<size_t>(std::count(n.inputs.begin(), n.inputs.end(), name));
  return uses;
}

bool has_single_use(const Graph& g, const std::string& name) {
  return use_count(g, name) == 1 && !g.is_graph_output(name);
}

const Tensor* constant_or_null(const Graph& g, const std::string& name) {
  if (name.empty()) return nullptr;
  auto it = g.tensors.find(name);
  return it != g.tensors.end() && it->second.is_constant ? &it->second : nullptr;
}

void replace_uses(Graph& g, const std::string& from, const std::string& to) {
  for (Node& n : g.nodes) std::replace(n.inputs.begin(), n.inputs.end(), from, to);
}

void rename_tensor(Graph& g, const std::string& from, const std::string& to) {
  if (from == to) return;
  for (Node& n : g.nodes) {
    std::replace(n.inputs.begin(), n.inputs.end(), from, to);
    std::replace(n.outputs.begin(), n.outputs.end(), from, to);
  }
  std::replace(g.inputs.begin(), g.inputs.end(), from, to);
  std::replace(g.outputs.begin(), g.outputs.end(), from, to);
  auto it = g.tensors.find(from);
  if (it == g.tensors.end()) return;
  Tensor t = std::move(it->second);
  g.tensors.erase(it);
  t.name = to;
  g.add_tensor(std::move(t));
}

void erase_nodes(Graph& g, const std::vector<bool>& dead) {
  std::vector<Node> kept;
  kept.reserve(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (i >= dead.size() || !dead[i]) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

}  // namespace tinyc::passes
