// eliminate_dead_nodes: what reaches no graph output goes, with its tensors.
#include <doctest/doctest.h>

#include "passes/ir_text.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::dedent;
using tinyc::test::parse_ir;

TEST_CASE("a branch that reaches no output is removed with its constants; graph inputs stay") {
  Graph g = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      input  %unused : f32[1,4]
      const  %k : f32[4] = [1, 2, 3, 4]
      const  %kd : f32[4] = [5, 6, 7, 8]
      %a : f32[1,4] = Add(%x, %k)  # node live
      %d1 : f32[1,4] = Mul(%x, %kd)  # node dead1
      %d2 : f32[1,4] = Relu(%d1)  # node dead2
      %y : f32[1,4] = Relu(%a)  # node out
      output %y
  )");
  eliminate_dead_nodes(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      input  %unused : f32[1,4]
      const  %k : f32[4] = [1, 2, 3, 4]
      %a : f32[1,4] = Add(%x, %k)  # node live
      %y : f32[1,4] = Relu(%a)  # node out
      output %y
  )"));
}

TEST_CASE("a node with one live output of two stays, and a graph without dead nodes is unchanged") {
  const std::string text = dedent(R"(
    graph t (opset 13)
      input  %x : f32[4]
      const  %split : i64[2] = [2, 2]
      %a : f32[2], %b : f32[2] = Split(%x, %split) {axis=0}  # node split
      %y : f32[2] = Relu(%b)  # node r
      output %y
  )");
  Graph g = parse_ir(text);
  eliminate_dead_nodes(g);
  CHECK(dump_ir(g) == text);
}

TEST_CASE("everything goes when nothing is an output") {
  Graph g = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[4]
      %a : f32[4] = Relu(%x)
  )");
  eliminate_dead_nodes(g);
  CHECK(g.nodes.empty());
  CHECK(g.tensors.size() == 1);
}
