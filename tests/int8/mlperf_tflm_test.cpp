// The MLPerf Tiny int8 models (QDQ ONNX conversions of the TFLite reference
// models) run in tinyc's int8 reference and reproduce TensorFlow Lite Micro's
// outputs for the golden inputs bit for bit.
#include <doctest/doctest.h>

#include "common/test_util.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/quantize.h"
#include "tinyc/reference.h"

using namespace tinyc;

namespace {

Graph load_int8(const std::string& path) {
  Graph g = import_onnx(path);
  run_float_pipeline(g);
  expand_qoperators(g);
  return lower_to_int8(g).graph;
}

// Runs every sample (leading dimension) of `inputs` and compares with `expected`.
void check_model(const std::string& name) {
  const std::string dir = test::shared_models_dir();
  if (dir.empty()) {
    test::report_skip("MLPerf Tiny vs TFLite Micro (" + name + ")", "../shared/models not present");
    return;
  }
  const std::string base = dir + "/mlperf-tiny-onnx/" + name;
  const Graph g = load_int8(base + "_qdq_int8io.onnx");
  const Tensor& in_decl = g.tensor(g.inputs.at(0));
  const Tensor& out_decl = g.tensor(g.outputs.at(0));
  for (const std::string& set : {std::string(".input_int8.npy"), std::string(".inputs8_int8.npy")}) {
    const std::string out_file = set == ".input_int8.npy" ? ".output_tflm_int8.npy" : ".outputs8_tflm_int8.npy";
    if (!test::file_exists(base + set)) continue;
    const Tensor x = read_npy(base + set);
    const Tensor want = read_npy(base + out_file);
    const int64_t per_in = in_decl.size(), per_out = out_decl.size();
    REQUIRE(x.size() % per_in == 0);
    const int64_t samples = x.size() / per_in;
    REQUIRE(want.size() == samples * per_out);
    int64_t mismatches = 0;
    for (int64_t s = 0; s < samples; ++s) {
      Tensor in = in_decl;
      in.data.assign(x.data.begin() + s * per_in, x.data.begin() + (s + 1) * per_in);
      const std::vector<Tensor> y = run_int8(g, {in});
      for (int64_t i = 0; i < per_out; ++i)
        if (y[0].data[i] != want.data[s * per_out + i]) ++mismatches;
    }
    INFO(name << set << ": " << samples << " samples");
    CHECK(mismatches == 0);
  }
}

}  // namespace

TEST_CASE("kws int8 reference == TFLite Micro") { check_model("kws"); }
TEST_CASE("ic int8 reference == TFLite Micro") { check_model("ic"); }
TEST_CASE("ad int8 reference == TFLite Micro") { check_model("ad"); }
TEST_CASE("vww int8 reference == TFLite Micro") { check_model("vww"); }
