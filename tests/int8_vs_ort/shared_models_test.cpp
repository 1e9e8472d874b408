// Whole pre-quantized models from ../shared/models: tinyc's int8 reference
// against onnxruntime (graph optimizations disabled) by top-1 agreement,
// output SQNR and the largest LSB difference, and against TensorFlow Lite
// Micro's golden outputs for the MLPerf Tiny models (tinyc must be bit-exact
// there, tests/int8 asserts it; this table reports it beside onnxruntime's
// distance). The floors asserted here are explained in docs/conformance.md,
// "Agreement with onnxruntime".
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>

#include "common/oracle.h"
#include "common/test_util.h"
#include "conformance/tensor_proto_io.h"
#include "int8_vs_ort/model_agreement.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"

using namespace tinyc;
using test::ModelCase;

namespace {

// Output SQNR of tinyc against onnxruntime must reach this on every model but
// one: measured 34 to 48 dB where the two differ at all (kws int8io, whose
// outputs drift up to 8 LSB apart, is the lowest). ResNet-8 (ic) is the
// exception, see mlperf().
constexpr double kSqnrFloorDb = 30.0;

// Sample k of a stack of samples (leading axis), with the shape `shape`.
Tensor sample(const Tensor& stacked, int64_t k, const Shape& shape) {
  Tensor t(stacked.name, stacked.dtype, shape);
  const size_t bytes = t.byte_size();
  REQUIRE(stacked.byte_size() >= (k + 1) * bytes);
  t.data.assign(stacked.data.begin() + k * bytes, stacked.data.begin() + (k + 1) * bytes);
  return t;
}

Shape without_leading(const Shape& s) { return Shape(s.begin() + 1, s.end()); }

// The MLPerf Tiny model `m`: the int8-in/int8-out graph on the golden input and
// the 8 more inputs, and the float-in/float-out graph on the golden input, each
// with TFLite Micro's outputs.
std::vector<ModelCase> mlperf(const std::string& dir, const std::string& m, int64_t classes) {
  const std::string base = dir + "/mlperf-tiny-onnx/" + m;
  const Tensor one = read_npy(base + ".input_int8.npy"), eight = read_npy(base + ".inputs8_int8.npy");
  const Tensor out1 = read_npy(base + ".output_tflm_int8.npy"), out8 = read_npy(base + ".outputs8_tflm_int8.npy");
  ModelCase io(m + "_qdq_int8io", base + "_qdq_int8io.onnx");
  io.classes = classes;
  io.runs.push_back({one});
  io.golden.push_back(out1);
  for (int64_t k = 0; k < eight.shape.at(0); ++k) {
    io.runs.push_back({sample(eight, k, without_leading(eight.shape))});
    io.golden.push_back(sample(out8, k, without_leading(out8.shape)));
  }
  ModelCase fio(m + "_qdq (float in/out)", base + "_qdq.onnx");
  fio.classes = classes;
  fio.runs.push_back({read_npy(base + ".input_float.npy")});
  fio.golden.push_back(out1);
  io.min_sqnr_db = fio.min_sqnr_db = kSqnrFloorDb;
  if (m == "ic") {
    // On the third of the 8 extra inputs, ResNet-8's two best classes (9 and
    // 1) are close: TFLite Micro and tinyc give them 0.73 / 0.27, onnxruntime,
    // after its float drift through eight layers, 0.45 / 0.54. That one
    // swapped softmax row (72 LSB) dominates the noise: 15 dB over the 9 inputs.
    io.max_top1_misses = 1;
    io.min_sqnr_db = 12.0;
  }
  return {io, fio};
}

// Deterministic inputs in [lo, hi) (a fixed linear congruential sequence).
Tensor pseudo_random(const Shape& shape, float lo, float hi, uint32_t seed) {
  std::vector<float> v(static_cast<size_t>(num_elements(shape)));
  for (auto& x : v) {
    seed = seed * 1664525u + 1013904223u;
    x = lo + (hi - lo) * static_cast<float>(seed >> 8) / static_cast<float>(1u << 24);
  }
  return Tensor::from_float("x", shape, v);
}

// The numbers of the JSON array that follows "key" (the beer_user_tests.json layout).
std::vector<float> json_numbers(const std::string& text, const std::string& key) {
  std::vector<float> v;
  size_t p = text.find("\"" + key + "\"");
  if (p == std::string::npos || (p = text.find('[', p)) == std::string::npos) return v;
  const size_t e = text.find(']', p);
  const std::string body = text.substr(p + 1, e == std::string::npos ? std::string::npos : e - p - 1);
  const char* c = body.c_str();
  while (*c) {
    char* next = nullptr;
    const double d = std::strtod(c, &next);
    if (next == c) { ++c; continue; }
    v.push_back(static_cast<float>(d));
    c = next;
  }
  return v;
}

// onnx2c's QLinearAdd/QLinearMul test: the scales and zero points are graph
// inputs there; tinyc compiles them as constants, so they are baked in from
// the test data set and both tinyc and onnxruntime run the baked model on a
// and b (the shipped output is the golden).
ModelCase qlinear_case(const std::string& dir, const std::string& test_name) {
  const std::string t = dir + "/onnx2c/test/local_ops/" + test_name;
  conformance::ModelSummary summary;
  std::string why;
  REQUIRE_MESSAGE(conformance::read_model_summary(t + "/model.onnx", summary, why), why);
  std::vector<Tensor> data, baked;
  for (size_t i = 0; i < summary.inputs.size(); ++i) {
    Tensor v;
    REQUIRE_MESSAGE(conformance::load_tensor_proto(t + "/test_data_set_0/input_" + std::to_string(i) + ".pb", v, why),
                    why);
    v.name = summary.inputs[i];
    (v.shape.empty() ? baked : data).push_back(v);  // scalars: the scales and zero points
  }
  Tensor want;
  REQUIRE_MESSAGE(conformance::load_tensor_proto(t + "/test_data_set_0/output_0.pb", want, why), why);
  const std::string path = test::temp_dir("qlinear") + "/" + test_name + ".onnx";
  const std::string bytes = conformance::model_with_constant_inputs(t + "/model.onnx", baked);
  REQUIRE(!bytes.empty());
  std::ofstream(path, std::ios::binary) << bytes;
  ModelCase c(test_name + " (scales baked in)", path);
  c.runs.push_back(data);
  c.golden.push_back(want);
  c.min_sqnr_db = kSqnrFloorDb;
  return c;
}

}  // namespace

