#include "int8_vs_ort/model_agreement.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <exception>
#include <stdexcept>

#include "tinyc/pipeline.h"
#include "tinyc/reference.h"

namespace tinyc::test {

std::vector<OrtRun> ort_runs(const std::vector<ModelCase>& cases) {
  std::vector<OrtRun> runs;
  for (const ModelCase& c : cases)
    for (const auto& inputs : c.runs) runs.push_back({c.model, inputs});
  return runs;
}

ModelResult compare_model(const ModelCase& c, const OrtResult* ort) {
  ModelResult r;
  try {
    const Int8Lowering low = build_int8(load_model(c.model, parse_shape_specs(c.shape_specs)), nullptr);
    const Graph& g = low.graph;
    if (g.outputs.size() != 1) throw std::runtime_error("expected one output, the model has " + std::to_string(g.outputs.size()));
    const QuantParams q = *g.tensor(g.outputs[0]).quant;
    r.has_golden = !c.golden.empty();
    for (size_t k = 0; k < c.runs.size(); ++k) {
      if (!ort[k].error.empty()) throw std::runtime_error("onnxruntime: " + ort[k].error);
      std::vector<Tensor> in;
      for (size_t i = 0; i < c.runs[k].size(); ++i) {
        const Tensor& decl = g.tensor(g.inputs.at(i));
        const Tensor& data = c.runs[k][i];
        in.push_back(data.dtype == DType::U8 ? as_int8(data) : int8_input_data(data, decl));
        if (in.back().size() != decl.size())
          throw std::runtime_error("input " + std::to_string(i) + " of run " + std::to_string(k) + " has " +
                                   std::to_string(in.back().size()) + " values, '" + decl.name + "' takes " +
                                   std::to_string(decl.size()));
        in.back().name = decl.name;
        in.back().shape = decl.shape;
      }
      const std::vector<int> ours = int8_codes(run_int8(g, in).at(0));
      r.vs_ort.add(ours, ort[k].outputs.at(0), q, c.samples_per_run, c.classes);
      if (r.has_golden) {
        const std::vector<int> golden = int8_codes(c.golden.at(k));
        r.ours_vs_golden.add(ours, golden);
        r.ort_vs_golden.add(codes_in(ort[k].outputs.at(0), q), golden);
      }
    }
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

void print_model_header() {
  std::printf("\n%-40s %7s %9s %9s %8s %9s %10s %10s\n", "model", "samples", "top-1", "SQNR dB", "max LSB",
              "at 1 LSB", "tinyc-gold", "ORT-gold");
}

void print_model_row(const ModelCase& c, const ModelResult& r) {
  if (!r.error.empty()) {
    std::printf("%-40s error: %s\n", c.label.c_str(), r.error.c_str());
    return;
  }
  const Agreement& a = r.vs_ort;
  char top1[32] = "-", t1[16] = "-", t2[16] = "-";
  if (c.classes > 0) std::snprintf(top1, sizeof top1, "%lld/%lld", (long long)a.top1_equal, (long long)a.rows);
  if (r.has_golden) {
    std::snprintf(t1, sizeof t1, "%lld", (long long)r.ours_vs_golden.max);
    std::snprintf(t2, sizeof t2, "%lld", (long long)r.ort_vs_golden.max);
  }
  std::printf("%-40s %7lld %9s %9s %8lld %9lld %10s %10s\n", c.label.c_str(), (long long)a.samples, top1,
              db_text(a.sqnr_db()).c_str(), (long long)a.lsb.max, (long long)a.lsb.at_one, t1, t2);
}

}  // namespace tinyc::test

namespace tinyc::test {

std::vector<ModelResult> check_models(const std::vector<ModelCase>& cases) {
  const std::vector<OrtResult> ort = run_onnxruntime_many(ort_runs(cases));
  std::vector<ModelResult> results;
  size_t next = 0;
  print_model_header();
  for (const ModelCase& c : cases) {
    results.push_back(compare_model(c, ort.data() + next));
    next += c.runs.size();
    const ModelResult& r = results.back();
    print_model_row(c, r);
    INFO(c.label << ": " << r.error);
    CHECK(r.error.empty());
    if (!r.error.empty()) continue;
    CHECK(r.vs_ort.samples > 0);
    CHECK(r.vs_ort.sqnr_db() >= c.min_sqnr_db);
    if (c.classes > 0) CHECK(r.vs_ort.rows - r.vs_ort.top1_equal <= c.max_top1_misses);
  }
  return results;
}

}  // namespace tinyc::test
