// Graph IR bookkeeping: topological order, cycles, lookups.
#include <doctest/doctest.h>

#include "tinyc/error.h"
#include "tinyc/ir.h"

using namespace tinyc;

namespace {
Node make_node(std::string name, std::string op, std::vector<std::string> in, std::vector<std::string> out) {
  Node n;
  n.name = std::move(name);
  n.op_type = std::move(op);
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  return n;
}
}  // namespace

TEST_CASE("topo_sort orders nodes by data dependence and keeps a sorted graph as it is") {
  Graph g;
  g.inputs = {"x"};
  g.add_tensor(Tensor("x", DType::F32, {1, 4}));
  g.add_tensor(Tensor("a", DType::F32, {1, 4}));
  g.add_tensor(Tensor("b", DType::F32, {1, 4}));
  g.outputs = {"b"};
  g.nodes.push_back(make_node("second", "Relu", {"a"}, {"b"}));
  g.nodes.push_back(make_node("first", "Relu", {"x"}, {"a"}));
  g.topo_sort();
  CHECK(g.nodes[0].name == "first");
  CHECK(g.nodes[1].name == "second");
  g.topo_sort();
  CHECK(g.nodes[0].name == "first");
  CHECK(g.producer("b") == 1);
  CHECK(g.consumers("a") == std::vector<size_t>{1});
}

TEST_CASE("topo_sort names a node on a cycle") {
  Graph g;
  g.add_tensor(Tensor("a", DType::F32, {1}));
  g.add_tensor(Tensor("b", DType::F32, {1}));
  g.nodes.push_back(make_node("n1", "Relu", {"b"}, {"a"}));
  g.nodes.push_back(make_node("n2", "Relu", {"a"}, {"b"}));
  try {
    g.topo_sort();
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("cycle") != std::string::npos);
    CHECK((e.node() == "n1" || e.node() == "n2"));
  }
}

TEST_CASE("an input nothing produces is an error naming the node") {
  Graph g;
  g.add_tensor(Tensor("b", DType::F32, {1}));
  g.nodes.push_back(make_node("n1", "Relu", {"ghost"}, {"b"}));
  CHECK_THROWS_AS(g.topo_sort(), Error);
}

TEST_CASE("tensor values convert across dtypes") {
  Tensor t = Tensor::from_values<int8_t>("t", DType::I8, {3}, {-128, 0, 127});
  CHECK(t.to_float() == std::vector<float>{-128.f, 0.f, 127.f});
  CHECK(t.to_int64() == std::vector<int64_t>{-128, 0, 127});
  Tensor short_data = t;
  short_data.shape = {4};
  CHECK_THROWS_AS(short_data.to_float(), Error);
}

TEST_CASE("shape helpers") {
  CHECK(num_elements({}) == 1);
  CHECK(num_elements({2, 0, 3}) == 0);
  CHECK(shape_str({1, 3, 32, 32}) == "1x3x32x32");
  CHECK_THROWS_AS(num_elements({int64_t{1} << 40, int64_t{1} << 40}), Error);
}
