// dump_ir: the text form pass tests read, and parse_ir, the test helper that
// reads it back.
#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>

#include "passes/ir_text.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::dedent;
using tinyc::test::parse_ir;

namespace {
Node node(std::string name, std::string op, std::vector<std::string> in, std::vector<std::string> out) {
  Node n;
  n.name = std::move(name);
  n.op_type = std::move(op);
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  return n;
}
}  // namespace

TEST_CASE("dump_ir shows inputs, constants, nodes with attributes and outputs") {
  Graph g;
  g.name = "digits";
  g.opsets[""] = 13;
  g.inputs = {"x"};
  g.outputs = {"y"};
  g.add_tensor(Tensor("x", DType::F32, {1, 1, 8, 8}));
  g.add_tensor(Tensor::from_float("w", {8, 1, 3, 3}, std::vector<float>(72, 0.5f)));
  g.add_tensor(Tensor::from_float("b", {8}, {1, 2, 3, 4, 5, 6, 7, 8.5f}));
  g.add_tensor(Tensor::from_int64("shape", {2}, {1, -1}));
  g.add_tensor(Tensor("c1", DType::F32, {1, 8, 8, 8}));
  g.add_tensor(Tensor("y", DType::F32, {1, 512}));
  Node conv = node("conv1", "Conv", {"x", "w", "b"}, {"c1"});
  conv.attrs["kernel_shape"] = Attribute::of_ints({3, 3});
  conv.attrs["pads"] = Attribute::of_ints({1, 1, 1, 1});
  conv.attrs["tinyc.activation"] = Attribute::of_string("Relu");
  conv.attrs["tinyc.act_min"] = Attribute::of_float(0.f);
  conv.attrs["tinyc.act_max"] = Attribute::of_float(std::numeric_limits<float>::infinity());
  g.nodes.push_back(conv);
  g.nodes.push_back(node("flatten", "Reshape", {"c1", "shape"}, {"y"}));

  CHECK(dump_ir(g) == dedent(R"(
    graph digits (opset 13)
      input  %x : f32[1,1,8,8]
      const  %b : f32[8] = [1, 2, 3, 4, 5, 6, 7, 8.5]
      const  %shape : i64[2] = [1, -1]
      const  %w : f32[8,1,3,3]  (72 values)
      %c1 : f32[1,8,8,8] = Conv(%x, %w, %b) {kernel_shape=[3,3], pads=[1,1,1,1], tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node conv1
      %y : f32[1,512] = Reshape(%c1, %shape)  # node flatten
      output %y
  )"));
}

TEST_CASE("dump_ir shows quantization, domains, omitted values and every attribute kind") {
  Graph g;
  g.opsets[""] = 13;
  g.opsets["com.microsoft"] = 1;
  g.inputs = {"q"};
  g.outputs = {"s", "m"};
  Tensor q("q", DType::I8, {1, 8});
  q.quant = QuantParams{{0.0235f}, {-128}, 0};
  g.add_tensor(q);
  Tensor w = Tensor::from_values<int8_t>("w", DType::I8, {2}, {-3, 7});
  w.quant = QuantParams{{0.5f, 0.25f}, {0, 0}, 0};
  g.add_tensor(w);
  g.add_tensor(Tensor::from_float("k", {}, {0.5f}));
  g.add_tensor(Tensor("s", DType::F32, {1, 8}));
  g.add_tensor(Tensor("m", DType::F32, {1, 8}));
  Node a = node("add", "QLinearAdd", {"q", "k", "", "w"}, {"s", "", "m"});
  a.domain = "com.microsoft";
  a.attrs["f"] = Attribute::of_floats({1.f, 0.25f});
  a.attrs["n"] = Attribute::of_int(-2);
  a.attrs["names"] = Attribute::of_strings({"a", "b\"c"});
  a.attrs["v"] = Attribute::of_tensor(Tensor::from_float("v", {1}, {0.f}));
  a.attrs["e"] = Attribute::of_float(1e-5f);
  g.nodes.push_back(a);

  CHECK(dump_ir(g) == dedent(R"(
    graph _ (opset 13, com.microsoft 1)
      input  %q : i8[1,8] q(s=0.0235, z=-128)
      const  %k : f32[] = 0.5
      const  %w : i8[2] q(axis=0, 2 scales) = [-3, 7]
      %s : f32[1,8], _, %m : f32[1,8] = com.microsoft.QLinearAdd(%q, %k, _, %w) {e=1e-05, f=[1.0,0.25], n=-2, names=["a","b\"c"], v=tensor(f32[1] = [0])}  # node add
      output %s
      output %m
  )"));
}

TEST_CASE("parse_ir reads back what dump_ir writes") {
  const std::string text = dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,2,4,4]
      const  %s : i64[2] = [1, 32]
      const  %w : f32[2,2,1,1] = [1, 0, 0, -1.5]
      %c : f32[1,2,4,4] = Conv(%x, %w, _) {kernel_shape=[1,1], tinyc.act_max=6.0, tinyc.act_min=0.0, tinyc.activation="Clip"}  # node conv
      %y : f32[1,32] = Reshape(%c, %s)
      output %y
  )");
  const Graph g = parse_ir(text);
  CHECK(dump_ir(g) == text);
  REQUIRE(g.nodes.size() == 2);
  CHECK(g.nodes[0].inputs == std::vector<std::string>{"x", "w", ""});
  CHECK(g.nodes[0].attr_float("tinyc.act_max", 0.f) == 6.f);
  CHECK(g.nodes[0].attr_ints("kernel_shape") == std::vector<int64_t>{1, 1});
  CHECK(g.tensor("w").to_float() == std::vector<float>{1.f, 0.f, 0.f, -1.5f});
  CHECK(g.nodes[1].name.empty());
}

TEST_CASE("parse_ir makes reproducible pseudo-random constants and rejects bad text") {
  const char* text = R"(
    graph t (opset 13)
    const  %w : f32[3,3]  (9 values)
    const  %v : f32[4] = uniform(0.5, 2)
  )";
  const Graph a = parse_ir(text), b = parse_ir(text);
  CHECK(a.tensor("w").data == b.tensor("w").data);
  for (float v : a.tensor("w").to_float()) CHECK((v >= -1.f && v <= 1.f));
  for (float v : a.tensor("v").to_float()) CHECK((v >= 0.5f && v <= 2.f));
  CHECK(a.tensor("v").to_float() != std::vector<float>(4, a.tensor("v").to_float()[0]));
  CHECK_THROWS_AS(parse_ir("const %w : f32[3] = [1, 2]"), std::runtime_error);
  CHECK_THROWS_AS(parse_ir("%y : x32[3] = Relu(%x)"), std::runtime_error);
}
