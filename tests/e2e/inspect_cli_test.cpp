// `tinyc inspect`: the table, JSON and --dump-ir on real and fixture models.
#include <doctest/doctest.h>

#include "common/test_util.h"

using tinyc::test::fixture;
using tinyc::test::run_cli;
using tinyc::test::run_command;

namespace {
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("inspect shows inputs, outputs, nodes and totals of a small model") {
  auto r = run_cli("inspect '" + fixture("bad/good_relu.onnx") + "'");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(has(r.out, "inputs:\n  x  float32 1x4"));
  CHECK(has(r.out, "outputs:\n  y  float32 1x4"));
  CHECK(has(r.out, "act"));
  CHECK(has(r.out, "Relu"));
  CHECK(has(r.out, "largest activation  x, 16 B"));  // 4 floats; x and y tie, inputs come first
}

TEST_CASE("inspect on MLPerf Tiny KWS (DS-CNN) counts its MACs") {
  const std::string models = tinyc::test::shared_models_dir();
  if (models.empty()) {
    tinyc::test::report_skip("inspect on kws_float.onnx", "../shared/models is absent");
    return;
  }
  auto r = run_cli("inspect '" + models + "/mlperf-tiny-onnx/kws_float.onnx'");
  CHECK(r.exit_code == 0);
  // DS-CNN on a 49x10 input: conv 10x4 stride 2 -> 64x25x5 (64*125*40 = 320,000),
  // 4 x (depthwise 3x3: 64*125*9 = 72,000 + pointwise: 64*125*64 = 512,000),
  // dense 64 -> 12 (768): 2,656,768 in all.
  CHECK(has(r.out, "MACs                2,656,768"));
  CHECK(has(r.out, "Identity_out  float32 1x12"));

  auto j = run_cli("inspect --json '" + models + "/mlperf-tiny-onnx/kws_float.onnx'");
  CHECK(j.exit_code == 0);
  const std::string dir = tinyc::test::temp_dir("inspect-json");
  {
    std::string path = dir + "/r.json";
    FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f);
    std::fputs(j.out.c_str(), f);
    std::fclose(f);
    // Python's json module parses it, and the totals agree with the table.
    auto py = run_command("/usr/bin/python3 -c \"import json,sys; r=json.load(open('" + path +
                          "')); print(r['totals']['macs'], len(r['nodes']), r['inputs'][0]['shape'])\"");
    CHECK(py.exit_code == 0);
    CHECK(py.out == "2656768 28 [1, 1, 49, 10]\n");
  }
}

TEST_CASE("inspect --dump-ir prints the IR after the cleanup passes") {
  auto r = run_cli("inspect --dump-ir '" + fixture("bad/good_relu.onnx") + "'");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "Relu"));
  CHECK(has(r.out, "%y"));
}

TEST_CASE("every subcommand's help shows an example") {
  for (const char* cmd : {"inspect", "run"}) {
    auto r = run_cli(std::string(cmd) + " --help");
    CAPTURE(cmd);
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "Example"));
    CHECK(has(r.out, std::string("tinyc ") + cmd + " "));
  }
}
