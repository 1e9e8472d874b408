// merge_results: shard results -> the result of one run over every sample.
#include "tinyc/error.h"
#include "tinyc/validate.h"
#include "validate/compare.h"

namespace tinyc {

ValidateResult merge_results(const std::vector<ValidateResult>& parts, const std::vector<std::string>& files) {
  if (parts.empty()) fail("--merge: no result files", ErrorKind::Usage);
  auto file = [&](size_t i) { return i < files.size() ? files[i] : "part " + std::to_string(i); };
  const ValidateResult& a = parts[0];
  ValidateResult r;
  r.model = a.model;
  r.model_key = a.model_key;
  r.data_key = a.data_key;
  r.samples_total = a.samples_total;
  r.has_labels = a.has_labels;
  r.parts = 0;
  r.jobs = 0;
  r.build_cached = true;
  for (const OutputStats& o : a.outputs) r.outputs.push_back(OutputStats{o.name, 0, {}, {}, {}, {}, 0});
  int64_t covered = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const ValidateResult& p = parts[i];
    auto differs = [&](const std::string& what) {
      throw Error(file(i), "", "", "is a result for another " + what + " than " + file(0) + " (" + a.model + ")");
    };
    if (p.model_key != a.model_key) differs("model or options");
    if (p.data_key != a.data_key || p.samples_total != a.samples_total || p.has_labels != a.has_labels) differs("data set");
    if (p.outputs.size() != a.outputs.size()) differs("model");
    for (size_t k = 0; k < p.outputs.size(); ++k)
      if (p.outputs[k].name != a.outputs[k].name) differs("model");
    for (const auto& [first, last] : p.ranges) {
      covered += last - first;
      for (const auto& [f2, l2] : r.ranges)
        if (first < l2 && f2 < last)
          throw Error(file(i), "", "", "covers samples " + std::to_string(std::max(first, f2)) + ".." +
                                           std::to_string(std::min(last, l2) - 1) + " that an earlier file covers too");
    }
    validate::add_results(r, p);
    r.parts += p.parts;
    r.seconds += p.seconds;
    r.jobs = std::max(r.jobs, p.jobs);
    r.build_cached = r.build_cached && p.build_cached;
  }
  if (covered != r.samples_total || r.samples != r.samples_total) {
    std::string missing;
    int64_t at = 0;
    for (const auto& [first, last] : r.ranges) {
      if (first > at) missing += (missing.empty() ? "" : ", ") + std::to_string(at) + ".." + std::to_string(first - 1);
      at = last;
    }
    if (at < r.samples_total)
      missing += (missing.empty() ? "" : ", ") + std::to_string(at) + ".." + std::to_string(r.samples_total - 1);
    fail("--merge: the " + std::to_string(parts.size()) + " files cover " + std::to_string(covered) + " of " +
             std::to_string(r.samples_total) + " samples" + (missing.empty() ? "" : "; missing samples " + missing),
         ErrorKind::Model);
  }
  return r;
}

}  // namespace tinyc
