// fold_constants: evaluates nodes whose inputs are all constant, and Shape/Size
// of statically shaped tensors, and replaces their outputs by constants.
//
// This is what collapses the Shape -> Gather -> Unsqueeze -> Concat -> Reshape
// chains PyTorch exports: Shape folds from the static shape, and every node
// after it then has constant inputs. Outputs keep their names, so a folded
// graph output stays a graph output (now a constant).
#include <algorithm>
#include <set>

#include "passes/rewrite.h"
#include "tinyc/error.h"
#include "tinyc/passes.h"
#include "tinyc/reference.h"

namespace tinyc {
namespace {

// Ops that must stay nodes even when their inputs are constant.
//  - Q/DQ and the integer ops: QDQ models keep their int8 weights behind a
//    DequantizeLinear; folding it would turn them into float weights and lose
//    the model's quantization.
//  - Random ops are not deterministic. Dropout may be in training mode; the
//    inference form is removed by remove_identities instead.
bool never_folded(const Node& n) {
  if (!n.domain.empty() && n.domain != "ai.onnx") return true;  // com.microsoft QLinear* & co.
  static const std::set<std::string> kept = {
      "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "ConvInteger", "MatMulInteger",
      "RandomNormal",   "RandomUniform",    "RandomNormalLike",      "RandomUniformLike",
      "Multinomial",    "Bernoulli",        "Dropout"};
  return kept.count(n.op_type) != 0 || n.op_type.rfind("QLinear", 0) == 0;
}

// Quantized tensors belong to an int8 graph, whose values the float evaluator
// would misread.
bool touches_quantized(const Graph& g, const Node& n) {
  for (const auto* names : {&n.inputs, &n.outputs})
    for (const auto& name : *names)
      if (g.has_tensor(name) && g.tensor(name).quant) return true;
  return false;
}

bool static_shape(const Shape& s) {
  return std::all_of(s.begin(), s.end(), [](int64_t d) { return d >= 0; });
}

// Shape (with the start/end of opset 15) or Size of a non-constant input whose
// shape is known: their value depends on the shape alone.
bool fold_from_shape(Graph& g, const Node& n) {
  if (n.op_type != "Shape" && n.op_type != "Size") return false;
  if (!n.has_input(0) || n.outputs.empty() || !g.has_tensor(n.input(0))) return false;
  const Shape& s = g.tensor(n.input(0)).shape;
  if (!static_shape(s)) return false;
  const std::string& out = n.outputs[0];
  if (n.op_type == "Size") {
    g.add_tensor(Tensor::from_int64(out, {}, {num_elements(s)}));
    return true;
  }
  const auto rank = static_cast<int64_t>(s.size());
  auto clamp_index = [rank](int64_t i) { return std::clamp(i < 0 ? i + rank : i, int64_t{0}, rank); };
  const int64_t start = clamp_index(n.attr_int("start", 0));
  const int64_t end = std::max(start, clamp_index(n.attr_int("end", rank)));
  std::vector<int64_t> dims(s.begin() + start, s.begin() + end);
  g.add_tensor(Tensor::from_int64(out, {static_cast<int64_t>(dims.size())}, dims));
  return true;
}

bool fold_by_evaluation(Graph& g, const Node& n) {
  std::vector<const Tensor*> inputs;
  bool any_input = false;
  for (const auto& name : n.inputs) {
    if (name.empty()) {
      inputs.push_back(nullptr);
      continue;
    }
    const Tensor* t = passes::constant_or_null(g, name);
    if (!t) return false;
    inputs.push_back(t);
    any_input = true;
  }
  // A node without inputs is a source (Constant, or an op the importer did not
  // recognise as one); only Constant is known to be a plain value.
  if (!any_input && n.op_type != "Constant") return false;
  // Folding is an optimisation: an op the reference cannot evaluate stays a
  // node, and the stage that needs it reports it.
  if (!has_float_kernel(n.domain, n.op_type)) return false;
  std::vector<Tensor> values = eval_node_float(n, inputs, g.opset(n.domain));
  if (values.size() < n.outputs.size())
    throw Error("", n.name, n.op_type,
                "the evaluator returned " + std::to_string(values.size()) + " values for " +
                    std::to_string(n.outputs.size()) + " outputs",
                ErrorKind::Internal);
  for (size_t i = 0; i < n.outputs.size() && i < values.size(); ++i) {
    if (n.outputs[i].empty()) continue;
    Tensor t = std::move(values[i]);
    t.name = n.outputs[i];
    t.is_constant = true;
    t.quant.reset();
    g.add_tensor(std::move(t));
  }
  return true;
}

}  // namespace

void fold_constants(Graph& g) {
  // One forward sweep suffices: nodes are in topological order, so a node's
  // inputs have been folded (or not) before the node is visited.
  std::vector<bool> folded(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (never_folded(n) || touches_quantized(g, n)) continue;
    folded[i] = fold_from_shape(g, n) || fold_by_evaluation(g, n);
  }
  if (std::find(folded.begin(), folded.end(), true) == folded.end()) return;
  passes::erase_nodes(g, folded);
  g.remove_unused_tensors();
}

}  // namespace tinyc
