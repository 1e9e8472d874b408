// remove_identities: drops Identity and inference-mode Dropout, rewiring their
// consumers to the node's input, and keeping every graph output's name.
#include "passes/rewrite.h"
#include "tinyc/passes.h"

namespace tinyc {
namespace {

// Dropout is the identity in inference, unless its mask is read (then the
// node computes something) or it is told to train.
bool is_inference_dropout(const Graph& g, const Node& n) {
  if (n.outputs.size() > 1) {
    const std::string& mask = n.outputs[1];
    if (!mask.empty() && (passes::use_count(g, mask) > 0 || g.is_graph_output(mask))) return false;
  }
  if (n.has_input(2)) {  // training_mode (opset 12+): must be a constant false
    const Tensor* training = passes::constant_or_null(g, n.input(2));
    if (!training) return false;
    for (int64_t v : training->to_int64())
      if (v != 0) return false;
  }
  return true;
}

bool is_identity(const Graph& g, const Node& n) {
  if (!n.domain.empty() || !n.has_input(0) || n.outputs.empty() || n.outputs[0].empty()) return false;
  if (n.op_type == "Identity") return true;
  return n.op_type == "Dropout" && is_inference_dropout(g, n);
}

// Removes node `i` (an identity from x to y) if the graph can do without it.
bool remove_one(Graph& g, size_t i) {
  const std::string x = g.nodes[i].inputs[0], y = g.nodes[i].outputs[0];
  if (!g.is_graph_output(y)) {
    g.nodes.erase(g.nodes.begin() + static_cast<std::ptrdiff_t>(i));
    passes::replace_uses(g, y, x);
    return true;
  }
  // y is a graph output: its name must survive (the generated API and the
  // tests refer to it), so x takes the name y. That is only possible when x
  // is a value of our own: not a graph input or another graph output, whose
  // names must survive too.
  const bool x_is_ours = g.producer(x) >= 0 || g.is_constant(x);
  if (!x_is_ours || g.is_graph_output(x)) return false;
  g.nodes.erase(g.nodes.begin() + static_cast<std::ptrdiff_t>(i));
  passes::rename_tensor(g, x, y);
  return true;
}

}  // namespace

void remove_identities(Graph& g) {
  bool changed = false;
  for (size_t i = 0; i < g.nodes.size();) {
    if (is_identity(g, g.nodes[i]) && remove_one(g, i)) {
      changed = true;  // the next node now sits at index i
    } else {
      ++i;
    }
  }
  if (changed) g.remove_unused_tensors();
}

}  // namespace tinyc
