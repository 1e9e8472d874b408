// The report page: summary, per-layer table, memory picture.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "report/page_style.h"
#include "tinyc/report.h"

namespace tinyc {
namespace {

// Below this SQNR (dB) a layer's row is highlighted.
constexpr double kLowSqnrDb = 20.0;

std::string db_text(double db) {
  if (std::isnan(db)) return "&mdash;";
  if (std::isinf(db)) return db > 0 ? "exact" : "-&infin;";
  return fmt::format("{:.1f}", db);
}

std::string shape_text(const Shape& s) {
  std::string r;
  for (size_t i = 0; i < s.size(); ++i) r += (i ? "x" : "") + std::to_string(s[i]);
  return r.empty() ? "scalar" : r;
}

std::string row(const std::string& key, const std::string& value_html) {
  return "<tr><th>" + html_escape(key) + "</th><td>" + value_html + "</td></tr>\n";
}

std::string io_rows(const Graph& g, const std::vector<std::string>& names, const char* kind) {
  std::string s;
  for (const std::string& n : names) {
    const Tensor& t = g.tensor(n);
    std::string q;
    if (t.quant && !t.quant->scale.empty())
      q = fmt::format(", scale {:.6g}, zero point {}", t.quant->scale[0],
                      t.quant->zero_point.empty() ? 0 : t.quant->zero_point[0]);
    s += row(kind, "<code>" + html_escape(n) + "</code> " + dtype_name(t.dtype) + " " + shape_text(t.shape) + q);
  }
  return s;
}

std::string summary_section(const ReportInfo& info, const Graph& g, const CodegenResult& c, const ReportQuality* q) {
  int64_t macs = 0;
  for (const OpSummary& o : c.ops) macs += o.macs;
  const MemoryPlan& p = c.plan;
  std::string s = "<h2>Summary</h2>\n<table class=\"facts\" id=\"summary\">\n";
  s += row("model", "<code>" + html_escape(info.model_path) + "</code>");
  s += row("C name", "<code>" + html_escape(info.name) + "</code>");
  s += row("target", html_escape(info.target));
  s += io_rows(g, g.inputs, "input");
  s += io_rows(g, g.outputs, "output");
  s += row("MACs", fmt::format("{}", macs));
  s += row("weights and constants", fmt::format("{} B", c.weight_bytes));
  std::string arena = fmt::format("{} B ({}); lower bound {} B", p.arena_size, html_escape(p.strategy), p.lower_bound);
  if (p.greedy_size > 0) arena += fmt::format("; plain greedy {} B", p.greedy_size);
  s += row("arena", arena);
  std::string tried;
  for (const auto& [name, size] : p.tried) tried += (tried.empty() ? "" : ", ") + html_escape(name) + fmt::format(" {} B", size);
  if (!tried.empty()) s += row("strategies tried", tried);
  s += row("caller I/O buffers", c.io_bytes ? fmt::format("{} B", c.io_bytes) : "none (inputs and outputs in the arena)");
  std::string kernels;
  for (const std::string& k : c.kernels) kernels += (kernels.empty() ? "" : ", ") + ("<code>" + html_escape(k) + "</code>");
  s += row("kernels", kernels);
  if (q)
    s += row("int8 vs float", fmt::format("output SQNR {} dB, cosine {:.5f} on {}", db_text(q->output_sqnr_db),
                                          q->output_cosine, html_escape(q->data)));
  else
    s += row("int8 vs float", "not measured (no float data: give --calib or float --selftest inputs)");
  return s + "</table>\n";
}

// The int8 tensor a summary row writes: the node's first output, or for the
// layout copies the graph input/output they are named after.
std::string row_tensor(const Graph& g, const std::map<std::string, size_t>& by_name, const OpSummary& o) {
  auto it = by_name.find(o.node);
  if (it != by_name.end() && !g.nodes[it->second].outputs.empty()) return g.nodes[it->second].outputs[0];
  return g.has_tensor(o.node) ? o.node : std::string();
}

std::string layers_section(const Graph& g, const CodegenResult& c, const ReportQuality* q) {
  std::map<std::string, size_t> by_name;
  for (size_t i = 0; i < g.nodes.size(); ++i) by_name.emplace(g.nodes[i].name, i);
  std::string s =
      "<h2>Layers</h2>\n<table id=\"layers\">\n<tr><th class=\"num\">#</th><th>node</th><th>op</th><th>kernel</th>"
      "<th>input</th><th>output</th><th class=\"num\">MACs</th><th class=\"num\">weight bytes</th>"
      "<th class=\"num\">arena offset</th><th class=\"num\">bytes</th><th class=\"num\">SQNR (dB)</th></tr>\n";
  for (size_t i = 0; i < c.ops.size(); ++i) {
    const OpSummary& o = c.ops[i];
    const std::string tensor = row_tensor(g, by_name, o);
    double db = NAN;
    if (q && !tensor.empty()) {
      auto it = q->tensor_sqnr_db.find(tensor);
      if (it != q->tensor_sqnr_db.end()) db = it->second;
    }
    s += fmt::format(
        "<tr{}><td class=\"num\">{}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td>"
        "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num sqnr\" title=\"{}\">{}</td></tr>\n",
        !std::isnan(db) && db < kLowSqnrDb ? " class=\"low\"" : "", i, html_escape(o.node), html_escape(o.op),
        html_escape(o.kernel), html_escape(o.in_shape), html_escape(o.out_shape), o.macs, o.weight_bytes,
        o.out_offset < 0 ? std::string("io") : std::to_string(o.out_offset), o.out_bytes,
        html_escape(tensor.empty() ? std::string("-") : "int8 tensor " + tensor), db_text(db));
  }
  s += "</table>\n<p class=\"sub\">SQNR: 10&middot;log10(&Sigma;f&sup2; / &Sigma;(f &minus; q)&sup2;) of the op's int8 "
       "output, dequantized, against the float model's tensor over all samples; rows below 20 dB are red. "
       "Arena offset &ldquo;io&rdquo;: the output is the caller's buffer.</p>\n";
  return s;
}

}  // namespace

std::string render_report_html(const ReportInfo& info, const Graph& int8, const CodegenResult& code,
                               const ReportQuality* quality) {
  const std::string title = "tinyc report: " + info.name;
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Nothing may be fetched: everything the page needs is inline.
  s += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline'\">\n";
  s += "<title>" + html_escape(title) + "</title>\n<script>" + report::kErrorHook + "</script>\n";
  s += std::string("<style>") + report::kStyle + "</style>\n</head>\n<body>\n";
  s += "<h1>" + html_escape(title) + "</h1>\n";
  s += "<p class=\"sub\">" + html_escape(info.model_path) + " for " + html_escape(info.target) + ", tinyc " +
       html_escape(info.tinyc_version) + "</p>\n";
  s += summary_section(info, int8, code, quality);
  s += layers_section(int8, code, quality);
  s += "<h2>Memory</h2>\n<p class=\"sub\">Each arena buffer is a rectangle over the execution steps it is live "
       "(x) and the bytes it occupies (y, offset 0 at the top); hover for details. The shaded column is the peak "
       "step, the dashed line the lower bound (the most bytes live at one step).</p>\n";
  s += render_memory_svg(code);
  s += "<div id=\"tip\" hidden></div>\n<script>" + std::string(report::kScript) + "</script>\n</body>\n</html>\n";
  return s;
}

}  // namespace tinyc
