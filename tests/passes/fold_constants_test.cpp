// fold_constants: constant subgraphs become constants; Q/DQ and friends never do.
#include <doctest/doctest.h>

#include "passes/ir_text.h"
#include "passes/numeric_check.h"
#include "tinyc/error.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::dedent;
using tinyc::test::max_output_difference;
using tinyc::test::parse_ir;

TEST_CASE("a PyTorch Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain collapses into one constant") {
  const Graph before = parse_ir(R"(
    graph flatten (opset 13)
      input  %x : f32[1,2,3,4]
      const  %zero : i64[] = 0
      const  %axes : i64[1] = [0]
      const  %minus1 : i64[1] = [-1]
      %s : i64[4] = Shape(%x)
      %n : i64[] = Gather(%s, %zero) {axis=0}
      %nu : i64[1] = Unsqueeze(%n, %axes)
      %shape : i64[2] = Concat(%nu, %minus1) {axis=0}
      %y : f32[1,24] = Reshape(%x, %shape)  # node reshape
      output %y
  )");
  Graph g = before;
  fold_constants(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph flatten (opset 13)
      input  %x : f32[1,2,3,4]
      const  %shape : i64[2] = [1, -1]
      %y : f32[1,24] = Reshape(%x, %shape)  # node reshape
      output %y
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("Shape with start/end and Size fold from a static shape") {
  Graph g = parse_ir(R"(
    graph t (opset 15)
      input  %x : f32[2,3,5,7]
      %a : i64[2] = Shape(%x) {end=-1, start=1}
      %b : i64[1] = Shape(%x) {start=-1}
      %c : i64[0] = Shape(%x) {end=1, start=3}
      %n : i64[] = Size(%x)
      output %a
      output %b
      output %c
      output %n
  )");
  fold_constants(g);
  CHECK(g.nodes.empty());
  CHECK(g.tensor("a").to_int64() == std::vector<int64_t>{3, 5});
  CHECK(g.tensor("b").to_int64() == std::vector<int64_t>{7});
  CHECK(g.tensor("c").size() == 0);
  CHECK(g.tensor("n").to_int64() == std::vector<int64_t>{210});
  CHECK(g.outputs == std::vector<std::string>{"a", "b", "c", "n"});
}

TEST_CASE("arithmetic on constants folds and a folded graph output keeps its name") {
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,3]
      const  %a : f32[3] = [1, 2, 3]
      const  %b : f32[3] = [0.5, 0.5, -1]
      %ab : f32[3] = Mul(%a, %b)
      %y : f32[1,3] = Add(%x, %ab)  # node add
      %k : f32[3] = Sub(%a, %b)  # node k
      output %y
      output %k
  )");
  Graph g = before;
  fold_constants(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,3]
      const  %ab : f32[3] = [0.5, 1, -3]
      const  %k : f32[3] = [0.5, 1.5, 4]
      %y : f32[1,3] = Add(%x, %ab)  # node add
      output %y
      output %k
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("QDQ weights stay behind their DequantizeLinear and QuantizeLinear of a constant stays") {
  const std::string text = dedent(R"(
    graph qdq (opset 13)
      input  %x : f32[1,2]
      const  %b : f32[2] = [0.25, -0.5]
      const  %s : f32[] = 0.05
      const  %wq : i8[2,2] = [10, -20, 30, 127]
      const  %z : i8[] = 0
      %w : f32[2,2] = DequantizeLinear(%wq, %s, %z)  # node dq_w
      %bq : i8[2] = QuantizeLinear(%b, %s, %z)  # node q_b
      %bd : f32[2] = DequantizeLinear(%bq, %s, %z)  # node dq_b
      %y : f32[1,2] = Gemm(%x, %w, %bd)  # node fc
      output %y
  )");
  Graph g = parse_ir(text);
  fold_constants(g);
  CHECK(dump_ir(g) == text);
}

TEST_CASE("nodes with a non-constant input, random ops and quantized tensors are not folded") {
  const std::string text = dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,3]
      const  %a : f32[3] = [1, 2, 3]
      const  %q : i8[3] q(s=0.5, z=0) = [1, 2, 3]
      %n : f32[3] = RandomUniformLike(%a)
      %r : f32[1,3] = Add(%x, %a)
      %p : i8[3] q(s=0.5, z=0) = Relu(%q)
      output %n
      output %r
      output %p
  )");
  Graph g = parse_ir(text);
  fold_constants(g);
  CHECK(dump_ir(g) == text);
}

TEST_CASE("a constant node the reference rejects is reported with its name") {
  Graph g = parse_ir(R"(
    graph t (opset 13)
      const  %a : f32[6] = [1, 2, 3, 4, 5, 6]
      const  %shape : i64[2] = [4, 2]
      %y : f32[4,2] = Reshape(%a, %shape)  # node bad_reshape
      output %y
  )");
  try {
    fold_constants(g);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.node() == "bad_reshape");
    CHECK(e.op() == "Reshape");
  }
}

TEST_CASE("a constant node of an op the float reference does not know stays a node") {
  const std::string text = dedent(R"(
    graph t (opset 13)
      const  %a : f32[3] = [1, 2, 3]
      %y : f32[3] = tinyc.test.Unknown(%a)  # node mystery
      %z : f32[3] = NoSuchOp(%a)  # node mystery2
      output %y
      output %z
  )");
  Graph g = parse_ir(text);
  fold_constants(g);
  CHECK(dump_ir(g) == text);
}
