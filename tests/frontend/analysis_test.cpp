// Static analysis: MACs, parameters, attribute summaries and totals, checked
// against hand-computed values.
#include <doctest/doctest.h>

#include "frontend/ir_builder.h"
#include "tinyc/analysis.h"

using namespace tinyc;
using test::I;
using test::Is;
using test::IrBuilder;
using test::S;

TEST_CASE("MACs of convolutions and matrix products") {
  IrBuilder b;
  b.in("x", {1, 3, 32, 32}).zeros("w", {8, 3, 3, 3}).zeros("bias", {8});
  b.node("Conv", {"x", "w", "bias"}, {{"pads", Is({1, 1, 1, 1})}, {"strides", Is({2, 2})}}, {"c"});
  // 1x8x16x16 outputs, each 3 channels x 3x3 taps.
  CHECK(node_macs(b.g, b.g.nodes.back()) == 8 * 16 * 16 * 27);
  CHECK(node_params(b.g, b.g.nodes.back()) == 8 * 27 + 8);

  b.in("d", {1, 8, 10, 10}).zeros("dw", {8, 1, 3, 3});
  b.node("Conv", {"d", "dw"}, {{"group", I(8)}}, {"dc"});
  CHECK(node_macs(b.g, b.g.nodes.back()) == 8 * 8 * 8 * 9);  // depthwise: one channel per output

  b.in("a", {2, 3}).zeros("gw", {4, 3});
  b.node("Gemm", {"a", "gw"}, {{"transB", I(1)}}, {"gm"});
  CHECK(node_macs(b.g, b.g.nodes.back()) == 2 * 4 * 3);
  b.in("m", {2, 3, 4}).zeros("mw", {4, 5});
  b.node("MatMul", {"m", "mw"}, {}, {"mm"});
  CHECK(node_macs(b.g, b.g.nodes.back()) == 2 * 3 * 5 * 4);

  b.node("MaxPool", {"c"}, {{"kernel_shape", Is({2, 2})}}, {"p"});
  CHECK(node_macs(b.g, b.g.nodes.back()) == 0);
  CHECK(node_params(b.g, b.g.nodes.back()) == 0);
}

TEST_CASE("attribute summaries leave defaults out") {
  Node conv;
  conv.op_type = "Conv";
  conv.attrs = {{"kernel_shape", Is({3, 3})}, {"strides", Is({2, 2})}, {"pads", Is({0, 0, 1, 1})},
                {"dilations", Is({1, 1})}, {"group", I(16)}};
  CHECK(node_param_summary(conv) == "k=3x3 s=2x2 p=0,0,1,1 g=16");
  conv.attrs["strides"] = Is({1, 1});
  conv.attrs["pads"] = Is({0, 0, 0, 0});
  conv.attrs["group"] = I(1);
  conv.attrs["tinyc.activation"] = S("Clip");
  conv.attrs["tinyc.act_min"] = Attribute::of_float(0);
  conv.attrs["tinyc.act_max"] = Attribute::of_float(6);
  CHECK(node_param_summary(conv) == "k=3x3 +Clip(0,6)");
  Node t;
  t.op_type = "Transpose";
  t.attrs = {{"perm", Is({0, 2, 3, 1})}};
  CHECK(node_param_summary(t) == "perm=0,2,3,1");
  Node r;
  r.op_type = "Relu";
  CHECK(node_param_summary(r).empty());
}

TEST_CASE("graph totals count shared constants once and find the largest activation") {
  IrBuilder b;
  b.in("x", {1, 4}).zeros("w", {4, 4});
  b.node("MatMul", {"x", "w"}, {}, {"h"});
  b.node("MatMul", {"h", "w"}, {}, {"y"});
  b.node("Concat", {"h", "y"}, {{"axis", I(1)}}, {"cat"});
  GraphTotals t = graph_totals(b.g);
  CHECK(t.params == 16);
  CHECK(t.weight_bytes == 64);
  CHECK(t.macs == 2 * 16);
  CHECK(t.largest_activation == "cat");
  CHECK(t.largest_activation_bytes == 32);
}
