// remove_identities: Identity and inference Dropout disappear; graph output
// names survive.
#include <doctest/doctest.h>

#include "passes/ir_text.h"
#include "passes/numeric_check.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::dedent;
using tinyc::test::max_output_difference;
using tinyc::test::parse_ir;

TEST_CASE("an Identity between two nodes goes and its consumers read its input") {
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      %a : f32[1,4] = Relu(%x)  # node r1
      %b : f32[1,4] = Identity(%a)  # node id
      %c : f32[1,4] = Sigmoid(%b)  # node s
      %d : f32[1,4] = Add(%b, %a)  # node add
      output %c
      output %d
  )");
  Graph g = before;
  remove_identities(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      %a : f32[1,4] = Relu(%x)  # node r1
      %c : f32[1,4] = Sigmoid(%a)  # node s
      %d : f32[1,4] = Add(%a, %a)  # node add
      output %c
      output %d
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("an Identity chain producing a graph output hands the output's name to the producer") {
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      %a : f32[1,4] = Relu(%x)  # node r1
      %b : f32[1,4] = Identity(%a)  # node id1
      %y : f32[1,4] = Identity(%b)  # node id2
      %z : f32[1,4] = Sigmoid(%a)  # node s
      output %y
      output %z
  )");
  Graph g = before;
  remove_identities(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      %y : f32[1,4] = Relu(%x)  # node r1
      %z : f32[1,4] = Sigmoid(%y)  # node s
      output %y
      output %z
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("an Identity of a constant that is a graph output renames the constant") {
  Graph g = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[2]
      const  %k : f32[2] = [1, 2]
      %y : f32[2] = Identity(%k)
      %z : f32[2] = Add(%x, %k)
      output %y
      output %z
  )");
  remove_identities(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[2]
      const  %y : f32[2] = [1, 2]
      %z : f32[2] = Add(%x, %y)
      output %y
      output %z
  )"));
}

TEST_CASE("an Identity stays when both of its names must survive") {
  // From a graph input to a graph output, and between two graph outputs.
  const std::string text = dedent(R"(
    graph t (opset 13)
      input  %x : f32[2]
      %y : f32[2] = Identity(%x)
      %a : f32[2] = Relu(%x)
      %b : f32[2] = Identity(%a)
      output %y
      output %a
      output %b
  )");
  Graph g = parse_ir(text);
  remove_identities(g);
  CHECK(dump_ir(g) == text);
}

TEST_CASE("an inference Dropout goes, with or without an unused mask or a false training_mode") {
  const Graph before = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      const  %off : bool[] = 0
      const  %ratio : f32[] = 0.5
      %a : f32[1,4], %mask : bool[1,4] = Dropout(%x)  # node d1
      %b : f32[1,4] = Dropout(%a, %ratio, %off)  # node d2
      %y : f32[1,4] = Relu(%b)  # node r
      output %y
  )");
  Graph g = before;
  remove_identities(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      %y : f32[1,4] = Relu(%x)  # node r
      output %y
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}

TEST_CASE("a Dropout whose mask is used, or that trains, stays") {
  const std::string text = dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,4]
      input  %t : bool[]
      const  %on : bool[] = 1
      const  %ratio : f32[] = 0.5
      %a : f32[1,4], %mask : bool[1,4] = Dropout(%x)  # node mask_used
      %b : f32[1,4] = Dropout(%a, %ratio, %on)  # node training
      %c : f32[1,4] = Dropout(%b, %ratio, %t)  # node maybe_training
      %m : f32[1,4] = Where(%mask, %c, %x)
      output %m
  )");
  Graph g = parse_ir(text);
  remove_identities(g);
  CHECK(dump_ir(g) == text);
}
