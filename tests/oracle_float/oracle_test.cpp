// The oracle's own plumbing: the error measure, deterministic inputs, and
// run_onnxruntime on cases whose answer is known without onnxruntime.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/oracle.h"
#include "common/test_util.h"
#include "oracle_float/float_vs_ort.h"
#include "tinyc/npy.h"

using namespace tinyc;
using namespace tinyc::test;

namespace {
Tensor floats(Shape shape, std::vector<float> v) {
  Tensor t = Tensor::from_float("t", std::move(shape), v);
  t.is_constant = false;
  return t;
}
}  // namespace

TEST_CASE("relative_error is the largest difference over the largest expected magnitude") {
  CHECK(relative_error(floats({3}, {1, 2, 3}), floats({3}, {1, 2, 3})) == 0.0);
  CHECK(relative_error(floats({3}, {1, 2, 3}), floats({3}, {1, 2, 3.5f})) == doctest::Approx(0.5 / 3.5));
  CHECK(relative_error(floats({2}, {-4, 0}), floats({2}, {-4, 0.5f})) == doctest::Approx(0.5 / 4));
  // An all-zero expected output: the 1e-6 floor makes the error absolute / 1e-6.
  CHECK(relative_error(floats({2}, {0, 1e-7f}), floats({2}, {0, 0})) == doctest::Approx(0.1));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK(relative_error(floats({2}, {nan, 1}), floats({2}, {nan, 1})) == 0.0);
  CHECK(std::isinf(relative_error(floats({2}, {nan, 1}), floats({2}, {0, 1}))));
  CHECK(std::isinf(relative_error(floats({2}, {0, 1}), floats({2}, {0, nan}))));
  CHECK_THROWS_AS(relative_error(floats({2}, {0, 1}), floats({1, 2}, {0, 1})), std::runtime_error);
}

TEST_CASE("seeded inputs come from std::mt19937 and do not depend on the standard library") {
  // The standard fixes mt19937's first output for the default seed 5489: 3499211612.
  const Tensor t = seeded_tensor("x", {2, 2}, 5489, 0.0f, 1.0f);
  REQUIRE(t.shape == Shape{2, 2});
  CHECK(t.ptr<float>()[0] == static_cast<float>(3499211612u >> 8) / 16777216.0f);
  const Tensor again = seeded_tensor("x", {2, 2}, 5489, 0.0f, 1.0f);
  CHECK(again.data == t.data);
  const Tensor ranged = seeded_tensor("x", {1000}, 7, -3.0f, 5.0f);
  const float* p = ranged.ptr<float>();
  CHECK(*std::min_element(p, p + 1000) >= -3.0f);
  CHECK(*std::max_element(p, p + 1000) < 5.0f);
  CHECK(seed_of("a.onnx") != seed_of("b.onnx"));
}

TEST_CASE("sample_of takes one sample of a stacked array") {
  const Tensor stacked = floats({3, 2}, {1, 2, 3, 4, 5, 6});
  const Tensor s = sample_of(stacked, 1, {1, 2});
  CHECK(s.shape == Shape{1, 2});
  CHECK(s.to_float() == std::vector<float>{3, 4});
  CHECK_THROWS_AS(sample_of(stacked, 3, {1, 2}), std::runtime_error);
  CHECK_THROWS_AS(sample_of(stacked, 0, {1, 3}), std::runtime_error);
}

TEST_CASE("run_onnxruntime: Relu gives max(x, 0), named after the model's output") {
  if (!require_oracle("run_onnxruntime on ops/relu.onnx")) return;
  const Tensor x = read_npy(fixture("ops/relu.input.npy"));
  for (bool optimize : {false, true}) {
    const std::vector<Tensor> out = run_onnxruntime(fixture("ops/relu.onnx"), {x}, optimize);
    REQUIRE(out.size() == 1);
    CHECK(out[0].name == "y");
    CHECK(out[0].dtype == DType::F32);
    REQUIRE(out[0].shape == x.shape);
    const std::vector<float> in = x.to_float(), got = out[0].to_float();
    int negatives = 0;
    for (size_t i = 0; i < in.size(); ++i) {
      CHECK(got[i] == std::max(in[i], 0.0f));
      negatives += in[i] < 0;
    }
    CHECK(negatives > 0);  // the input does exercise the clamp
  }
}

TEST_CASE("run_onnxruntime reports failures with onnxruntime's message") {
  if (!require_oracle("run_onnxruntime errors")) return;
  const Tensor x = read_npy(fixture("ops/relu.input.npy"));
  CHECK_THROWS_WITH_AS(run_onnxruntime(fixture("ops/no_such_model.onnx"), {x}), doctest::Contains("no_such_model"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(run_onnxruntime(fixture("ops/relu.onnx"), {x, x}), doctest::Contains("got 2"),
                       std::runtime_error);
  Tensor wrong_shape = floats({2}, {1, 2});
  CHECK_THROWS_AS(run_onnxruntime(fixture("ops/relu.onnx"), {wrong_shape}), std::runtime_error);
}

TEST_CASE("run_onnxruntime passes int8 through: MLPerf KWS int8 graph reproduces TFLite Micro's output") {
  const std::string root = shared_models_dir();
  if (root.empty()) {
    report_skip("run_onnxruntime on an int8 model", "../shared/models not found");
    return;
  }
  if (!require_oracle("run_onnxruntime on an int8 model")) return;
  // shared/models/README.md: onnxruntime on kws_qdq_int8io.onnx gives TFLM's output exactly.
  const Tensor x = read_npy(root + "/mlperf-tiny-onnx/kws.input_int8.npy");
  const Tensor expected = read_npy(root + "/mlperf-tiny-onnx/kws.output_tflm_int8.npy");
  REQUIRE(x.dtype == DType::I8);
  const std::vector<Tensor> out = run_onnxruntime(root + "/mlperf-tiny-onnx/kws_qdq_int8io.onnx", {x});
  REQUIRE(out.size() == 1);
  CHECK(out[0].dtype == DType::I8);
  CHECK(out[0].shape == expected.shape);
  CHECK(out[0].data == expected.data);
}
