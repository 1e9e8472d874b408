// Bit-exactness on the host: for every test model, the generated folder —
// compiled by the host compiler in strict C++11 on its own — computes exactly
// what the int8 reference interpreter computes, on many inputs (the folder's
// own self-test, whose expected bytes come from run_int8).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/generated_build.h"
#include "common/test_util.h"
#include "tinyc/codegen.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"

using namespace tinyc;
namespace fs = std::filesystem;

namespace {

struct Case {
  std::string model, calib;
  std::vector<std::string> shapes;
  int samples = 6;
};

// Compiles `c` for the host with a self-test of random inputs, builds and runs it.
void check_case(const Case& c, const std::string& target = "host") {
  INFO("model: " << c.model);
  const Graph cleaned = load_model(c.model, parse_shape_specs(c.shapes));
  std::vector<Tensor> calib;
  if (!c.calib.empty()) calib.push_back(read_npy(c.calib));
  const Int8Lowering low = build_int8(cleaned, c.calib.empty() ? nullptr : &calib);
  CodegenOptions opts;
  opts.name = "m";
  opts.target = find_target(target);
  unsigned seed = 1;
  for (const auto& in : low.graph.inputs) opts.selftest_inputs.push_back(test::random_int8(low.graph.tensor(in), c.samples, seed++));
  const CodegenResult r = generate_code(low.graph, opts);
  const std::string dir = test::temp_dir("gen") + "/m";
  write_output_dir(r, dir, false);
  CHECK(test::host_selftest(dir, "m") == 0);
}

std::vector<std::string> op_fixtures() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(test::fixture("ops")))
    if (e.path().extension() == ".onnx") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("every single-op fixture: generated code == int8 reference on the host") {
  // All fixtures in one host program (one compiler run: the suite stays fast).
  std::vector<std::pair<std::string, std::string>> built;
  for (const std::string& name : op_fixtures()) {
    const std::string base = test::fixture("ops/" + name);
    if (!test::file_exists(base + ".calib.npy")) continue;
    INFO("fixture: " << name);
    std::vector<Tensor> calib{read_npy(base + ".calib.npy")};
    Graph cleaned;
    try {
      cleaned = load_model(base + ".onnx");
    } catch (const Error& e) {  // refused at import: the frontend's tests cover those
      MESSAGE(name << " is refused at import: " << std::string(e.what()));
      continue;
    }
    try {
      const Int8Lowering low = build_int8(cleaned, &calib);
      CodegenOptions opts;
      opts.name = "op_" + name;
      opts.target = find_target("host");
      unsigned seed = 7;
      for (const auto& in : low.graph.inputs)
        opts.selftest_inputs.push_back(test::random_int8(low.graph.tensor(in), 4, seed++));
      const std::string dir = test::temp_dir("ops") + "/" + opts.name;
      write_output_dir(generate_code(low.graph, opts), dir, false);
      built.emplace_back(dir, opts.name);
    } catch (const Error& e) {
      // A fixture outside the int8 spec must say so naming the node, not crash.
      CHECK_MESSAGE(!e.node().empty(), name << ": " << std::string(e.what()));
      MESSAGE(name << " has no int8 meaning: " << std::string(e.what()));
    }
  }
  CHECK(built.size() > 60);
  const std::map<std::string, int> counts = test::host_selftest_many(built);
  CHECK(counts.size() == built.size());
  for (const auto& entry : counts) {  // not a structured binding: clang 14's INFO cannot capture one
    INFO("fixture: " << entry.first);
    CHECK(entry.second == 0);
  }
}

TEST_CASE("digits and the MLPerf-Tiny-style fixtures: generated code == int8 reference") {
  check_case({test::fixture("digits/digits.onnx"), test::fixture("digits/calib.npy"), {}, 16});
  for (const char* m : {"tiny_kws", "tiny_ic", "tiny_ad", "tiny_vww"}) {
    const std::string dir = test::fixture(m);
    check_case({dir + "/" + m + ".onnx", dir + "/calib.npy", {}, 4});
  }
}

TEST_CASE("real pre-quantized models: generated code == int8 reference") {
  const std::string shared = test::shared_models_dir();
  if (shared.empty()) {
    test::report_skip("real pre-quantized models on the host", "../shared/models not present");
    return;
  }
  for (const char* m : {"kws", "ic", "ad", "vww"}) {
    check_case({shared + "/mlperf-tiny-onnx/" + m + "_qdq_int8io.onnx", "", {}, 3});
    check_case({shared + "/mlperf-tiny-onnx/" + m + "_qdq.onnx", "", {}, 2});
  }
  check_case({shared + "/emx-onnx-cgen/micro_kws_m_qdq.onnx", "", {"unk__68=1"}, 4});
  check_case({shared + "/emx-onnx-cgen/micro_kws_m_static_qoperator.onnx", "", {}, 4});
  check_case({shared + "/emx-onnx-cgen/micro_kws_m_qoperator_add_shape.onnx", "", {}, 4});
  check_case({shared + "/emx-onnx-cgen/micro_kws_m_qoperator_softmax.onnx", "", {}, 4});
  check_case({shared + "/z-ant/beer.onnx", "", {}, 2});
}
