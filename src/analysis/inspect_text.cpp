// inspect_text: the human-readable model report.
#include <algorithm>
#include <sstream>

#include "tinyc/analysis.h"

namespace tinyc {

namespace {

/// 1234567 -> "1,234,567".
std::string grouped(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string bytes_str(int64_t b) {
  std::ostringstream os;
  os.precision(1);
  os << std::fixed;
  if (b >= (int64_t{1} << 20)) os << b / 1048576.0 << " MiB";
  else if (b >= 1024) os << b / 1024.0 << " KiB";
  else os << b << " B";
  return os.str();
}

std::string type_str(const Tensor& t) {
  if (t.dtype == DType::Undefined) return "?";
  return std::string(dtype_name(t.dtype)) + " " + shape_str(t.shape);
}

/// Long exporter names ("n_functional_1_activation_Relu_..._conv") cut in the
/// middle so the table stays readable; the JSON report keeps them whole.
std::string short_name(const std::string& n) {
  constexpr size_t kMax = 40;
  if (n.size() <= kMax) return n;
  return n.substr(0, 18) + "..." + n.substr(n.size() - (kMax - 21));
}

int64_t node_weight_bytes(const Graph& g, const Node& n) {
  int64_t b = 0;
  for (const auto& in : n.inputs)
    if (!in.empty() && g.is_constant(in)) b += static_cast<int64_t>(g.tensor(in).byte_size());
  return b;
}

/// Rows of cells printed as left-aligned columns (numbers right-aligned).
std::string table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
  std::vector<size_t> w(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], r[c].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line = " ";
    for (size_t c = 0; c < r.size(); ++c) {
      std::string pad(w[c] - r[c].size(), ' ');
      line += " " + (right[c] ? pad + r[c] : r[c] + (c + 1 < r.size() ? pad : ""));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string inspect_text(const Graph& g, const ImportReport& report) {
  std::ostringstream os;
  os << "model: " << g.source_path << "\n";
  os << "graph: " << (g.name.empty() ? "(unnamed)" : g.name) << ", opsets:";
  for (const auto& [d, v] : g.opsets) os << " " << (d.empty() ? "ai.onnx" : d) << "=" << v;
  os << "\n\ninputs:\n";
  for (const auto& in : g.inputs) os << "  " << in << "  " << type_str(g.tensor(in)) << "\n";
  os << "outputs:\n";
  for (const auto& out : g.outputs) os << "  " << out << "  " << type_str(g.tensor(out)) << "\n";

  std::vector<std::vector<std::string>> rows = {{"#", "node", "op", "output", "attributes", "MACs", "weights"}};
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    const bool bad = report.unsupported_nodes.count(n.name) != 0;
    std::string op = (n.domain.empty() ? "" : n.domain + ":") + n.op_type + (bad ? " !" : "");
    std::string out = n.outputs.empty() || n.outputs[0].empty() || !g.has_tensor(n.outputs[0])
                          ? "?"
                          : type_str(g.tensor(n.outputs[0]));
    if (n.outputs.size() > 1) out += " (+" + std::to_string(n.outputs.size() - 1) + ")";
    int64_t macs = bad ? 0 : node_macs(g, n);
    int64_t wb = node_weight_bytes(g, n);
    rows.push_back({std::to_string(i), short_name(n.name), op, out, node_param_summary(n), macs ? grouped(macs) : "",
                    wb ? bytes_str(wb) : ""});
  }
  os << "\nnodes (" << g.nodes.size() << "):\n" << table(rows, {true, false, false, false, false, true, true});

  GraphTotals t = graph_totals(g);
  os << "\ntotals:\n";
  os << "  parameters          " << grouped(t.params) << "\n";
  os << "  MACs                " << grouped(t.macs) << "\n";
  os << "  weights             " << bytes_str(t.weight_bytes) << " (" << grouped(t.weight_bytes) << " bytes)\n";
  os << "  largest activation  " << (t.largest_activation.empty() ? "-" : short_name(t.largest_activation)) << ", "
     << bytes_str(t.largest_activation_bytes) << "\n";
  if (!report.unsupported.empty()) {
    os << "\nunsupported (" << report.unsupported.size() << ", marked ! above):\n";
    for (const auto& u : report.unsupported) os << "  " << u << "\n";
  }
  return os.str();
}

}  // namespace tinyc
