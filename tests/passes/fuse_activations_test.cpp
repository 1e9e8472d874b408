// fuse_activations: Relu and constant Clip become attributes of their producer.
#include <doctest/doctest.h>

#include "passes/ir_text.h"
#include "passes/numeric_check.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::dedent;
using tinyc::test::max_output_difference;
using tinyc::test::parse_ir;

TEST_CASE("Check that Relu fuses into the preceding Conv and the Relu's output name lives on") {
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,2,4,4]
      const  %w : f32[3,2,3,3]  (54 values)
      %c : f32[1,3,4,4] = Conv(%x, %w) {pads=[1,1,1,1]}  # node conv
      %y : f32[1,3,4,4] = Relu(%c)  # node relu
      output %y
  )");
  Graph g = before;
  fuse_activations(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,2,4,4]
      const  %w : f32[3,2,3,3]  (54 values)
      %y : f32[1,3,4,4] = Conv(%x, %w) {pads=[1,1,1,1], tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node conv
      output %y
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("Relu6 (Clip 0..6) fuses into Gemm, with bounds as inputs (opset 11+) or attributes (opset 6)") {
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[2,4]
      const  %B : f32[4,3]  (12 values)
      const  %lo : f32[] = 0
      const  %hi : f32[] = 6
      %h : f32[2,3] = Gemm(%x, %B)  # node fc
      %y : f32[2,3] = Clip(%h, %lo, %hi)  # node relu6
      output %y
  )");
  Graph g = before;
  fuse_activations(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[2,4]
      const  %B : f32[4,3]  (12 values)
      %y : f32[2,3] = Gemm(%x, %B) {tinyc.act_max=6.0, tinyc.act_min=0.0, tinyc.activation="Clip"}  # node fc
      output %y
  )"));
  CHECK(max_output_difference(before, g) == 0.f);

  Graph old = parse_ir(R"(
    graph t (opset 6)
      input  %x : f32[2,4]
      const  %B : f32[4,3]  (12 values)
      %h : f32[2,3] = Gemm(%x, %B)  # node fc
      %y : f32[2,3] = Clip(%h) {max=6.0, min=0.0}  # node relu6
      output %y
  )");
  fuse_activations(old);
  REQUIRE(old.nodes.size() == 1);
  CHECK(old.nodes[0].attr_string("tinyc.activation", "") == "Clip");
  CHECK(old.nodes[0].attr_float("tinyc.act_min", -1.f) == 0.f);
  CHECK(old.nodes[0].attr_float("tinyc.act_max", -1.f) == 6.f);
}

