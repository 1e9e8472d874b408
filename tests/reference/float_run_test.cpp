// Float reference: run_float over small hand-built graphs — input checks,
// observer calls, outputs that are also read later, and errors.
#include <set>

#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

namespace {
Node node(const std::string& name, const std::string& op, std::vector<std::string> in, std::vector<std::string> out) {
  Node n;
  n.name = name;
  n.op_type = op;
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  return n;
}

// x -> Relu -> r -> Add(r, c) -> y; outputs r and y (r is both read later and an output).
Graph small_graph() {
  Graph g;
  g.opsets[""] = 13;
  g.inputs = {"x"};
  g.outputs = {"y", "r"};
  g.add_tensor(Tensor("x", DType::F32, {1, 3}));
  g.add_tensor(Tensor("r", DType::F32, {1, 3}));
  g.add_tensor(Tensor("y", DType::F32, {1, 3}));
  Tensor c = Tensor::from_float("c", {3}, {10, 20, 30});
  g.add_tensor(c);
  g.nodes.push_back(node("relu", "Relu", {"x"}, {"r"}));
  g.nodes.push_back(node("add", "Add", {"r", "c"}, {"y"}));
  return g;
}
}  // namespace

TEST_CASE("run_float evaluates in order, calls the observer after each node, returns every output") {
  const Graph g = small_graph();
  std::vector<std::string> seen;
  const std::vector<Tensor> out = run_float(g, {f32({1, 3}, {-1, 2, -3})}, [&](const Node& n, const std::vector<Tensor>& o) {
    seen.push_back(n.name);
    REQUIRE(o.size() == 1);
    CHECK(o[0].name == n.outputs[0]);
  });
  CHECK(seen == std::vector<std::string>{"relu", "add"});
  REQUIRE(out.size() == 2);
  check_f32(out[0], {1, 3}, {10, 22, 30});
  check_f32(out[1], {1, 3}, {0, 2, 0});
  CHECK(out[0].name == "y");
}

TEST_CASE("run_float checks input count, dtype and shape, naming the input") {
  const Graph g = small_graph();
  CHECK_THROWS_AS(run_float(g, {}), Error);
  try {
    run_float(g, {f32({3}, {1, 2, 3})});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("'x'") != std::string::npos);
    CHECK(std::string(e.what()).find("1x3") != std::string::npos);
  }
  try {
    run_float(g, {i64({1, 3}, {1, 2, 3})});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("'x'") != std::string::npos);
    CHECK(std::string(e.what()).find("float32") != std::string::npos);
  }
}

TEST_CASE("run_float reports a node whose result disagrees with the recorded shape") {
  Graph g = small_graph();
  g.tensor("r").shape = {3};
  try {
    run_float(g, {f32({1, 3}, {1, 2, 3})});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.node() == "relu");
    CHECK(std::string(e.what()).find("records") != std::string::npos);
  }
}

TEST_CASE("run_float: a graph input or a constant may be an output; an op without kernel is named") {
  Graph g;
  g.opsets[""] = 13;
  g.inputs = {"x"};
  g.outputs = {"x", "k"};
  g.add_tensor(Tensor("x", DType::F32, {2}));
  g.add_tensor(Tensor::from_int64("k", {1}, {4}));
  const std::vector<Tensor> out = run_float(g, {f32({2}, {5, 6})});
  REQUIRE(out.size() == 2);
  check_f32(out[0], {2}, {5, 6});
  check_ints(out[1], DType::I64, {1}, {4});

  g.outputs = {"z"};
  g.add_tensor(Tensor("z", DType::F32, {2}));
  g.nodes.push_back(node("lstm", "LSTM", {"x"}, {"z"}));
  try {
    run_float(g, {f32({2}, {5, 6})});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.node() == "lstm");
    CHECK(std::string(e.what()).find("no kernel") != std::string::npos);
  }
}

TEST_CASE("the kernel registry lists the ops of every family") {
  const std::vector<std::string> ops = float_reference_ops();
  const std::set<std::string> have(ops.begin(), ops.end());
  for (const char* op : {"Conv", "Gemm", "MatMul", "Add", "Relu", "Softmax", "MaxPool", "ReduceMean", "Reshape", "Slice",
                         "Gather", "Cast", "Range", "Resize", "QuantizeLinear", "QLinearConv",
                         "com.microsoft:QLinearAdd", "com.microsoft:QLinearSoftmax"})
    CHECK_MESSAGE(have.count(op) == 1, op);
  CHECK(has_float_kernel("ai.onnx", "Conv"));
  CHECK(has_float_kernel("com.microsoft", "QLinearMul"));
  CHECK_FALSE(has_float_kernel("", "QLinearMul"));
  CHECK_FALSE(has_float_kernel("", "LSTM"));
}
