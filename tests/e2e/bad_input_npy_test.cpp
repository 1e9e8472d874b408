// Bad .npy inputs to `tinyc run`: one-line error naming the file, exit 1,
// and --output never created or half-written.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "common/test_util.h"

using tinyc::test::fixture;
using tinyc::test::run_cli;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// `tinyc run MODEL --input NPY -o OUT` must fail naming `name`; returns stderr.
std::string refused_run(const std::string& model, const std::string& npy, const std::string& out, const std::string& name) {
  auto r = run_cli("run '" + fixture("bad/" + model) + "' --input '" + npy + "' -o '" + out + "'");
  CAPTURE(npy);
  CAPTURE(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find('\n') == r.err.size() - 1);
  CHECK(has(r.err, name));
  return r.err;
}

}  // namespace

TEST_CASE("wrong shape, dtype, truncated or missing .npy") {
  const std::string dir = tinyc::test::temp_dir("bad-npy");
  const std::string out = dir + "/out.npy";
  CHECK(has(refused_run("good_relu.onnx", fixture("bad/wrong_shape.npy"), out, "wrong_shape.npy"), "1x5"));
  CHECK(has(refused_run("good_relu.onnx", fixture("bad/wrong_dtype.npy"), out, "wrong_dtype.npy"), "'<c8'"));
  CHECK(has(refused_run("good_relu.onnx", fixture("bad/truncated.npy"), out, "truncated.npy"), "shorter"));
  CHECK(has(refused_run("good_relu.onnx", dir + "/missing.npy", out, "missing.npy"), "no such file"));
  CHECK(has(refused_run("int8_identity.onnx", fixture("bad/not_integral.npy"), out, "not_integral.npy"), "int8"));
  // Nothing was written, not even a temporary file.
  CHECK(fs::is_empty(dir));
}

TEST_CASE("a failing run leaves an existing output untouched") {
  const std::string dir = tinyc::test::temp_dir("bad-npy-keep");
  const std::string out = dir + "/out.npy";
  std::ofstream(out) << "previous result";
  refused_run("good_relu.onnx", fixture("bad/wrong_shape.npy"), out, "wrong_shape.npy");
  std::string now;
  REQUIRE(tinyc::test::read_file(out, now));
  CHECK(now == "previous result");
  // An output folder that does not exist: an error naming the file, nothing created.
  auto r = run_cli("run '" + fixture("bad/good_relu.onnx") + "' --input '" + fixture("bad/good_x.npy") + "' -o '" + dir +
                   "/no/such/dir/out.npy'");
  CHECK(r.exit_code == 1);
  CHECK(has(r.err, "out.npy"));
  CHECK_FALSE(fs::exists(dir + "/no"));
}

TEST_CASE("wrong number of inputs is a usage error") {
  auto r = run_cli("run '" + fixture("bad/good_relu.onnx") + "' --input '" + fixture("bad/good_x.npy") + "," +
                   fixture("bad/good_x.npy") + "'");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "1 input"));
}
