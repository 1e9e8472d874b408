// `tinyc run --mode int8`: the int8 reference from the command line. The
// outside check is TensorFlow Lite Micro's golden outputs for the MLPerf Tiny
// models (same integer arithmetic, so equal byte for byte); the project's
// digits model checks the float-input path (quantized with the input's
// parameters), --calib and --dequantize.
#include <doctest/doctest.h>

#include <cmath>

#include "common/test_util.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"

using namespace tinyc;
using tinyc::test::run_cli;

namespace {

std::string source(const std::string& rel) { return tinyc::test::source_dir() + "/" + rel; }

int64_t differing_bytes(const Tensor& a, const Tensor& b) {
  if (a.shape != b.shape || a.dtype != b.dtype || a.data.size() != b.data.size()) return -1;
  int64_t n = 0;
  for (size_t i = 0; i < a.data.size(); ++i) n += a.data[i] != b.data[i];
  return n;
}

}  // namespace

TEST_CASE("run --mode int8 reproduces TFLite Micro's golden outputs for the MLPerf Tiny QDQ models") {
  const std::string shared = tinyc::test::shared_models_dir();
  if (shared.empty()) {
    tinyc::test::report_skip("run --mode int8 on MLPerf Tiny", "../shared/models not present");
    return;
  }
  const std::string dir = shared + "/mlperf-tiny-onnx";
  const std::string tmp = tinyc::test::temp_dir("run-int8");
  for (const std::string m : {"kws", "ad", "ic", "vww"}) {
    INFO(m);
    const std::string out = tmp + "/" + m + ".npy";
    // int8 inputs with a leading sample axis (8 samples): taken as they are, run one by one, stacked.
    const auto r = run_cli("run " + dir + "/" + m + "_qdq_int8io.onnx --mode int8 --input " + dir + "/" + m +
                           ".inputs8_int8.npy --output " + out + " -q");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const Tensor got = read_npy(out);
    const Tensor want = read_npy(dir + "/" + m + ".outputs8_tflm_int8.npy");
    CHECK(got.dtype == DType::I8);
    CHECK(differing_bytes(got, want) == 0);
  }
}

TEST_CASE("run --mode int8 on a float model: --calib, float inputs quantized, --dequantize") {
  const std::string m = source("examples/models/");
  const std::string tmp = tinyc::test::temp_dir("run-int8-digits");
  const std::string base = "run " + m + "digits.onnx --mode int8 --calib " + m + "digits_calib.npy ";

  // Float images, quantized by tinyc with the input's parameters.
  REQUIRE(run_cli(base + "--input " + m + "digits_selftest.npy --output " + tmp + "/raw.npy -q").exit_code == 0);
  const Tensor raw = read_npy(tmp + "/raw.npy");
  CHECK(raw.dtype == DType::I8);
  CHECK(raw.shape == Shape{8, 10});

  // The same images quantized here (scale and zero point from the int8 graph) give the same bytes.
  std::vector<Tensor> calib = read_npy_list(m + "digits_calib.npy");
  const Int8Lowering low = build_int8(load_model(m + "digits.onnx"), &calib);
  const Tensor& decl = low.graph.tensor(low.graph.inputs[0]);
  REQUIRE(decl.quant.has_value());
  const Tensor images = read_npy(m + "digits_selftest.npy");
  const std::vector<float> x = images.to_float();
  Tensor q("x", DType::I8, images.shape);
  q.allocate();
  for (size_t i = 0; i < x.size(); ++i) {
    const float v = std::nearbyint(x[i] / decl.quant->scale[0]) + static_cast<float>(decl.quant->zero_point[0]);
    q.ptr<int8_t>()[i] = static_cast<int8_t>(std::fmin(127.f, std::fmax(-128.f, v)));
  }
  write_npy(tmp + "/q.npy", q);
  REQUIRE(run_cli(base + "--input " + tmp + "/q.npy --output " + tmp + "/raw2.npy -q").exit_code == 0);
  CHECK(differing_bytes(read_npy(tmp + "/raw2.npy"), raw) == 0);

  // --dequantize: scale * (q - zero_point) of the raw bytes.
  REQUIRE(run_cli(base + "--input " + m + "digits_selftest.npy --dequantize --output " + tmp + "/deq.npy -q")
              .exit_code == 0);
  const Tensor deq = read_npy(tmp + "/deq.npy");
  const Tensor& out_decl = low.graph.tensor(low.graph.outputs[0]);
  REQUIRE(deq.dtype == DType::F32);
  REQUIRE(deq.size() == raw.size());
  const std::vector<float> d = deq.to_float();
  for (size_t i = 0; i < d.size(); ++i)
    CHECK(d[i] == doctest::Approx(out_decl.quant->scale[0] *
                                  static_cast<float>(raw.ptr<int8_t>()[i] - out_decl.quant->zero_point[0])));

  // Top-1 of the int8 run agrees with the labels on most of these 8 images (the float model's accuracy is ~97%).
  const Tensor labels = read_npy(m + "digits_selftest_labels.npy");
  const std::vector<float> lab = labels.to_float();
  int correct = 0;
  for (int s = 0; s < 8; ++s) {
    int best = 0;
    for (int k = 1; k < 10; ++k)
      if (raw.ptr<int8_t>()[s * 10 + k] > raw.ptr<int8_t>()[s * 10 + best]) best = k;
    correct += best == static_cast<int>(lab[static_cast<size_t>(s)]);
  }
  CHECK(correct >= 7);
}

TEST_CASE("run --mode int8: errors") {
  const std::string m = source("examples/models/");
  auto r = run_cli("run " + m + "digits.onnx --mode int8 --input " + m + "digits_selftest.npy");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--calib") != std::string::npos);
  r = run_cli("run " + m + "digits.onnx --input " + m + "digits_selftest.npy --dequantize");
  CHECK(r.exit_code == 2);
  r = run_cli("run " + m + "digits.onnx --mode int4 --input " + m + "digits_selftest.npy");
  CHECK(r.exit_code == 2);
}