TEST_CASE("pre-quantized models in ../shared/models agree with onnxruntime (top-1, SQNR, LSB)") {
  const std::string dir = test::shared_models_dir();
  if (dir.empty()) return test::report_skip("int8 models against onnxruntime", "../shared/models is absent");
  if (!test::require_oracle("int8 models against onnxruntime")) return;

  std::vector<ModelCase> cases;
  for (const auto& [m, classes] : {std::pair<std::string, int64_t>{"kws", 12}, {"vww", 2}, {"ic", 10}, {"ad", 0}})
    for (ModelCase& c : mlperf(dir, m, classes)) cases.push_back(std::move(c));

  // micro_kws: no data ships with it; 4 deterministic inputs spread over the
  // first QuantizeLinear's range (scale 0.0392, about [-5, 5]). The QDQ
  // variants have a symbolic batch (unk__68): one run of 4 samples; the
  // QOperator variants have batch 1: 4 runs.
  const std::string emx = dir + "/emx-onnx-cgen/";
  std::vector<Tensor> kws_in;
  for (uint32_t k = 0; k < 4; ++k) kws_in.push_back(pseudo_random({1, 1960}, -4.9f, 4.9f, 77 + k));
  Tensor kws_batch("x", DType::F32, {4, 1960});
  for (const Tensor& t : kws_in) kws_batch.data.insert(kws_batch.data.end(), t.data.begin(), t.data.end());
  for (const char* m : {"micro_kws_m_qdq", "micro_kws_m_static_qdq"}) {
    ModelCase c(m, emx + m + ".onnx");
    c.shape_specs = {"unk__68=4"};
    c.runs.push_back({kws_batch});
    c.samples_per_run = 4;
    c.classes = 10;
    c.min_sqnr_db = kSqnrFloorDb;
    cases.push_back(c);
  }
  for (const char* m : {"micro_kws_m_static_qoperator", "micro_kws_m_qoperator_add_shape",
                        "micro_kws_m_qoperator_softmax"}) {
    ModelCase c(m, emx + m + ".onnx");
    c.classes = 10;
    c.min_sqnr_db = kSqnrFloorDb;
    for (const Tensor& t : kws_in) c.runs.push_back({t});
    cases.push_back(c);
  }

  // z-ant beer: 12x12 cells, a float Softmax over 3 classes per cell at the
  // end (tinyc computes it in int8 with TFLite's 1/256 output encoding):
  // top-1 is compared per cell.
  std::string json;
  REQUIRE(test::read_file(dir + "/z-ant/beer_user_tests.json", json));
  ModelCase beer("z-ant beer (top-1 per cell)", dir + "/z-ant/beer.onnx");
  beer.runs.push_back({Tensor::from_float("x", {1, 96, 96, 1}, json_numbers(json, "input"))});
  beer.classes = 3;
  beer.min_sqnr_db = kSqnrFloorDb;
  cases.push_back(beer);

  for (const char* t : {"test_qlinearadd_int8", "test_qlinearadd_uint8", "test_qlinearmul_int8", "test_qlinearmul_uint8"})
    cases.push_back(qlinear_case(dir, t));

  const std::vector<test::ModelResult> results = test::check_models(cases);
  // tinyc reproduces TFLite Micro (tests/int8 asserts it on these inputs too).
  for (size_t i = 0; i < cases.size(); ++i)
    if (results[i].has_golden && results[i].error.empty() && cases[i].label.rfind("test_qlinear", 0) != 0) {
      INFO(cases[i].label);
      CHECK(results[i].ours_vs_golden.max == 0);
    }
}

TEST_CASE("micro_kws avg_pool variant: the float tail without QuantizeLinear is refused, naming the node") {
  const std::string dir = test::shared_models_dir();
  if (dir.empty()) return test::report_skip("micro_kws avg_pool refusal", "../shared/models is absent");
  const Graph g = load_model(dir + "/emx-onnx-cgen/micro_kws_m_qoperator_avg_pool.onnx");
  try {
    build_int8(g, nullptr);
    FAIL("the float tail was lowered");
  } catch (const Error& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("Add__25") != std::string::npos);
  }
}
