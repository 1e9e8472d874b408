// `tinyc quantize` from the command line: refusals, the synthetic-data
// warning, the JSON report, and the written QDQ model.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "common/test_util.h"
#include "tinyc/onnx_import.h"
#include "tinyc/quantize.h"

using namespace tinyc;
using namespace tinyc::test;

namespace {

std::string q(const std::string& s) { return "'" + s + "'"; }

// The number after "key": in a JSON text (the report's flat fields).
double json_number(const std::string& json, const std::string& key) {
  const std::string k = "\"" + key + "\": ";
  const size_t at = json.find(k);
  REQUIRE_MESSAGE(at != std::string::npos, "no " << key << " in " << json.substr(0, 300));
  return std::strtod(json.c_str() + at + k.size(), nullptr);
}

}  // namespace

TEST_CASE("quantize without calibration data refuses with exit code 2 and names both ways to give it") {
  const std::string out = temp_dir("quantize-refuse") + "/q.onnx";
  const CommandResult r = run_cli("quantize " + q(fixture("digits/digits.onnx")) + " -o " + q(out));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--calib ") != std::string::npos);
  CHECK(r.err.find("--calib-synthetic") != std::string::npos);
  CHECK_FALSE(file_exists(out));
}

TEST_CASE("quantize rejects bad option combinations with exit code 2") {
  const std::string dir = temp_dir("quantize-usage");
  const std::string model = q(fixture("digits/digits.onnx")), calib = q(fixture("digits/calib.npy"));
  CHECK(run_cli("quantize " + model + " --calib " + calib + " -o " + q(dir + "/a.onnx") + " --method median").exit_code == 2);
  CHECK(run_cli("quantize " + model + " --calib " + calib + " -o " + q(dir + "/b.onnx") + " --labels " +
                q(fixture("digits/test_y.npy")))
            .exit_code == 2);
  CHECK(run_cli("quantize " + model + " --calib " + calib + " --calib-synthetic 4 -o " + q(dir + "/c.onnx"))
            .exit_code == 2);
}

TEST_CASE("--calib-synthetic quantizes with a loud warning") {
  const std::string out = temp_dir("quantize-synth") + "/kws.onnx";
  const CommandResult r =
      run_cli("quantize " + q(fixture("tiny_kws/tiny_kws.onnx")) + " --calib-synthetic 4 -o " + q(out));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.find("WARNING") != std::string::npos);
  CHECK(r.err.find("synthetic") != std::string::npos);
  CHECK(r.err.find("smoke tests only") != std::string::npos);
  CHECK(r.out.find("synthetic calibration") != std::string::npos);
  REQUIRE(file_exists(out));
  CHECK(is_quantized_model(import_onnx(out)));
  // --shape reaches the importer: a wrong input shape is refused.
  const std::string digits = q(fixture("digits/digits.onnx"));
  CHECK(run_cli("quantize " + digits + " --shape input=1x1x8x8 --calib-synthetic 2 -o " + q(out)).exit_code == 0);
  CHECK(run_cli("quantize " + digits + " --shape input=1x1x9x9 --calib-synthetic 2 -o " + q(out)).exit_code != 0);
}

TEST_CASE("quantize digits: the JSON report on the held-out split, int8 within 1 point of float") {
  const std::string out = temp_dir("quantize-digits") + "/digits_q.onnx";
  const CommandResult r = run_cli("quantize " + q(fixture("digits/digits.onnx")) + " --calib " +
                                  q(fixture("digits/calib.npy")) + " -o " + q(out) + " --eval " +
                                  q(fixture("digits/test_x.npy")) + " --labels " + q(fixture("digits/test_y.npy")) +
                                  " --json");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.empty());  // not a terminal: no progress bar
  CHECK(r.out.find("\"data\": \"eval\"") != std::string::npos);
  CHECK(r.out.find("\"method\": \"minmax\"") != std::string::npos);
  CHECK(json_number(r.out, "samples") == 360);
  const double f = json_number(r.out, "float_top1"), i8 = json_number(r.out, "int8_top1");
  MESSAGE("digits minmax: float top-1 " << f << ", int8 top-1 " << i8 << ", SQNR "
                                        << json_number(r.out, "output_sqnr_db") << " dB");
  CHECK(f > 0.95);
  CHECK(std::abs(f - i8) <= 0.01 + 1e-9);
  CHECK(json_number(r.out, "output_sqnr_db") > 20);
  CHECK(r.out.find("\"tensors\": [{") != std::string::npos);
  CHECK(file_exists(out));
}

TEST_CASE("quantize prints a text report, and its help shows an example") {
  const std::string out = temp_dir("quantize-text") + "/ic.onnx";
  const CommandResult r = run_cli("quantize " + q(fixture("tiny_ic/tiny_ic.onnx")) + " --calib " +
                                  q(fixture("tiny_ic/calib.npy")) + " -o " + q(out) + " --method mse");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("output SQNR") != std::string::npos);
  CHECK(r.out.find("per-tensor SQNR, worst") != std::string::npos);
  CHECK(r.out.find("mse calibration") != std::string::npos);
  const CommandResult h = run_cli("quantize --help");
  CHECK(h.exit_code == 0);
  CHECK(h.out.find("Example:") != std::string::npos);
  CHECK(h.out.find("--calib-synthetic") != std::string::npos);
}
