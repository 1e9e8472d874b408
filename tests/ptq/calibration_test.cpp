// Calibration through quantize_graph: the observers see every value of every
// sample (the multi-threaded, two-pass collection gives exactly what one
// histogram over all values gives), progress is reported, and results are
// deterministic.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "../../src/quantize/ptq/histogram.h"
#include "../../src/quantize/ptq/params.h"
#include "../../src/quantize/ptq/range_selection.h"
#include "ptq/ptq_test_util.h"
#include "tinyc/error.h"
#include "tinyc/quantize.h"

using namespace tinyc;
using namespace tinyc::test;

namespace {

constexpr int kSamples = 24, kWidth = 64;

Graph relu_model() {
  GraphBuilder b;
  b.input("x", {1, kWidth});
  b.node("Relu", {"x"}, "y");
  b.output("y");
  return b.finish();
}

// Normal values with a few large outliers spread over the samples.
std::vector<float> heavy_values() {
  Rng r(99);
  std::vector<float> v(kSamples * kWidth);
  for (float& x : v) x = r.normal();
  v[5] = 30.0f;
  v[700] = -25.0f;
  v[1400] = 28.0f;
  return v;
}

ptq::Histogram full_histogram(const std::vector<float>& v, bool absolute) {
  auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  const double lo = std::min(0.0, double(*mn)), hi = std::max(0.0, double(*mx));
  ptq::Histogram h = absolute ? ptq::Histogram(0.0, std::max(-lo, hi), 2048) : ptq::Histogram(lo, hi, 2048);
  h.add(v.data(), v.size(), absolute);
  return h;
}

QuantParams input_params(CalibrationMethod m, const std::vector<float>& v) {
  QuantizeOptions o;
  o.method = m;
  const Graph g = relu_model();
  const Graph q = quantize_graph(g, {data_tensor("x", {kSamples, kWidth}, v)}, o);
  return activation_qparams(q, "x");
}

}  // namespace

TEST_CASE("each method's range over all samples equals the range of one histogram of every value") {
  const std::vector<float> v = heavy_values();
  auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  const ptq::FloatRange observed{*mn, *mx};

  CHECK(input_params(CalibrationMethod::MinMax, v) == ptq::activation_params(observed));
  CHECK(input_params(CalibrationMethod::Percentile, v) ==
        ptq::activation_params(ptq::percentile_range(full_histogram(v, false), 99.99, observed)));
  CHECK(input_params(CalibrationMethod::Mse, v) == ptq::activation_params(ptq::mse_range(full_histogram(v, false))));
  CHECK(input_params(CalibrationMethod::Entropy, v) ==
        ptq::activation_params(ptq::entropy_range(full_histogram(v, true), observed)));

  // Entropy clips the outliers that minmax keeps (MSE keeps so few far
  // outliers: clipping them would cost more than the coarser steps).
  CHECK(input_params(CalibrationMethod::Entropy, v).scale[0] < input_params(CalibrationMethod::MinMax, v).scale[0] / 2);
}

TEST_CASE("calibration is deterministic") {
  const std::vector<float> v = heavy_values();
  for (auto m : {CalibrationMethod::MinMax, CalibrationMethod::Mse, CalibrationMethod::Entropy}) {
    QuantizeOptions o;
    o.method = m;
    const Graph g = relu_model();
    const Graph a = quantize_graph(g, {data_tensor("x", {kSamples, kWidth}, v)}, o);
    const Graph b = quantize_graph(g, {data_tensor("x", {kSamples, kWidth}, v)}, o);
    CHECK(activation_qparams(a, "x") == activation_qparams(b, "x"));
    CHECK(activation_qparams(a, "y_float") == activation_qparams(b, "y_float"));
  }
}

TEST_CASE("progress reports every sample of each pass, ending at the total") {
  const std::vector<float> v = heavy_values();
  for (auto [m, passes] : {std::pair{CalibrationMethod::MinMax, 1}, std::pair{CalibrationMethod::Percentile, 2}}) {
    std::mutex mu;
    std::vector<std::pair<size_t, size_t>> calls;
    QuantizeOptions o;
    o.method = m;
    o.progress = [&](size_t done, size_t total) {
      std::lock_guard<std::mutex> l(mu);
      calls.emplace_back(done, total);
    };
    quantize_graph(relu_model(), {data_tensor("x", {kSamples, kWidth}, v)}, o);
    const size_t total = static_cast<size_t>(kSamples * passes);
    REQUIRE(calls.size() == total);
    for (size_t i = 0; i < calls.size(); ++i) {
      CHECK(calls[i].second == total);
      CHECK(calls[i].first == i + 1);  // serialized: 1, 2, ..., total
    }
  }
}

TEST_CASE("calibration data layouts: [N, ...input shape], [N, ...] for a batch-1 input, or one sample") {
  const Graph g = relu_model();
  std::vector<float> v(3 * kWidth);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) / 10.0f - 5.0f;
  const QuantParams expected = ptq::activation_params({v.front(), v.back()});
  CHECK(activation_qparams(quantize_graph(g, {data_tensor("x", {3, kWidth}, v)}), "x") == expected);
  CHECK(activation_qparams(quantize_graph(g, {data_tensor("x", {3, 1, kWidth}, v)}), "x") == expected);
  const std::vector<float> one(v.begin(), v.begin() + kWidth);
  CHECK(activation_qparams(quantize_graph(g, {data_tensor("x", {1, kWidth}, one)}), "x") ==
        ptq::activation_params({one.front(), one.back()}));
  CHECK_THROWS(quantize_graph(g, {data_tensor("x", {3, kWidth + 1}, std::vector<float>(3 * (kWidth + 1)))}));
}

TEST_CASE("a non-finite activation value is an error naming the tensor") {
  std::vector<float> v(2 * kWidth, 1.0f);
  v[70] = INFINITY;
  try {
    quantize_graph(relu_model(), {data_tensor("x", {2, kWidth}, v)});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("'x'") != std::string::npos);
  }
}
