// `tinyc run`: single runs, samples along an extra or the batch axis,
// symbolic batch dimensions, several inputs and outputs, dtype conversion.
#include <doctest/doctest.h>

#include <cmath>

#include "common/test_util.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"

using namespace tinyc;
using tinyc::test::fixture;
using tinyc::test::run_cli;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string npy(const std::string& dir, const std::string& name, Shape s, const std::vector<float>& v) {
  std::string path = dir + "/" + name + ".npy";
  Tensor t = Tensor::from_float(name, std::move(s), v);
  write_npy(path, t);
  return path;
}

std::vector<float> relu(std::vector<float> v) {
  for (float& x : v) x = std::max(x, 0.f);
  return v;
}

/// A model y = x + b, z = Relu(x) with input shape `x_shape` (dims < 0: symbolic "batch").
std::string two_output_model(const std::string& dir, const Shape& x_shape) {
  Graph g;
  g.name = "two";
  g.opsets[""] = 13;
  Shape concrete = x_shape;
  for (auto& d : concrete) d = d < 0 ? 1 : d;
  g.inputs = {"x", "b"};
  g.add_tensor(Tensor("x", DType::F32, concrete));
  g.add_tensor(Tensor("b", DType::F32, concrete));
  g.add_tensor(Tensor("y", DType::F32, concrete));
  g.add_tensor(Tensor("z", DType::F32, concrete));
  Node add, act;
  add.name = "add";
  add.op_type = "Add";
  add.inputs = {"x", "b"};
  add.outputs = {"y"};
  act.name = "act";
  act.op_type = "Relu";
  act.inputs = {"x"};
  act.outputs = {"z"};
  g.nodes = {add, act};
  g.outputs = {"y", "z"};
  std::string path = dir + "/two.onnx";
  export_onnx(g, path);
  return path;
}

}  // namespace

TEST_CASE("one run, the summary or an output file") {
  const std::string dir = test::temp_dir("run-one");
  auto r = run_cli("run '" + fixture("bad/good_relu.onnx") + "' --input '" + fixture("bad/good_x.npy") + "'");
  CHECK(r.exit_code == 0);
  // good_x = [-1, 0.5, 2, -3]: Relu gives [0, 0.5, 2, 0], argmax 2.
  CHECK(has(r.out, "output 'y': float32 1x4"));
  CHECK(has(r.out, "argmax 2"));
  r = run_cli("run '" + fixture("bad/good_relu.onnx") + "' --input '" + fixture("bad/good_x.npy") + "' -o '" + dir + "/y.npy'");
  CHECK(r.exit_code == 0);
  Tensor y = read_npy(dir + "/y.npy");
  CHECK(y.shape == Shape{1, 4});
  CHECK(y.to_float() == std::vector<float>{0.f, 0.5f, 2.f, 0.f});
}

TEST_CASE("samples along an extra leading axis or the batch axis are run one by one") {
  const std::string dir = test::temp_dir("run-samples");
  std::vector<float> v = {1, -2, 3, -4, -5, 6, -7, 8, 9, -10, 11, -12};
  // 3 samples of the model's 1x4 input, stacked: 3x1x4.
  std::string extra = npy(dir, "extra", {3, 1, 4}, v);
  auto r = run_cli("run '" + fixture("bad/good_relu.onnx") + "' --input '" + extra + "' -o '" + dir + "/o1.npy'");
  CHECK(r.exit_code == 0);
  Tensor o1 = read_npy(dir + "/o1.npy");
  CHECK(o1.shape == Shape{3, 1, 4});
  CHECK(o1.to_float() == relu(v));
  // The model's batch is 1; a file with batch 3 runs three times: 3x4.
  std::string batch = npy(dir, "batch", {3, 4}, v);
  r = run_cli("run '" + fixture("bad/good_relu.onnx") + "' --input '" + batch + "' -o '" + dir + "/o2.npy'");
  CHECK(r.exit_code == 0);
  Tensor o2 = read_npy(dir + "/o2.npy");
  CHECK(o2.shape == Shape{3, 4});
  CHECK(o2.to_float() == relu(v));
}

TEST_CASE("a symbolic batch is fixed to 1 and samples run one by one, or set with --shape") {
  const std::string dir = test::temp_dir("run-symbolic");
  std::vector<float> v = {1, -2, 3, -4, -5, 6, -7, 8};
  std::string data = npy(dir, "data", {2, 4}, v);
  auto r = run_cli("run '" + fixture("bad/symbolic_batch.onnx") + "' --input '" + data + "' -o '" + dir + "/a.npy'");
  CHECK(r.exit_code == 0);
  CHECK(read_npy(dir + "/a.npy").shape == Shape{2, 4});
  CHECK(read_npy(dir + "/a.npy").to_float() == relu(v));
  r = run_cli("run '" + fixture("bad/symbolic_batch.onnx") + "' --shape batch=2 --input '" + data + "' -o '" + dir + "/b.npy'");
  CHECK(r.exit_code == 0);
  CHECK(read_npy(dir + "/b.npy").to_float() == relu(v));
}

TEST_CASE("several inputs in graph-input order, several outputs with suffixes") {
  const std::string dir = test::temp_dir("run-multi");
  std::string model = two_output_model(dir, {1, 3});
  std::string x = npy(dir, "x", {1, 3}, {1, -2, 3}), b = npy(dir, "b", {1, 3}, {10, 20, 30});
  auto r = run_cli("run '" + model + "' --input '" + x + "," + b + "' -o '" + dir + "/out.npy'");
  CHECK(r.exit_code == 0);
  CHECK(read_npy(dir + "/out_0.npy").to_float() == std::vector<float>{11, 18, 33});
  CHECK(read_npy(dir + "/out_1.npy").to_float() == std::vector<float>{1, 0, 3});
  r = run_cli("run '" + model + "' --input '" + x + "' --input '" + b + "'");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "output 'y'"));
  CHECK(has(r.out, "output 'z'"));
}

TEST_CASE("integer files feed float inputs when no value changes") {
  const std::string dir = test::temp_dir("run-dtype");
  Tensor i8 = Tensor::from_values<int8_t>("x", DType::I8, {1, 4}, {-3, 0, 5, 127});
  write_npy(dir + "/x.npy", i8);
  auto r = run_cli("run '" + fixture("bad/good_relu.onnx") + "' --input '" + dir + "/x.npy' -o '" + dir + "/y.npy'");
  CHECK(r.exit_code == 0);
  CHECK(read_npy(dir + "/y.npy").to_float() == std::vector<float>{0, 0, 5, 127});
}