TEST_CASE("a second activation composes with the first: the clamps apply in order") {
  // Relu then Clip(-1, 6): [0, 6]. Clip(-1, 1) then Relu: [0, 1]. Clip with
  // only a max then Relu: [0, 3]. Clip(2, 3) then Clip(0, 1): constant 1.
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,8]
      input  %u : f32[1,8]
      const  %m1 : f32[] = -1
      const  %p1 : f32[] = 1
      const  %p2 : f32[] = 2
      const  %p3 : f32[] = 3
      const  %p6 : f32[] = 6
      const  %sq : f32[8,8]  (64 values)
      const  %z : f32[] = 0
      %a : f32[1,8] = Add(%x, %u)  # node add
      %a1 : f32[1,8] = Relu(%a)
      %a2 : f32[1,8] = Clip(%a1, %m1, %p6)
      %s : f32[1,8] = Sub(%x, %u)  # node sub
      %s1 : f32[1,8] = Clip(%s, %m1, %p1)
      %s2 : f32[1,8] = Relu(%s1)
      %m : f32[1,8] = Mul(%x, %u)  # node mul
      %m1o : f32[1,8] = Clip(%m, _, %p3)
      %m2 : f32[1,8] = Relu(%m1o)
      %k : f32[1,8] = MatMul(%x, %sq)  # node mm
      %k1 : f32[1,8] = Clip(%k, %p2, %p3)
      %k2 : f32[1,8] = Clip(%k1, %z, %p1)
      output %a2
      output %s2
      output %m2
      output %k2
  )");
  Graph g = before;
  fuse_activations(g);
  REQUIRE(g.nodes.size() == 4);
  auto range = [&](size_t i) {
    return std::make_pair(g.nodes[i].attr_float("tinyc.act_min", -99.f), g.nodes[i].attr_float("tinyc.act_max", -99.f));
  };
  CHECK(range(0) == std::make_pair(0.f, 6.f));
  CHECK(range(1) == std::make_pair(0.f, 1.f));
  CHECK(range(2) == std::make_pair(0.f, 3.f));
  CHECK(range(3) == std::make_pair(1.f, 1.f));
  for (const Node& n : g.nodes) CHECK(n.attr_string("tinyc.activation", "") == "Clip");
  CHECK(g.outputs == std::vector<std::string>{"a2", "s2", "m2", "k2"});
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("two Relus in a row stay a Relu; pooling and MaxPool with unused indices fuse") {
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,2,4,4]
      %p : f32[1,2,2,2] = AveragePool(%x) {kernel_shape=[2,2], strides=[2,2]}  # node avg
      %r1 : f32[1,2,2,2] = Relu(%p)
      %r2 : f32[1,2,2,2] = Relu(%r1)
      %q : f32[1,2,2,2] = MaxPool(%r2) {kernel_shape=[2,2], strides=[1,1], pads=[0,0,1,1]}  # node max
      %y : f32[1,2,2,2] = Relu(%q)
      %gp : f32[1,2,1,1] = GlobalAveragePool(%y)  # node gap
      %z : f32[1,2,1,1] = Relu(%gp)
      output %z
  )");
  Graph g = before;
  fuse_activations(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,2,4,4]
      %r2 : f32[1,2,2,2] = AveragePool(%x) {kernel_shape=[2,2], strides=[2,2], tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node avg
      %y : f32[1,2,2,2] = MaxPool(%r2) {kernel_shape=[2,2], pads=[0,0,1,1], strides=[1,1], tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node max
      %z : f32[1,2,1,1] = GlobalAveragePool(%y) {tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node gap
      output %z
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("activations that must stay: non-constant Clip bound, shared or output producer, other producers") {
  const std::string text = dedent(R"(
    graph t (opset 13)
      input  %hi : f32[]
      input  %x : f32[1,4]
      const  %lo : f32[] = 0
      %a : f32[1,4] = Add(%x, %x)  # node add
      %a1 : f32[1,4] = Clip(%a, %lo, %hi)  # node live_bound
      %b : f32[1,4] = Mul(%x, %x)  # node shared
      %b1 : f32[1,4] = Relu(%b)
      %b2 : f32[1,4] = Sigmoid(%b)
      %c : f32[1,4] = Sub(%x, %x)  # node is_output
      %c1 : f32[1,4] = Relu(%c)
      %d : f32[1,4] = Sigmoid(%x)  # node not_fusable
      %d1 : f32[1,4] = Relu(%d)
      output %a1
      output %b1
      output %b2
      output %c
      output %c1
      output %d1
  )");
  Graph g = parse_ir(text);
  fuse_activations(g);
  CHECK(dump_ir(g) == text);
}

TEST_CASE("in a QDQ graph the Relu between Conv and QuantizeLinear fuses, Q/DQ untouched") {
  const Graph before = parse_ir(R"(
    graph qdq (opset 13)
      input  %x : f32[1,2,3,3]
      const  %s : f32[] = 0.05
      const  %wq : i8[2,2,1,1] = [10, -20, 30, 127]
      const  %z : i8[] = 0
      %w : f32[2,2,1,1] = DequantizeLinear(%wq, %s, %z)  # node dq_w
      %c : f32[1,2,3,3] = Conv(%x, %w)  # node conv
      %r : f32[1,2,3,3] = Relu(%c)  # node relu
      %q : i8[1,2,3,3] = QuantizeLinear(%r, %s, %z)  # node q
      %y : f32[1,2,3,3] = DequantizeLinear(%q, %s, %z)  # node dq
      output %y
  )");
  Graph g = before;
  fuse_activations(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph qdq (opset 13)
      input  %x : f32[1,2,3,3]
      const  %s : f32[] = 0.05
      const  %wq : i8[2,2,1,1] = [10, -20, 30, 127]
      const  %z : i8[] = 0
      %w : f32[2,2,1,1] = DequantizeLinear(%wq, %s, %z)  # node dq_w
      %r : f32[1,2,3,3] = Conv(%x, %w) {tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node conv
      %q : i8[1,2,3,3] = QuantizeLinear(%r, %s, %z)  # node q
      %y : f32[1,2,3,3] = DequantizeLinear(%q, %s, %z)  # node dq
      output %y
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}
