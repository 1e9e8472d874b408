// Bad models through the CLI: exit code 1, one line on stderr naming the
// file (and the node/op where one applies), never a crash or a hang.
// Fixtures: tests/fixtures/bad/, written by tests/fixtures/make_bad_models.py.
#include <doctest/doctest.h>

#include "common/test_util.h"

using tinyc::test::fixture;
using tinyc::test::run_cli;

namespace {

/// Runs `tinyc inspect` on a bad fixture and checks the common contract.
std::string refused(const std::string& rel, const std::string& extra = "") {
  const std::string path = fixture("bad/" + rel);
  auto r = run_cli("inspect '" + path + "' " + extra);
  CAPTURE(rel);
  CAPTURE(r.err);
  CHECK(r.exit_code == 1);
  REQUIRE(!r.err.empty());
  CHECK(r.err.find('\n') == r.err.size() - 1);  // exactly one line
  CHECK(r.err.rfind("tinyc: error: ", 0) == 0);
  CHECK(r.err.find(rel) != std::string::npos);  // names the file
  return r.err;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("files that are not models") {
  CHECK(has(refused("missing.onnx"), "no such file"));
  CHECK(has(refused("not_protobuf.onnx"), "not an ONNX model"));
  CHECK(has(refused("truncated.onnx"), "truncated"));
}

TEST_CASE("unsupported ops are all listed, the table still printed") {
  const std::string err = refused("unsupported_ops.onnx");
  CHECK(has(err, "node 'absolute' (Abs)"));
  CHECK(has(err, "node 'custom' (Foo-1 in com.example)"));
  CHECK(has(err, "node 'upscale' (Resize-13): mode 'linear'"));
  CHECK_FALSE(has(err, "'fine'"));
  auto r = run_cli("inspect '" + fixture("bad/unsupported_ops.onnx") + "'");
  CHECK(has(r.out, "Abs !"));
  CHECK(has(r.out, "unsupported (3"));
}

TEST_CASE("dimensions: symbolic without value, zero, negative, absurd") {
  const std::string sym = refused("symbolic_batch.onnx");
  CHECK(has(sym, "'batch'"));
  CHECK(has(sym, "--shape x=1x4"));
  CHECK(run_cli("inspect '" + fixture("bad/symbolic_batch.onnx") + "' --shape batch=2").exit_code == 0);
  CHECK(has(refused("zero_dim.onnx"), "zero dimension"));
  CHECK(has(refused("negative_dim.onnx"), "negative dimension"));
  CHECK(has(refused("huge_dim.onnx"), "elements"));
}

TEST_CASE("data and structure: short initializer, external data escaping, cycle, duplicate output, bad node") {
  CHECK(has(refused("short_initializer.onnx"), "initializer 'w'"));
  CHECK(has(refused("external_escape/model.onnx"), "leaves the model's folder"));
  const std::string cycle = refused("cycle.onnx");
  CHECK(has(cycle, "cycle"));
  CHECK((has(cycle, "'loop_a'") || has(cycle, "'loop_b'")));
  CHECK(has(refused("duplicate_outputs.onnx"), "listed twice"));
  const std::string conv = refused("conv_channels.onnx");
  CHECK(has(conv, "Conv 'conv_bad_channels'"));
  CHECK(has(conv, "channels"));
}

TEST_CASE("usage errors exit with 2") {
  auto r = run_cli("inspect '" + fixture("bad/good_relu.onnx") + "' --shape nope=3");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "'nope'"));
  r = run_cli("inspect '" + fixture("bad/good_relu.onnx") + "' --shape x=1xZ");
  CHECK(r.exit_code == 2);
  r = run_cli("inspect");
  CHECK(r.exit_code == 2);
}
