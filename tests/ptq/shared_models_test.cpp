// Post-training quantization of the real MLPerf Tiny float models in
// ../shared/models (skipped when the folder is absent). Their only float
// input sample is the TFLM golden input, so each is calibrated and measured
// on that one sample: a smoke test that real layer patterns (vww's dead
// channels, kws's weight-only DequantizeLinear) quantize and lower.
#include <doctest/doctest.h>

#include "../../src/quantize/ptq/quality_report.h"
#include "common/test_util.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/quantize.h"

using namespace tinyc;

TEST_CASE("the MLPerf Tiny float models quantize, lower, and stay above 30 dB on their golden input") {
  const std::string dir = test::shared_models_dir();
  if (dir.empty()) {
    test::report_skip("ptq on shared MLPerf Tiny float models", "../shared/models is absent");
    return;
  }
  for (const std::string m : {"kws", "vww", "ic", "ad"}) {
    CAPTURE(m);
    const std::string base = dir + "/mlperf-tiny-onnx/" + m;
    Graph g = import_onnx(base + "_float.onnx");
    run_float_pipeline(g);
    const Tensor x = read_npy(base + ".input_float.npy");
    const Graph q = quantize_graph(g, {x});
    const ptq::QualityReport r = ptq::quality_report(g, q, {x});
    MESSAGE(m << ": output SQNR " << r.output_sqnr_db << " dB, cosine " << r.output_cosine);
    CHECK(r.output_sqnr_db > 30.0);
    CHECK(r.top1_agreement == 1.0);
  }
}
