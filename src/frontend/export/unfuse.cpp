// unfuse_activations: tinyc.activation -> Relu / Clip nodes.
#include <limits>

#include "frontend/export/export_steps.h"
#include "tinyc/error.h"

namespace tinyc::frontend {

namespace {

/// A scalar constant of the activation's dtype for Clip's min/max inputs.
std::string add_bound(Graph& g, const std::string& base, float v) {
  std::string name = g.unique_name(base);
  g.add_tensor(Tensor::from_float(name, {}, {v}));
  return name;
}

Node activation_node(Graph& g, const Node& producer, const std::string& in, const std::string& out) {
  const std::string act = producer.attr_string("tinyc.activation", "");
  const float lo = producer.attr_float("tinyc.act_min", act == "Relu" ? 0.f : -std::numeric_limits<float>::infinity());
  const float hi = producer.attr_float("tinyc.act_max", std::numeric_limits<float>::infinity());
  Node n;
  n.name = g.unique_name(producer.name + "_" + act);
  n.op_type = act;
  n.inputs = {in};
  n.outputs = {out};
  if (act == "Relu") {
    if (lo != 0.f || hi != std::numeric_limits<float>::infinity())
      throw Error("", producer.name, producer.op_type, "tinyc.activation Relu with bounds other than [0, inf)", ErrorKind::Internal);
    return n;
  }
  if (act != "Clip") fail_node(producer.name, producer.op_type, "unknown tinyc.activation '" + act + "'");
  if (g.tensor(out).dtype != DType::F32)
    fail_node(producer.name, producer.op_type, "a fused Clip on a non-float output cannot be exported");
  if (g.opset("") < 11) {
    n.attrs["min"] = Attribute::of_float(lo);
    n.attrs["max"] = Attribute::of_float(hi);
  } else {
    n.inputs.push_back(add_bound(g, producer.name + "_min", lo));
    n.inputs.push_back(add_bound(g, producer.name + "_max", hi));
  }
  return n;
}

}  // namespace

void unfuse_activations(Graph& g) {
  std::vector<Node> out;
  out.reserve(g.nodes.size());
  for (Node& n : g.nodes) {
    const bool fused = n.has_attr("tinyc.activation");
    Node act;
    if (fused) {
      if (n.outputs.empty() || n.outputs[0].empty()) fail_node(n.name, n.op_type, "a fused activation on a node without output");
      const std::string y = n.outputs[0];
      Tensor pre = g.tensor(y);
      pre.name = g.unique_name(y + "_preact");
      pre.quant.reset();
      g.add_tensor(pre);
      act = activation_node(g, n, pre.name, y);
      n.outputs[0] = pre.name;
    }
    for (auto it = n.attrs.begin(); it != n.attrs.end();)
      it = it->first.rfind("tinyc.", 0) == 0 ? n.attrs.erase(it) : std::next(it);
    out.push_back(std::move(n));
    if (fused) out.push_back(std::move(act));
  }
  g.nodes = std::move(out);
}

}  // namespace tinyc::frontend
