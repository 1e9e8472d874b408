// Conformance: every ONNX backend node test shipped by libonnx-testdata runs
// through import_onnx and run_float and is classified passed / failed /
// unsupported (import refused). Any failure fails this test unless the test
// is in kExpectedFailures below (repeated, with the reasons, in
// docs/conformance.md). The quantization node tests must be bit-exact.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "common/test_util.h"
#include "conformance/node_test_runner.h"
#include "tinyc/onnx_import.h"
#include "tinyc/reference.h"

namespace fs = std::filesystem;
using namespace tinyc::conformance;

namespace {

// Tests that import but cannot pass, each with a reason that is by design
// (e.g. a training-mode-only variant). Keep it short and honest;
// docs/conformance.md repeats it. It is empty: the training-mode
// BatchNormalization and Dropout tests, MaxPool's Indices output and Resize's
// linear/cubic modes are all refused at import, so they count as unsupported.
// An entry that stops failing fails the test, so the list cannot go stale.
const std::map<std::string, std::string> kExpectedFailures = {};

std::string node_tests_dir() {
  const char* env = std::getenv("TINYC_ONNX_NODE_TESTS");
  return env && *env ? std::string(env) : std::string("/usr/share/libonnx-testdata/data/node");
}

std::vector<std::string> test_dirs() {
  std::vector<std::string> dirs;
  for (const auto& e : fs::directory_iterator(node_tests_dir()))
    if (e.is_directory() && e.path().filename().string().rfind("test_", 0) == 0) dirs.push_back(e.path().string());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

bool is_quantization_test(const std::string& name) {
  for (const char* p : {"test_quantizelinear", "test_dequantizelinear", "test_qlinearconv", "test_qlinearmatmul",
                        "test_convinteger", "test_basic_convinteger", "test_matmulinteger"})
    if (name.rfind(p, 0) == 0) return true;
  return false;
}

std::string report_path() {
  const char* env = std::getenv("TINYC_CONFORMANCE_REPORT");
  if (env && *env) return env;
  return std::string(TINYC_BINARY_DIR) + "/conformance/onnx_node_tests.txt";
}

}  // namespace

TEST_CASE("ONNX backend node tests: every test passes, is refused at import, or is an expected failure") {
  REQUIRE_MESSAGE(fs::is_directory(node_tests_dir()),
                  "ONNX node tests not found at " << node_tests_dir() << " (install libonnx-testdata: scripts/install-deps.sh)");
  std::vector<NodeTestResult> results;
  for (const auto& d : test_dirs()) results.push_back(run_node_test(d, Compare::OnnxTolerance));

  int passed = 0, passed_constant_inputs = 0, failed_expected = 0, failed_unexpected = 0, refused_op = 0, refused_other = 0;
  for (const auto& r : results) {
    const bool expected = kExpectedFailures.count(r.name) != 0;
    switch (r.outcome) {
      case Outcome::Passed: ++(r.constant_inputs ? passed_constant_inputs : passed); break;
      case Outcome::Failed: ++(expected ? failed_expected : failed_unexpected); break;
      case Outcome::Unsupported: ++(r.op_types_supported ? refused_other : refused_op); break;
    }
    if (r.outcome == Outcome::Failed && !expected) {
      INFO(r.name << ": " << r.detail);
      CHECK_MESSAGE(false, r.name << " failed");
    }
    if (expected && r.outcome != Outcome::Failed) {
      INFO(r.name << " is " << std::string(outcome_name(r.outcome)) << ": remove it from kExpectedFailures and docs/conformance.md");
      CHECK_MESSAGE(false, r.name << " is no longer an expected failure");
    }
  }

  std::ostringstream table;
  table << "ONNX backend node tests (" << node_tests_dir() << "): " << results.size() << " in all\n"
        << "  passed                                   " << passed << "\n"
        << "  passed, shape-like inputs as constants   " << passed_constant_inputs << "\n"
        << "  failed, expected (kExpectedFailures)     " << failed_expected << "\n"
        << "  failed, unexpected                       " << failed_unexpected << "\n"
        << "  unsupported: an op type tinyc lacks      " << refused_op << "\n"
        << "  unsupported: supported op types, refused " << refused_other << " (attribute value, dtype, opset)\n";
  std::cout << table.str();
  const std::string path = report_path();
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream f(path);
  f << table.str() << "\n";
  for (const auto& r : results)
    f << outcome_name(r.outcome) << (r.constant_inputs ? "*" : "") << "\t" << r.name << (r.detail.empty() ? "" : "\t" + r.detail) << "\n";
  f << "(* = run with shape-like inputs baked in as constants)\n";
  std::cout << "per-test results written to " << path << std::endl;
  CHECK(passed > 0);
}

TEST_CASE("ONNX quantization node tests are bit-exact") {
  REQUIRE(fs::is_directory(node_tests_dir()));
  int count = 0;
  for (const auto& d : test_dirs()) {
    const std::string name = fs::path(d).filename().string();
    if (!is_quantization_test(name)) continue;
    ++count;
    const NodeTestResult r = run_node_test(d, Compare::BitExact);
    INFO(name << " " << std::string(outcome_name(r.outcome)) << ": " << r.detail);
    CHECK(r.outcome == Outcome::Passed);
  }
  // QuantizeLinear x2, DequantizeLinear x2, QLinearConv, QLinearMatMul x2,
  // ConvInteger x3, MatMulInteger in onnx 1.12's test data.
  CHECK(count >= 11);
}

TEST_CASE("every op the importer accepts has a float reference kernel") {
  for (const std::string& op : tinyc::supported_ops()) {
    const size_t colon = op.find(':');
    const std::string domain = colon == std::string::npos ? "" : op.substr(0, colon);
    const std::string type = colon == std::string::npos ? op : op.substr(colon + 1);
    CHECK_MESSAGE(tinyc::has_float_kernel(domain, type), op);
  }
}
