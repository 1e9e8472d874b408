// format_result: the validation report for the terminal.
#include <cmath>
#include <cstdio>
#include <string>

#include "tinyc/validate.h"

namespace tinyc {

namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string percent(int64_t a, int64_t b) {
  return (b > 0 ? fmt("%.2f%%", 100.0 * static_cast<double>(a) / static_cast<double>(b)) : std::string("-")) + " (" +
         std::to_string(a) + "/" + std::to_string(b) + ")";
}

std::string covered(const ValidateResult& r) {
  if (r.ranges.size() == 1 && r.ranges[0].first == 0 && r.ranges[0].second == r.samples_total)
    return std::to_string(r.samples_total) + " samples";
  std::string s;
  for (const auto& [a, b] : r.ranges)
    s += (s.empty() ? "" : ", ") + (b > a ? std::to_string(a) + ".." + std::to_string(b - 1) : std::string("none"));
  return "samples " + (s.empty() ? std::string("none") : s) + " of " + std::to_string(r.samples_total);
}

}  // namespace

std::string format_result(const ValidateResult& r) {
  std::string s = "validate " + r.model + ": " + covered(r) + "\n";
  s += "  generated code vs int8 reference: ";
  if (r.mismatched_samples == 0) {
    s += "bit-exact (0 of " + std::to_string(r.samples) + " samples differ)\n";
  } else {
    s += std::to_string(r.mismatched_samples) + " of " + std::to_string(r.samples) + " samples differ (" +
         std::to_string(r.mismatched_bytes) + " bytes): sample";
    s += r.mismatched_samples > 1 ? "s " : " ";
    const size_t shown = std::min<size_t>(r.mismatch_indices.size(), 10);
    for (size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + std::to_string(r.mismatch_indices[i]);
    if (static_cast<int64_t>(shown) < r.mismatched_samples) s += ", ...";
    s += "\n";
  }
  if (r.has_labels)
    s += "  top-1 accuracy: float " + percent(r.float_correct, r.samples) + ", int8 " + percent(r.int8_correct, r.samples) +
         "\n";
  s += "  float vs int8 top-1 agreement: " + percent(r.top1_agree, r.samples) + "\n";
  for (const OutputStats& o : r.outputs) {
    const double q = o.sqnr_db();
    s += "  output '" + o.name + "' float vs int8: SQNR " + (std::isinf(q) ? std::string("inf") : fmt("%.2f", q)) +
         " dB, cosine " + fmt("%.6f", o.cosine()) + ", max |diff| " + fmt("%.4g", o.max_abs_diff) + "\n";
  }
  s += "speed: " + fmt("%.0f", r.samples_per_second()) + " samples/s (" + fmt("%.2f", r.seconds) + " s";
  if (r.parts > 1 || r.build_dir.empty())
    s += " summed over " + std::to_string(r.parts) + (r.parts == 1 ? " part)" : " parts)");
  else
    s += ", " + std::to_string(r.jobs) + " jobs; harness " + (r.build_cached ? "from the cache " : "built in ") +
         r.build_dir + ")";
  return s + "\n";
}

}  // namespace tinyc
