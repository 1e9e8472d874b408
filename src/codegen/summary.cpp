// The compile summary: per-op table, arena against its lower bound and plain
// greedy, weights, and where the arena peaks.
#include <fmt/format.h>

#include <algorithm>

#include "tinyc/codegen.h"
#include "util/json.h"

namespace tinyc {

std::string format_summary(const Graph& g, const CodegenResult& r) {
  (void)g;
  std::string s;
  size_t wn = 4, wk = 6;
  for (const OpSummary& o : r.ops) {
    wn = std::max(wn, std::min<size_t>(o.node.size(), 40));
    wk = std::max(wk, o.kernel.size());
  }
  s += fmt::format("{:>3}  {:<14} {:<{}} {:<{}} {:>16} {:>16} {:>10} {:>8} {:>8}\n", "#", "op", "node", wn, "kernel", wk,
                   "input", "output", "MACs", "offset", "bytes");
  int64_t macs = 0;
  for (size_t i = 0; i < r.ops.size(); ++i) {
    const OpSummary& o = r.ops[i];
    std::string node = o.node.size() > 40 ? "…" + o.node.substr(o.node.size() - 39) : o.node;
    s += fmt::format("{:>3}  {:<14} {:<{}} {:<{}} {:>16} {:>16} {:>10} {:>8} {:>8}\n", i, o.op, node, wn, o.kernel, wk,
                     o.in_shape, o.out_shape, o.macs, o.out_offset < 0 ? std::string("io") : std::to_string(o.out_offset),
                     o.out_bytes);
    macs += o.macs;
  }
  const MemoryPlan& p = r.plan;
  std::string peak;
  for (const PlanBuffer& b : r.buffers)
    if (b.first_step <= p.peak_step && p.peak_step <= b.last_step)
      peak += (peak.empty() ? "" : ", ") + b.name + " " + std::to_string(b.size) + " B";
  s += fmt::format("arena {} B ({}; lower bound {} B, plain greedy {} B); {}\n", p.arena_size, p.strategy,
                   p.lower_bound, p.greedy_size,
                   r.io_bytes ? fmt::format("caller I/O buffers {} B", r.io_bytes) : std::string("inputs and outputs in the arena"));
  if (r.model_order_arena >= 0)
    s += fmt::format("nodes reordered for memory: in the model's order the arena would be {} B\n", r.model_order_arena);
  s += fmt::format("weights and constants {} B; {} MACs; {} kernels: {}\n", r.weight_bytes, macs, r.kernels.size(),
                   fmt::format("{}", fmt::join(r.kernels, ", ")));
  s += fmt::format("peak at step {}: {}\n", p.peak_step, peak.empty() ? "-" : peak);
  return s;
}

std::string summary_json(const Graph& g, const CodegenResult& r) {
  using json::json_quote;
  const MemoryPlan& p = r.plan;
  std::string s = "{\"graph\": " + json_quote(g.name) + ",\n \"ops\": [";
  int64_t macs = 0;
  for (size_t i = 0; i < r.ops.size(); ++i) {
    const OpSummary& o = r.ops[i];
    s += fmt::format("{}\n  {{\"op\": {}, \"node\": {}, \"kernel\": {}, \"input\": {}, \"output\": {}, \"macs\": {}, "
                     "\"weight_bytes\": {}, \"offset\": {}, \"bytes\": {}, \"scratch_bytes\": {}}}",
                     i ? "," : "", json_quote(o.op), json_quote(o.node), json_quote(o.kernel), json_quote(o.in_shape),
                     json_quote(o.out_shape), o.macs, o.weight_bytes,
                     o.out_offset < 0 ? std::string("null") : std::to_string(o.out_offset), o.out_bytes, o.scratch_bytes);
    macs += o.macs;
  }
  std::string peak;
  for (const PlanBuffer& b : r.buffers)
    if (b.first_step <= p.peak_step && p.peak_step <= b.last_step)
      peak += (peak.empty() ? "" : ", ") + fmt::format("{{\"name\": {}, \"bytes\": {}}}", json_quote(b.name), b.size);
  std::string kernels;
  for (const std::string& k : r.kernels) kernels += (kernels.empty() ? "" : ", ") + json_quote(k);
  s += fmt::format("],\n \"arena_bytes\": {}, \"strategy\": {}, \"lower_bound\": {}, \"greedy_bytes\": {}, "
                   "\"model_order_arena_bytes\": {}, \"io_bytes\": {},\n \"weight_bytes\": {}, \"macs\": {}, \"kernels\": [{}],\n \"peak\": "
                   "{{\"step\": {}, \"live\": [{}]}}}}\n",
                   p.arena_size, json_quote(p.strategy), p.lower_bound, p.greedy_size,
                   r.model_order_arena < 0 ? std::string("null") : std::to_string(r.model_order_arena), r.io_bytes,
                   r.weight_bytes, macs, kernels, p.peak_step, peak);
  return s;
}

}  // namespace tinyc
