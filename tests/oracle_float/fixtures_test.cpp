// The float reference against outside references on tinyc's own fixtures:
// PyTorch's logits for the digits model, and onnxruntime for every fixture
// model (digits, the MLPerf-Tiny-style models, each one-op model, the QDQ and
// QOperator models). The rule is in float_vs_ort.h.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>

#include "common/oracle.h"
#include "common/test_util.h"
#include "oracle_float/float_vs_ort.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/reference.h"

namespace fs = std::filesystem;
using namespace tinyc;
using namespace tinyc::test;

namespace {

/// The first `count` samples of a stacked .npy, each shaped like the model's input.
std::vector<std::vector<Tensor>> samples(const std::string& npy, const Graph& g, int64_t count) {
  const Tensor stacked = read_npy(npy);
  const Shape shape = g.tensor(g.inputs.at(0)).shape;
  std::vector<std::vector<Tensor>> sets;
  for (int64_t i = 0; i < std::min(count, stacked.shape.at(0)); ++i) sets.push_back({sample_of(stacked, i, shape)});
  return sets;
}

void check_model(const std::string& model, const std::vector<std::vector<Tensor>>& sets, bool qdq = false) {
  INFO("model ", model);
  OracleComparison c;
  try {  // one model's failure must not hide the others'
    c = qdq ? compare_qdq_with_ort(model, {}, sets) : compare_float_with_ort(model, {}, sets);
  } catch (const std::exception& e) {
    FAIL_CHECK(std::string(e.what()));
    return;
  }
  INFO("worst at ", c.where);
  CHECK(c.runs == static_cast<int>(sets.size()));
  if (qdq) {
    CHECK(c.worst <= 1.0);  // steps of the output scale
  } else {
    CHECK(c.worst <= kFloatTolerance);
  }
}

/// One-op fixtures whose variant tinyc rejects on purpose, and a word its Error must contain.
const std::map<std::string, std::string>& unsupported_op_fixtures() {
  static const std::map<std::string, std::string> rejected = {
      {"pad_op18_axes", "axes"},  // Pad-18's axes input: the frontend takes pads for every axis only
  };
  return rejected;
}

std::vector<std::string> onnx_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".onnx") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("digits: the float reference reproduces PyTorch's logits on all 360 held-out images") {
  const Graph imported = import_onnx(fixture("digits/digits.onnx"));
  Graph cleaned = imported;
  run_float_pipeline(cleaned);
  const Tensor test_x = read_npy(fixture("digits/test_x.npy"));
  const Tensor logits = read_npy(fixture("digits/float_logits.npy"));
  const std::vector<int64_t> labels = read_npy(fixture("digits/test_y.npy")).to_int64();
  REQUIRE(test_x.shape == Shape{360, 1, 8, 8});
  REQUIRE(logits.shape == Shape{360, 10});
  REQUIRE(labels.size() == 360);

  double worst = 0;
  int correct = 0;
  for (int64_t i = 0; i < 360; ++i) {
    const Tensor x = sample_of(test_x, i, {1, 1, 8, 8});
    const Tensor expected = sample_of(logits, i, {1, 10});
    std::vector<float> v;
    for (const Graph* g : std::initializer_list<const Graph*>{&imported, &cleaned}) {
      const std::vector<Tensor> out = run_float(*g, {x});
      REQUIRE(out.size() == 1);
      REQUIRE(out[0].shape == Shape{1, 10});
      worst = std::max(worst, relative_error(out[0], expected));
      v = out[0].to_float();
    }
    correct += (std::max_element(v.begin(), v.end()) - v.begin()) == labels[i];
  }
  INFO("worst relative error vs PyTorch: ", worst);
  CHECK(worst <= kFloatTolerance);
  // The labels are an independent check: the model was trained to > 95%.
  CHECK(correct >= 342);
}

TEST_CASE("fixtures: the float reference agrees with onnxruntime") {
  if (!require_oracle("float reference vs onnxruntime on fixtures")) return;

  SUBCASE("digits and the MLPerf-Tiny-style models") {
    const Graph digits = import_onnx(fixture("digits/digits.onnx"));
    check_model(fixture("digits/digits.onnx"), samples(fixture("digits/test_x.npy"), digits, 4));
    for (const std::string name : {"tiny_kws", "tiny_ic", "tiny_ad", "tiny_vww"}) {
      const std::string model = fixture(name + "/" + name + ".onnx");
      const Graph g = import_onnx(model);
      check_model(model, samples(fixture(name + "/inputs.npy"), g, 8));
    }
  }

  SUBCASE("every one-op model") {
    const std::vector<std::string> models = onnx_files(fixture("ops"));
    CHECK(models.size() >= 70);  // ops/INDEX.txt lists 78: a missing folder must not pass
    for (const auto& model : models) {
      const std::string stem = model.substr(0, model.size() - 5);
      const std::string name = fs::path(stem).filename().string();
      auto rejected = unsupported_op_fixtures().find(name);
      if (rejected != unsupported_op_fixtures().end()) {
        INFO("ops/", name, " is listed as unsupported (", rejected->second, "); if it imports now, compare it");
        CHECK_THROWS_WITH_AS(import_onnx(model), doctest::Contains(rejected->second.c_str()), Error);
        continue;
      }
      check_model(model, {{read_npy(stem + ".input.npy")}});
    }
  }

  SUBCASE("pre-quantized models, within one output step") {
    for (const std::string name : {"qdq_u8", "qdq_s8", "qop_u8"}) {
      const std::string stem = fixture("quant/" + name);
      check_model(stem + ".onnx", {{read_npy(stem + ".input.npy")}}, /*qdq=*/true);
    }
  }
}
