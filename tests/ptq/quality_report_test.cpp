// The quality report's numbers, recomputed here from run_float and run_int8
// outputs with the textbook formulas.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>

#include "../../src/quantize/ptq/quality_report.h"
#include "ptq/ptq_test_util.h"
#include "tinyc/quantize.h"
#include "tinyc/reference.h"

using namespace tinyc;
using namespace tinyc::test;

namespace {

Attribute ints(std::vector<int64_t> v) { return Attribute::of_ints(std::move(v)); }

// Conv -> GlobalAveragePool -> Flatten -> Gemm: two outputs' worth of classes.
Graph small_classifier() {
  GraphBuilder b;
  b.input("x", {1, 2, 5, 5});
  b.random_constant("w", {6, 2, 3, 3}, 51);
  b.random_constant("bw", {6}, 52);
  b.node("Conv", {"x", "w", "bw"}, "c", {{"kernel_shape", ints({3, 3})}});
  b.node("GlobalAveragePool", {"c"}, "p");
  b.node("Flatten", {"p"}, "f");
  b.random_constant("wg", {4, 6}, 53);
  b.node("Gemm", {"f", "wg"}, "y", {{"transB", Attribute::of_int(1)}});
  b.output("y");
  return b.finish();
}

Tensor samples(int n, uint32_t seed) {
  Rng r(seed);
  std::vector<float> v(static_cast<size_t>(n * 50));
  for (float& x : v) x = r.uniform(-1, 1);
  return data_tensor("x", {n, 1, 2, 5, 5}, v);
}

}  // namespace

TEST_CASE("sqnr_db is 10 log10(signal / noise), infinite without noise") {
  CHECK(ptq::sqnr_db(100.0, 1.0) == doctest::Approx(20.0));
  CHECK(ptq::sqnr_db(2.0, 2.0) == doctest::Approx(0.0));
  CHECK(std::isinf(ptq::sqnr_db(5.0, 0.0)));
  CHECK(ptq::sqnr_db(5.0, 0.0) > 0);
}

TEST_CASE("output SQNR, cosine and top-1 match a direct float vs int8 comparison") {
  const Graph g = small_classifier();
  const Graph q = quantize_graph(g, {samples(10, 1)});
  const Tensor eval = samples(12, 2);
  std::vector<int64_t> labels(12);
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int64_t>(i % 4);
  const Tensor label_t = Tensor::from_int64("labels", {12}, labels);
  const ptq::QualityReport rep = ptq::quality_report(g, q, {eval}, &label_t);

  // Independently: run both models per sample, sum, and apply the formulas.
  const Int8Lowering low = lower_to_int8(q);
  const QuantParams& in_q = *low.graph.tensor(low.graph.inputs[0]).quant;
  const QuantParams& out_q = *low.graph.tensor(low.graph.outputs[0]).quant;
  const std::vector<float> all = eval.to_float();
  double ff = 0, qq = 0, fq = 0, noise = 0;
  int float_ok = 0, int8_ok = 0, agree = 0;
  for (int i = 0; i < 12; ++i) {
    Tensor x = data_tensor("x", {1, 2, 5, 5}, std::vector<float>(all.begin() + i * 50, all.begin() + (i + 1) * 50));
    const std::vector<float> f = run_float(g, {x})[0].to_float();
    Tensor xi = quantize_tensor(x, in_q);
    xi.name = low.graph.inputs[0];
    const std::vector<float> d = dequantize_tensor(run_int8(low.graph, {xi})[0], out_q).to_float();
    REQUIRE(f.size() == 4);
    REQUIRE(d.size() == 4);
    size_t af = 0, ad = 0;
    for (size_t k = 0; k < 4; ++k) {
      ff += double(f[k]) * f[k];
      qq += double(d[k]) * d[k];
      fq += double(f[k]) * d[k];
      noise += (double(f[k]) - d[k]) * (double(f[k]) - d[k]);
      if (f[k] > f[af]) af = k;
      if (d[k] > d[ad]) ad = k;
    }
    float_ok += static_cast<int64_t>(af) == labels[static_cast<size_t>(i)];
    int8_ok += static_cast<int64_t>(ad) == labels[static_cast<size_t>(i)];
    agree += af == ad;
  }
  CHECK(rep.samples == 12);
  CHECK(rep.output_sqnr_db == doctest::Approx(10 * std::log10(ff / noise)).epsilon(1e-9));
  CHECK(rep.output_cosine == doctest::Approx(fq / std::sqrt(ff * qq)).epsilon(1e-9));
  CHECK(rep.has_labels);
  CHECK(rep.float_top1 == doctest::Approx(float_ok / 12.0));
  CHECK(rep.int8_top1 == doctest::Approx(int8_ok / 12.0));
  CHECK(rep.top1_agreement == doctest::Approx(agree / 12.0));

  // Per tensor: every activation of the float graph is compared, worst first.
  std::set<std::string> floats;
  for (const auto& t : rep.tensors) floats.insert(t.float_name);
  for (const char* name : {"x", "c", "p", "f", "y"}) CHECK_MESSAGE(floats.count(name) == 1, name);
  for (size_t i = 1; i < rep.tensors.size(); ++i) CHECK(rep.tensors[i - 1].sqnr_db <= rep.tensors[i].sqnr_db);
  // Pooling and Flatten move the Conv's codes unchanged, and average away noise.
  double sqnr_c = 0, sqnr_y = 0;
  for (const auto& t : rep.tensors) {
    if (t.float_name == "c") sqnr_c = t.sqnr_db;
    if (t.float_name == "y") sqnr_y = t.sqnr_db;
  }
  CHECK(sqnr_y == doctest::Approx(rep.output_sqnr_db));
  CHECK(sqnr_c > 20.0);
}

TEST_CASE("the report renders as text and as JSON, infinite SQNR as null") {
  ptq::QualityReport r;
  r.samples = 3;
  r.output_sqnr_db = 31.25;
  r.output_cosine = 0.999;
  r.tensors = {{"a_q", "a", 12.5, 0.98}, {"b", "b", std::numeric_limits<double>::infinity(), 1.0}};
  r.has_labels = true;
  r.float_top1 = 0.9;
  r.int8_top1 = 0.85;
  const std::string text = ptq::format_report_text(r, 1);
  CHECK(text.find("31.25 dB") != std::string::npos);
  CHECK(text.find("a_q (a)") != std::string::npos);
  CHECK(text.find("worst 1 of 2") != std::string::npos);
  CHECK(text.find("-5.00 points") != std::string::npos);
  const std::string json = ptq::format_report_json(r);
  CHECK(json.find("\"output_sqnr_db\": 31.25") != std::string::npos);
  CHECK(json.find("\"sqnr_db\": null") != std::string::npos);
  CHECK(json.find("\"int8_top1\": 0.85") != std::string::npos);
  CHECK(json.front() == '{');
  CHECK(json.back() == '}');
}
