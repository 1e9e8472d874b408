// Post-training quantization of the project's fixture models: the digits CNN
// (real data: int8 accuracy within 1 point of float, the requirement),
// the MLPerf-Tiny-style models, and every one-op model.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../../src/quantize/ptq/quality_report.h"
#include "common/test_util.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/quantize.h"

using namespace tinyc;
using tinyc::test::fixture;

namespace {

Graph load(const std::string& path) {
  Graph g = import_onnx(path);
  run_float_pipeline(g);
  return g;
}

std::string name_of(CalibrationMethod m) {
  switch (m) {
    case CalibrationMethod::MinMax: return "minmax";
    case CalibrationMethod::Percentile: return "percentile";
    case CalibrationMethod::Mse: return "mse";
    case CalibrationMethod::Entropy: return "entropy";
  }
  return "?";
}

constexpr CalibrationMethod kMethods[] = {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
                                          CalibrationMethod::Mse, CalibrationMethod::Entropy};

}  // namespace

TEST_CASE("digits: int8 top-1 on the held-out split is within 1 point of float, for every method") {
  const Graph g = load(fixture("digits/digits.onnx"));
  const Tensor calib = read_npy(fixture("digits/calib.npy"));
  const Tensor test_x = read_npy(fixture("digits/test_x.npy"));
  const Tensor test_y = read_npy(fixture("digits/test_y.npy"));
  // PyTorch's own accuracy, from the logits the generator saved: the report's
  // float accuracy must agree with it (the float reference is the same model).
  const Tensor torch_logits = read_npy(fixture("digits/float_logits.npy"));
  const std::vector<float> tl = torch_logits.to_float();
  const std::vector<int64_t> labels = test_y.to_int64();
  REQUIRE(tl.size() == labels.size() * 10);
  int torch_ok = 0;
  for (size_t i = 0; i < labels.size(); ++i)
    torch_ok += std::max_element(tl.begin() + i * 10, tl.begin() + (i + 1) * 10) - (tl.begin() + i * 10) == labels[i];
  const double torch_top1 = torch_ok / static_cast<double>(labels.size());

  for (CalibrationMethod m : kMethods) {
    const std::string method = name_of(m);
    CAPTURE(method);
    QuantizeOptions o;
    o.method = m;
    const Graph q = quantize_graph(g, {calib}, o);
    const ptq::QualityReport r = ptq::quality_report(g, q, {test_x}, &test_y);
    MESSAGE(name_of(m) << ": output SQNR " << r.output_sqnr_db << " dB, cosine " << r.output_cosine << ", top-1 float "
                       << r.float_top1 << " int8 " << r.int8_top1);
    CHECK(r.samples == 360);
    CHECK(std::fabs(r.float_top1 - torch_top1) <= 1.0 / 360 + 1e-9);
    CHECK(std::fabs(r.int8_top1 - r.float_top1) <= 0.01 + 1e-9);
    CHECK(r.output_sqnr_db > 20.0);
    CHECK(r.output_cosine > 0.99);
  }
}

TEST_CASE("MLPerf-Tiny-style fixtures quantize, lower and keep a sane SQNR with every method") {
  for (const char* name : {"tiny_kws", "tiny_ic", "tiny_ad", "tiny_vww"}) {
    const std::string dir = fixture(std::string(name) + "/");
    const Graph g = load(dir + name + ".onnx");
    const Tensor calib = read_npy(dir + "calib.npy");
    const Tensor inputs = read_npy(dir + "inputs.npy");
    for (CalibrationMethod m : kMethods) {
      const std::string what = std::string(name) + " " + name_of(m);
      CAPTURE(what);
      QuantizeOptions o;
      o.method = m;
      const Graph q = quantize_graph(g, {calib}, o);
      const ptq::QualityReport on_calib = ptq::quality_report(g, q, {calib});
      const ptq::QualityReport on_inputs = ptq::quality_report(g, q, {inputs});
      MESSAGE(what << ": SQNR calib " << on_calib.output_sqnr_db << " dB (cos "
                   << on_calib.output_cosine << "), inputs " << on_inputs.output_sqnr_db << " dB (cos "
                   << on_inputs.output_cosine << "), worst tensor " << on_calib.tensors.front().float_name << " "
                   << on_calib.tensors.front().sqnr_db << " dB");
      // Floors well below what 8 bits give on these models (27-44 dB on the
      // calibration set), high enough to catch a wrong scale anywhere.
      CHECK(on_calib.output_sqnr_db > 20.0);
      CHECK(on_inputs.output_sqnr_db > 12.0);
      CHECK(on_calib.output_cosine > 0.99);
      CHECK(on_calib.tensors.size() >= 7);
    }
  }
}

TEST_CASE("every one-op fixture whose op has an int8 meaning quantizes to a model the lowering accepts") {
  std::ifstream index(fixture("ops/INDEX.txt"));
  REQUIRE(index.good());
  std::string line;
  int quantized = 0;
  while (std::getline(index, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string name;
    ls >> name;
    CAPTURE(name);
    Graph g;
    try {
      g = load(fixture("ops/" + name + ".onnx"));
    } catch (const Error& e) {
      MESSAGE("not imported (not this test's concern): " << e.what());
      continue;
    }
    const Tensor calib = read_npy(fixture("ops/" + name + ".calib.npy"));
    const Graph q = quantize_graph(g, {calib});
    const ptq::QualityReport r = ptq::quality_report(g, q, {calib});
    CHECK_MESSAGE(r.output_sqnr_db > 25.0, name << ": " << r.output_sqnr_db << " dB");
    ++quantized;
  }
  CHECK(quantized >= 70);
}
