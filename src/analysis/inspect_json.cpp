// inspect_json: the model report as one JSON object (for scripts).
#include <cstdio>
#include <sstream>

#include "tinyc/analysis.h"
#include "util/json.h"

namespace tinyc {

namespace {

std::string value_json(const Tensor& t) {
  std::string s = "{\"name\": " + json::json_quote(t.name) + ", \"dtype\": ";
  if (t.dtype == DType::Undefined) return s + "null, \"shape\": null}";
  s += json::json_quote(dtype_name(t.dtype)) + ", \"shape\": [";
  for (size_t i = 0; i < t.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(t.shape[i]);
  return s + "]}";
}

template <class T, class F>
std::string list(const T& items, F item) {
  std::string s = "[";
  bool first = true;
  for (const auto& x : items) {
    s += (first ? "" : ", ") + item(x);
    first = false;
  }
  return s + "]";
}

}  // namespace

std::string inspect_json(const Graph& g, const ImportReport& report) {
  auto tensor_of = [&g](const std::string& n) {
    return g.has_tensor(n) ? value_json(g.tensor(n)) : value_json(Tensor(n, DType::Undefined, {}));
  };
  std::ostringstream os;
  os << "{\"model\": " << json::json_quote(g.source_path) << ", \"graph\": " << json::json_quote(g.name) << ", \"opsets\": {";
  bool first = true;
  for (const auto& [d, v] : g.opsets) {
    os << (first ? "" : ", ") << json::json_quote(d.empty() ? "ai.onnx" : d) << ": " << v;
    first = false;
  }
  os << "},\n \"inputs\": " << list(g.inputs, tensor_of) << ",\n \"outputs\": " << list(g.outputs, tensor_of)
     << ",\n \"nodes\": [";
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    const bool bad = report.unsupported_nodes.count(n.name) != 0;
    int64_t wb = 0;
    for (const auto& in : n.inputs)
      if (!in.empty() && g.is_constant(in)) wb += static_cast<int64_t>(g.tensor(in).byte_size());
    std::vector<std::string> outs;
    for (const auto& o : n.outputs)
      if (!o.empty()) outs.push_back(o);
    os << (i ? ",\n  " : "\n  ") << "{\"name\": " << json::json_quote(n.name) << ", \"op\": " << json::json_quote(n.op_type)
       << ", \"domain\": " << json::json_quote(n.domain) << ", \"supported\": " << (bad ? "false" : "true")
       << ", \"outputs\": " << list(outs, tensor_of) << ", \"attributes\": " << json::json_quote(node_param_summary(n))
       << ", \"params\": " << node_params(g, n) << ", \"macs\": " << (bad ? 0 : node_macs(g, n))
       << ", \"weight_bytes\": " << wb << "}";
  }
  GraphTotals t = graph_totals(g);
  os << "],\n \"totals\": {\"params\": " << t.params << ", \"macs\": " << t.macs << ", \"weight_bytes\": " << t.weight_bytes
     << ", \"largest_activation\": " << json::json_quote(t.largest_activation)
     << ", \"largest_activation_bytes\": " << t.largest_activation_bytes << "},\n \"unsupported\": "
     << list(report.unsupported, [](const std::string& s) { return json::json_quote(s); }) << "}\n";
  return os.str();
}

}  // namespace tinyc
