// The target list for people and scripts (`tinyc targets`).
#include <algorithm>

#include "tinyc/targets.h"
#include "util/json.h"

namespace tinyc {

namespace {

std::string pad(const std::string& s, size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); }

}  // namespace

std::string format_targets() {
  size_t wn = 6, wf = 9;
  for (const Target& t : all_targets()) {
    wn = std::max(wn, t.name.size());
    wf = std::max(wf, t.cpu_flags.size());
  }
  std::string s = pad("target", wn) + "  DSP  " + pad("CPU flags", wf) + "  description\n";
  for (const Target& t : all_targets())
    s += pad(t.name, wn) + "  " + (t.dsp ? "yes" : "no ") + "  " + pad(t.cpu_flags.empty() ? "-" : t.cpu_flags, wf) +
         "  " + t.description + "\n";
  return s;
}

std::string targets_json() {
  std::string s = "[\n";
  bool first = true;
  for (const Target& t : all_targets()) {
    s += std::string(first ? "" : ",\n") + "  {\"name\": " + json::json_quote(t.name) + ", \"description\": " + json::json_quote(t.description) +
         ", \"cpu_flags\": " + json::json_quote(t.cpu_flags) + ", \"dsp\": " + (t.dsp ? "true" : "false") + "}";
    first = false;
  }
  return s + "\n]\n";
}

}  // namespace tinyc
