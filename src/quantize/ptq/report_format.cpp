// Text and JSON renderings of the quality report (quality_report.h).
#include <cmath>

#include <fmt/format.h>

#include "quality_report.h"

namespace tinyc::ptq {
namespace {

std::string db(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{:.2f}", v);
}

std::string json_number(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : "null"; }

}  // namespace

std::string json_quote(const std::string& s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') r += '\\', r += c;
    else if (static_cast<unsigned char>(c) < 0x20) r += fmt::format("\\u{:04x}", static_cast<int>(c));
    else r += c;
  }
  return r + "\"";
}

std::string format_report_text(const QualityReport& r, size_t max_tensors) {
  std::string s = fmt::format("quality (float vs int8 reference, {} samples):\n", r.samples);
  s += fmt::format("  output SQNR        {} dB\n", db(r.output_sqnr_db));
  s += fmt::format("  output cosine      {:.6f}\n", r.output_cosine);
  s += fmt::format("  top-1 agreement    {:.2f}%\n", 100.0 * r.top1_agreement);
  if (r.has_labels) {
    s += fmt::format("  top-1 accuracy     float {:.2f}%  int8 {:.2f}%  (difference {:+.2f} points)\n",
                     100.0 * r.float_top1, 100.0 * r.int8_top1, 100.0 * (r.int8_top1 - r.float_top1));
  }
  const size_t shown = std::min(max_tensors, r.tensors.size());
  s += fmt::format("  per-tensor SQNR, worst {} of {}:\n", shown, r.tensors.size());
  for (size_t i = 0; i < shown; ++i) {
    const TensorQuality& t = r.tensors[i];
    const std::string name = t.int8_name == t.float_name ? t.int8_name : t.int8_name + " (" + t.float_name + ")";
    s += fmt::format("    {:>8} dB  cos {:.5f}  {}\n", db(t.sqnr_db), t.cosine, name);
  }
  for (const QuantNote& n : r.notes) s += fmt::format("  note: {} '{}': {}\n", n.op, n.node, n.message);
  return s;
}

std::string format_report_json(const QualityReport& r) {
  std::string s = "{";
  s += fmt::format("\"samples\": {}, \"output_sqnr_db\": {}, \"output_cosine\": {}, \"top1_agreement\": {}",
                   r.samples, json_number(r.output_sqnr_db), json_number(r.output_cosine),
                   json_number(r.top1_agreement));
  if (r.has_labels)
    s += fmt::format(", \"float_top1\": {}, \"int8_top1\": {}", json_number(r.float_top1), json_number(r.int8_top1));
  s += ", \"tensors\": [";
  for (size_t i = 0; i < r.tensors.size(); ++i) {
    const TensorQuality& t = r.tensors[i];
    s += fmt::format("{}{{\"int8\": {}, \"float\": {}, \"sqnr_db\": {}, \"cosine\": {}}}", i ? ", " : "",
                     json_quote(t.int8_name), json_quote(t.float_name), json_number(t.sqnr_db),
                     json_number(t.cosine));
  }
  s += "], \"notes\": [";
  for (size_t i = 0; i < r.notes.size(); ++i)
    s += fmt::format("{}{{\"node\": {}, \"op\": {}, \"message\": {}}}", i ? ", " : "", json_quote(r.notes[i].node),
                     json_quote(r.notes[i].op), json_quote(r.notes[i].message));
  return s + "]}";
}

}  // namespace tinyc::ptq
