// run_float_pipeline on real models: the project's fixtures (always there)
// and the third-party models in ../shared/models (skipped when absent). The
// pipeline must remove what it promises and leave the outputs unchanged.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/test_util.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/reference.h"

using namespace tinyc;

namespace {

size_t count_op(const Graph& g, const std::string& op) {
  return static_cast<size_t>(std::count_if(g.nodes.begin(), g.nodes.end(), [&](const Node& n) { return n.op_type == op; }));
}

// The first sample of a stack of inputs saved along the batch axis.
Tensor first_sample(const std::string& npy, const Tensor& spec) {
  Tensor t = read_npy(npy);
  REQUIRE(t.dtype == DType::F32);
  REQUIRE(t.byte_size() >= spec.byte_size());
  Tensor r = Tensor::from_float(spec.name, spec.shape, std::vector<float>(static_cast<size_t>(spec.size())));
  std::memcpy(r.data.data(), t.data.data(), r.byte_size());
  r.is_constant = false;
  return r;
}

struct Case {
  std::string model, input_npy;  ///< input_npy "" for pseudo-random inputs
  bool qdq = false;
};

// Runs the pipeline on `c` and checks what it guarantees.
void check_pipeline(const Case& c, const ImportOptions& opts = {}) {
  CAPTURE(c.model);
  const Graph before = import_onnx(c.model, opts);
  Graph after = before;
  run_float_pipeline(after);

  CHECK(after.inputs == before.inputs);
  CHECK(after.outputs == before.outputs);
  for (const char* gone : {"BatchNormalization", "Identity", "Dropout", "Shape"}) {
    CAPTURE(gone);
    CHECK(count_op(after, gone) == 0);
  }
  // The Q/DQ pairs that carry a QDQ model's quantization stay, all of them.
  for (const char* kept : {"QuantizeLinear", "DequantizeLinear"}) {
    CAPTURE(kept);
    CHECK(count_op(after, kept) == count_op(before, kept));
  }

  std::vector<Tensor> inputs;
  if (c.input_npy.empty()) {
    for (const auto& name : before.inputs) {
      const Tensor& spec = before.tensor(name);
      std::vector<float> v(static_cast<size_t>(spec.size()));
      for (size_t i = 0; i < v.size(); ++i) v[i] = std::sin(0.37f * static_cast<float>(i));
      inputs.push_back(Tensor::from_float(name, spec.shape, v));
      inputs.back().is_constant = false;
    }
  } else {
    inputs.push_back(first_sample(c.input_npy, before.tensor(before.inputs.at(0))));
  }
  const std::vector<Tensor> want = run_float(before, inputs), got = run_float(after, inputs);
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    REQUIRE(got[i].shape == want[i].shape);
    const std::vector<float> w = want[i].to_float(), o = got[i].to_float();
    float scale = 1.f, worst = 0.f;
    for (size_t k = 0; k < w.size(); ++k) {
      scale = std::max(scale, std::fabs(w[k]));
      worst = std::max(worst, std::fabs(w[k] - o[k]));
    }
    // QDQ graphs: fusing a Relu before its QuantizeLinear changes no arithmetic,
    // so they must match exactly. Float graphs: folded BN rounds differently.
    if (c.qdq) CHECK(worst == 0.f);
    else CHECK(worst <= 1e-4f * scale);
  }
}

}  // namespace

TEST_CASE("the pipeline on the fixtures folds every BN, fuses every Relu and keeps the outputs") {
  const std::string f = test::fixture("");
  const Case cases[] = {
      {f + "digits/digits.onnx", f + "digits/test_x.npy"},
      {f + "tiny_kws/tiny_kws.onnx", f + "tiny_kws/inputs.npy"},
      {f + "tiny_ic/tiny_ic.onnx", f + "tiny_ic/inputs.npy"},
      {f + "tiny_ad/tiny_ad.onnx", f + "tiny_ad/inputs.npy"},
      {f + "tiny_vww/tiny_vww.onnx", f + "tiny_vww/inputs.npy"},
      {f + "quant/qdq_s8.onnx", f + "quant/qdq_s8.input.npy", true},
      {f + "quant/qdq_u8.onnx", f + "quant/qdq_u8.input.npy", true},
  };
  for (const Case& c : cases) {
    check_pipeline(c);
    // Every Relu in these models follows a Conv+BN, a Gemm+BN or an Add.
    Graph g = import_onnx(c.model);
    CHECK(count_op(g, "Relu") > 0);
    run_float_pipeline(g);
    CHECK(count_op(g, "Relu") == 0);
  }
  // digits: Conv+BN+ReLU four times (tests/fixtures/README.md).
  Graph digits = import_onnx(f + "digits/digits.onnx");
  REQUIRE(count_op(digits, "BatchNormalization") == 4);
  run_float_pipeline(digits);
  CHECK(count_op(digits, "Conv") == 4);
  for (const Node& n : digits.nodes)
    if (n.op_type == "Conv") CHECK(n.attr_string("tinyc.activation", "") == "Relu");
}

TEST_CASE("the pipeline on the shared MLPerf Tiny and other third-party models keeps the outputs") {
  const std::string dir = test::shared_models_dir();
  if (dir.empty()) {
    test::report_skip("passes on shared models", "../shared/models is absent");
    return;
  }
  const std::string m = dir + "/mlperf-tiny-onnx/";
  for (const char* name : {"kws", "ic", "ad", "vww"}) {
    check_pipeline({m + name + "_float.onnx", m + name + ".input_float.npy"});
    check_pipeline({m + name + "_qdq.onnx", m + name + ".input_float.npy", true});
  }
  check_pipeline({dir + "/onnx2c/test/mnist/model.onnx", ""});
  check_pipeline({dir + "/emx-onnx-cgen/micro_kws_m_static_fp32.onnx", ""});
  ImportOptions batch1;
  batch1.dim_values["unk__68"] = 1;
  check_pipeline({dir + "/emx-onnx-cgen/micro_kws_m_static_qdq.onnx", "", true}, batch1);
}
