#include "frontend/graph_build.h"

#include <set>

#include "frontend/shapes/rule.h"
#include "frontend/tensor_proto.h"
#include "tinyc/error.h"

namespace tinyc::frontend {

namespace {

bool static_value(const onnx::ValueInfoProto& v, DeclaredValue* out) {
  if (!v.has_type() || !v.type().has_tensor_type()) return false;
  const auto& tt = v.type().tensor_type();
  out->dtype = dtype_from_onnx(tt.elem_type());
  if (out->dtype == DType::Undefined || !tt.has_shape()) return false;
  out->shape.clear();
  for (const auto& d : tt.shape().dim()) {
    if (!d.has_dim_value()) return false;
    out->shape.push_back(d.dim_value());
  }
  return true;
}

/// A Constant node's value, computed by the Constant shape rule.
Tensor constant_value(const Graph& g, const Node& n) {
  if (n.outputs.size() != 1 || !n.inputs.empty()) fail_node(n.name, n.op_type, "must have no inputs and one output");
  const shapes::OpRule* rule = shapes::find_rule("", "Constant");
  shapes::ValueLookup none;
  shapes::NodeCtx ctx(g, n, g.opset(""), none);
  std::vector<shapes::OutInfo> out = rule->infer(ctx);
  Tensor t = std::move(*out.at(0).value);
  t.name = n.outputs[0];
  t.is_constant = true;
  return t;
}

}  // namespace

Graph build_graph(const onnx::ModelProto& m, std::vector<ConvertedNode> nodes,
                  const std::map<std::string, Shape>& input_shapes, int64_t max_elements, bool lenient) {
  const onnx::GraphProto& gp = m.graph();
  Graph g;
  g.name = gp.name();
  for (const auto& o : m.opset_import()) g.opsets[o.domain() == "ai.onnx" ? "" : o.domain()] = o.version();

  std::set<std::string> names;  // every value defined so far
  auto define = [&names](const std::string& name, const std::string& what) {
    if (name.empty()) fail(what + " has an empty name");
    if (!names.insert(name).second) fail(what + " '" + name + "' is defined twice (as an initializer, input or node output)");
  };
  for (const auto& init : gp.initializer()) {
    define(init.name(), "initializer");
    if (lenient && dtype_from_onnx(init.data_type()) == DType::Undefined) {
      Tensor t(init.name(), DType::Undefined, Shape(init.dims().begin(), init.dims().end()));
      t.is_constant = true;
      g.add_tensor(std::move(t));
      continue;
    }
    g.add_tensor(tensor_from_proto(init, max_elements, "initializer"));
  }
  for (const auto& vi : gp.input()) {
    auto it = input_shapes.find(vi.name());
    if (it == input_shapes.end()) continue;  // an initializer: a constant, not an input
    define(vi.name(), "input");
    g.inputs.push_back(vi.name());
    g.add_tensor(Tensor(vi.name(), dtype_from_onnx(vi.type().tensor_type().elem_type()), it->second));
  }
  for (auto& c : nodes) {
    Node& n = c.node;
    for (const auto& o : n.outputs)
      if (!o.empty() && names.count(o))
        fail_node(n.name, n.op_type, "output '" + o + "' is already defined (by an initializer, input or another node)");
    for (const auto& o : n.outputs)
      if (!o.empty()) names.insert(o);
    if (n.op_type == "Constant" && n.domain.empty()) {
      g.add_tensor(constant_value(g, n));
      continue;
    }
    g.nodes.push_back(std::move(n));
  }
  std::set<std::string> outputs;
  for (const auto& vi : gp.output()) {
    if (vi.name().empty()) fail("a graph output has an empty name");
    if (!outputs.insert(vi.name()).second) fail("graph output '" + vi.name() + "' is listed twice");
    if (!names.count(vi.name())) fail("graph output '" + vi.name() + "' is not produced by any node, input or initializer");
    g.outputs.push_back(vi.name());
  }
  if (g.outputs.empty()) fail("the graph has no outputs");
  return g;
}

std::map<std::string, DeclaredValue> declared_values(const onnx::GraphProto& gp) {
  std::map<std::string, DeclaredValue> declared;
  for (const auto* list : {&gp.value_info(), &gp.output()})
    for (const auto& vi : *list) {
      DeclaredValue d;
      if (static_value(vi, &d)) declared[vi.name()] = d;
    }
  return declared;
}

namespace {
/// libonnx 1.12 keeps a ceil_mode window that starts in the end padding,
/// which onnxruntime, PyTorch and tinyc drop: its shapes differ there.
bool onnx_lib_disagrees(const Node& n) {
  return (n.op_type == "MaxPool" || n.op_type == "AveragePool") && n.attr_int("ceil_mode", 0) != 0;
}
}  // namespace

void check_inferred(const Graph& g, const std::map<std::string, DeclaredValue>& declared,
                    const std::set<std::string>& skip_nodes) {
  for (const Node& n : g.nodes) {
    if (skip_nodes.count(n.name)) continue;
    for (const auto& o : n.outputs) {
      if (o.empty()) continue;
      const Tensor& t = g.tensor(o);
      if (t.dtype == DType::Undefined) continue;  // downstream of a kept unsupported node
      if (num_elements(t.shape) == 0)
        fail_node(n.name, n.op_type, "output '" + o + "' would be empty (shape " + shape_str(t.shape) + ")");
      auto it = declared.find(o);
      if (it == declared.end() || onnx_lib_disagrees(n)) continue;
      if (it->second.shape != t.shape || it->second.dtype != t.dtype)
        fail_node(n.name, n.op_type, "output '" + o + "' is " + dtype_name(t.dtype) + " " + shape_str(t.shape) +
                                         " by tinyc's shape inference, but the model (or ONNX shape inference) says " +
                                         dtype_name(it->second.dtype) + " " + shape_str(it->second.shape));
    }
  }
}

}  // namespace tinyc::frontend
