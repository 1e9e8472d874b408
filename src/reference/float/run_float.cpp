// run_float: evaluates a float or QDQ graph node by node with the float
// reference kernels, freeing every intermediate value right after its last
// reader so that calibration can run large models.
#include <map>
#include <unordered_map>

#include "tinyc/error.h"
#include "tinyc/reference.h"

namespace tinyc {
namespace {

void check_graph_input(const Graph& g, size_t i, const Tensor& given) {
  const std::string& name = g.inputs[i];
  const Tensor& want = g.tensor(name);
  if (given.dtype != want.dtype)
    fail("graph input '" + name + "' is " + dtype_name(want.dtype) + ", the value given is " + dtype_name(given.dtype));
  if (given.shape != want.shape)
    fail("graph input '" + name + "' has shape " + shape_str(want.shape) + ", the value given has " +
         shape_str(given.shape));
  if (given.data.size() != given.byte_size())
    fail("the value given for graph input '" + name + "' has " + std::to_string(given.data.size()) +
         " bytes, its shape needs " + std::to_string(given.byte_size()));
}

// The node's outputs must agree with what shape inference recorded in the
// graph: the planner and code generator size buffers from those records.
void check_against_graph(const Graph& g, const Node& n, const Tensor& t) {
  auto it = g.tensors.find(t.name);
  if (it == g.tensors.end()) return;
  const Tensor& rec = it->second;
  if (rec.dtype != t.dtype || rec.shape != t.shape)
    throw Error("", n.name, n.op_type,
                "output '" + t.name + "' evaluates to " + dtype_name(t.dtype) + " " + shape_str(t.shape) +
                    " but the graph records " + dtype_name(rec.dtype) + " " + shape_str(rec.shape),
                ErrorKind::Internal);
}

}  // namespace

std::vector<Tensor> run_float(const Graph& g, const std::vector<Tensor>& inputs, const NodeObserver& observer) {
  if (inputs.size() != g.inputs.size())
    fail("the graph has " + std::to_string(g.inputs.size()) + " inputs, " + std::to_string(inputs.size()) +
         " values were given");
  // Live values by name: graph inputs first, then node outputs; constants are
  // read from the graph in place.
  std::unordered_map<std::string, Tensor> live;
  for (size_t i = 0; i < inputs.size(); ++i) {
    check_graph_input(g, i, inputs[i]);
    Tensor t = inputs[i];
    t.name = g.inputs[i];
    live[g.inputs[i]] = std::move(t);
  }

  // Index of the last node reading each non-output value: it is freed then.
  std::unordered_map<std::string, size_t> last_use;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const auto& in : g.nodes[i].inputs)
      if (!in.empty()) last_use[in] = i;

  auto lookup = [&](const Node& n, const std::string& name) -> const Tensor* {
    auto it = live.find(name);
    if (it != live.end()) return &it->second;
    auto c = g.tensors.find(name);
    if (c != g.tensors.end() && c->second.is_constant) return &c->second;
    fail_node(n.name, n.op_type, "input '" + name + "' has no value (not a graph input, constant or earlier output)");
  };

  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    std::vector<const Tensor*> args;
    args.reserve(n.inputs.size());
    for (const auto& in : n.inputs) args.push_back(in.empty() ? nullptr : lookup(n, in));
    const std::string dom = n.domain == "ai.onnx" ? std::string() : n.domain;
    std::vector<Tensor> outs = eval_node_float(n, args, g.opset(dom));
    for (const auto& t : outs) check_against_graph(g, n, t);
    if (observer) observer(n, outs);
    for (auto& t : outs) {
      if (t.name.empty()) continue;
      const bool needed = g.is_graph_output(t.name) || (last_use.count(t.name) && last_use[t.name] > i);
      if (needed) live[t.name] = std::move(t);
    }
    for (const auto& in : n.inputs)
      if (!in.empty() && last_use[in] == i && !g.is_graph_output(in)) live.erase(in);
  }

  std::vector<Tensor> result;
  result.reserve(g.outputs.size());
  for (const auto& name : g.outputs) {
    auto it = live.find(name);
    if (it != live.end()) {
      result.push_back(it->second);  // a copy: the same name may be listed twice
      continue;
    }
    auto c = g.tensors.find(name);
    if (c == g.tensors.end() || !c->second.is_constant) fail("graph output '" + name + "' was not computed");
    Tensor t = c->second;
    t.is_constant = false;
    result.push_back(std::move(t));
  }
  return result;
}

}  // namespace tinyc
