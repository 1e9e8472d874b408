// ValidateResult <-> JSON: the --json report and the partial-result files
// that --merge reads (the same format: it keeps the exact sums).
#include <stdexcept>

#include "tinyc/error.h"
#include "tinyc/validate.h"
#include "util/json.h"

namespace tinyc {

using json::json_double;
using json::json_quote;
using json::Json;

namespace {

std::string sum_json(const ExactSum& s) {
  std::string p;
  for (double v : s.partials()) p += (p.empty() ? "" : ", ") + json_double(v);
  return "{\"partials\": [" + p + "], \"special\": " + json_double(s.special()) + "}";
}

ExactSum sum_from(const Json& j) {
  std::vector<double> p;
  for (const Json& v : j.at("partials").as_array()) p.push_back(v.as_double());
  return ExactSum::from_state(p, j.at("special").as_double());
}

std::string ratio(int64_t a, int64_t b) { return b > 0 ? json_double(static_cast<double>(a) / static_cast<double>(b)) : "null"; }

std::string output_json(const OutputStats& o) {
  return "    {\"name\": " + json_quote(o.name) + ", \"elements\": " + std::to_string(o.elements) +
         ", \"sqnr_db\": " + json_double(o.sqnr_db()) + ", \"cosine\": " + json_double(o.cosine()) +
         ", \"max_abs_diff\": " + json_double(o.max_abs_diff) + ",\n     \"sums\": {\"ff\": " + sum_json(o.ff) +
         ", \"qq\": " + sum_json(o.qq) + ", \"fq\": " + sum_json(o.fq) + ", \"noise\": " + sum_json(o.noise) + "}}";
}

}  // namespace

std::string result_json(const ValidateResult& r, bool with_run) {
  std::string ranges, indices, outputs;
  for (const auto& [a, b] : r.ranges) ranges += (ranges.empty() ? "" : ", ") + ("[" + std::to_string(a) + ", " + std::to_string(b) + "]");
  for (int64_t i : r.mismatch_indices) indices += (indices.empty() ? "" : ", ") + std::to_string(i);
  for (const OutputStats& o : r.outputs) outputs += (outputs.empty() ? "" : ",\n") + output_json(o);
  std::string s = "{\n";
  s += "  \"format\": \"tinyc-validate-1\",\n";
  s += "  \"model\": " + json_quote(r.model) + ",\n";
  s += "  \"model_key\": " + json_quote(r.model_key) + ",\n";
  s += "  \"data_key\": " + json_quote(r.data_key) + ",\n";
  s += "  \"samples_total\": " + std::to_string(r.samples_total) + ",\n";
  s += "  \"ranges\": [" + ranges + "],\n";
  s += "  \"samples\": " + std::to_string(r.samples) + ",\n";
  s += "  \"mismatch\": {\"samples\": " + std::to_string(r.mismatched_samples) + ", \"bytes\": " +
       std::to_string(r.mismatched_bytes) + ", \"first_indices\": [" + indices + "]},\n";
  const std::string fc = r.has_labels ? std::to_string(r.float_correct) : "null";
  const std::string ic = r.has_labels ? std::to_string(r.int8_correct) : "null";
  s += "  \"top1\": {\"labels\": " + std::string(r.has_labels ? "true" : "false") + ", \"float_correct\": " + fc +
       ", \"int8_correct\": " + ic + ", \"float_accuracy\": " + (r.has_labels ? ratio(r.float_correct, r.samples) : "null") +
       ", \"int8_accuracy\": " + (r.has_labels ? ratio(r.int8_correct, r.samples) : "null") +
       ", \"agree\": " + std::to_string(r.top1_agree) + ", \"agreement\": " + ratio(r.top1_agree, r.samples) + "},\n";
  s += "  \"outputs\": [\n" + outputs + "\n  ]";
  if (with_run)
    s += ",\n  \"run\": {\"parts\": " + std::to_string(r.parts) + ", \"seconds\": " + json_double(r.seconds) +
         ", \"samples_per_second\": " + json_double(r.samples_per_second()) + ", \"jobs\": " + std::to_string(r.jobs) +
         ", \"build_cached\": " + (r.build_cached ? "true" : "false") + ", \"build_dir\": " + json_quote(r.build_dir) + "}";
  return s + "\n}\n";
}

ValidateResult parse_result_json(const std::string& text, const std::string& file) {
  try {
    const Json j = json::parse_json(text);
    if (j.kind != Json::Kind::Object || !j.has("format") || j.at("format").as_string() != "tinyc-validate-1")
      throw std::runtime_error("not a tinyc validate result (no \"format\": \"tinyc-validate-1\")");
    ValidateResult r;
    r.model = j.at("model").as_string();
    r.model_key = j.at("model_key").as_string();
    r.data_key = j.at("data_key").as_string();
    r.samples_total = j.at("samples_total").as_int();
    for (const Json& p : j.at("ranges").as_array()) {
      if (p.as_array().size() != 2) throw std::runtime_error("a range is not [first, last]");
      r.ranges.emplace_back(p.items[0].as_int(), p.items[1].as_int());
    }
    r.samples = j.at("samples").as_int();
    const Json& m = j.at("mismatch");
    r.mismatched_samples = m.at("samples").as_int();
    r.mismatched_bytes = m.at("bytes").as_int();
    for (const Json& i : m.at("first_indices").as_array()) r.mismatch_indices.push_back(i.as_int());
    const Json& t = j.at("top1");
    r.has_labels = t.at("labels").kind == Json::Kind::Bool && t.at("labels").b;
    if (r.has_labels) {
      r.float_correct = t.at("float_correct").as_int();
      r.int8_correct = t.at("int8_correct").as_int();
    }
    r.top1_agree = t.at("agree").as_int();
    for (const Json& o : j.at("outputs").as_array()) {
      OutputStats s;
      s.name = o.at("name").as_string();
      s.elements = o.at("elements").as_int();
      s.max_abs_diff = o.at("max_abs_diff").as_double();
      const Json& sums = o.at("sums");
      s.ff = sum_from(sums.at("ff"));
      s.qq = sum_from(sums.at("qq"));
      s.fq = sum_from(sums.at("fq"));
      s.noise = sum_from(sums.at("noise"));
      r.outputs.push_back(std::move(s));
    }
    if (j.has("run")) {
      const Json& run = j.at("run");
      r.parts = run.at("parts").as_int();
      r.seconds = run.at("seconds").as_double();
      r.jobs = static_cast<int>(run.at("jobs").as_int());
      r.build_cached = run.at("build_cached").b;
      r.build_dir = run.at("build_dir").as_string();
    }
    return r;
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const Error*>(&e)) throw;
    throw Error(file, "", "", e.what());
  }
}

}  // namespace tinyc

#include <cstdio>
#include <fstream>
#include <iterator>

namespace tinyc {

void write_result_file(const std::string& path, const ValidateResult& r) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    f << result_json(r);
    if (!f.flush()) throw Error(path, "", "", "cannot write the result file", ErrorKind::Usage);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(path, "", "", "cannot write the result file", ErrorKind::Usage);
  }
}

ValidateResult read_result_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "", "", "cannot read the file");
  return parse_result_json(std::string(std::istreambuf_iterator<char>(f), {}), path);
}

}  // namespace tinyc
