// Shape rules of the data-movement ops and their opset variants.
#include <doctest/doctest.h>

#include <climits>

#include "frontend/ir_builder.h"
#include "tinyc/error.h"

using namespace tinyc;
using test::F;
using test::Fs;
using test::I;
using test::Is;
using test::IrBuilder;
using test::S;

TEST_CASE("Reshape: 0 copies, -1 infers, allowzero keeps zeros") {
  IrBuilder b(14);
  b.in("x", {2, 3, 4}).ints("s1", {0, -1}).ints("s2", {-1, -1}).ints("s3", {4, 0, -1}).ints("s4", {5, -1});
  CHECK(b.node("Reshape", {"x", "s1"}, {}, {"y1"}) == Shape{2, 12});
  CHECK_THROWS_AS(b.node("Reshape", {"x", "s2"}, {}, {"y2"}), Error);
  // 0 copies the 3; -1 becomes 24 / 12.
  CHECK(b.node("Reshape", {"x", "s3"}, {}, {"y3"}) == Shape{4, 3, 2});
  // With allowzero the 0 is a real zero: 4x0x? cannot hold 24 elements.
  CHECK_THROWS_AS(b.node("Reshape", {"x", "s3"}, {{"allowzero", I(1)}}, {"y4"}), Error);
  CHECK_THROWS_AS(b.node("Reshape", {"x", "s4"}, {}, {"y5"}), Error);  // 24 is not a multiple of 5
}

TEST_CASE("Reshape needs its shape at compile time") {
  IrBuilder b;
  b.in("x", {2, 3}).in("dyn", {2}, DType::I64);
  try {
    b.node("Reshape", {"x", "dyn"});
    FAIL("expected an Error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("compile time") != std::string::npos);
  }
}

TEST_CASE("Flatten at axis 0, 1, -1 and rank") {
  IrBuilder b;
  b.in("x", {2, 3, 4});
  CHECK(b.node("Flatten", {"x"}, {{"axis", I(0)}}, {"a"}) == Shape{1, 24});
  CHECK(b.node("Flatten", {"x"}, {}, {"b"}) == Shape{2, 12});
  CHECK(b.node("Flatten", {"x"}, {{"axis", I(-1)}}, {"c"}) == Shape{6, 4});
  CHECK(b.node("Flatten", {"x"}, {{"axis", I(3)}}, {"d"}) == Shape{24, 1});
  CHECK_THROWS_AS(b.node("Flatten", {"x"}, {{"axis", I(4)}}, {"e"}), Error);
}

TEST_CASE("Squeeze and Unsqueeze: axes attribute before opset 13, input after") {
  SUBCASE("opset 11") {
    IrBuilder b(11);
    b.in("x", {2, 1, 3}).in("ones", {1, 3, 1});
    CHECK(b.node("Squeeze", {"x"}, {{"axes", Is({1})}}, {"a"}) == Shape{2, 3});
    CHECK(b.node("Squeeze", {"ones"}, {}, {"b"}) == Shape{3});
    CHECK_THROWS_AS(b.node("Squeeze", {"x"}, {{"axes", Is({0})}}, {"c"}), Error);  // size 2
    CHECK(b.node("Unsqueeze", {"a"}, {{"axes", Is({0, 3})}}, {"d"}) == Shape{1, 2, 3, 1});
  }
  SUBCASE("opset 13") {
    IrBuilder b(13);
    b.in("x", {2, 1, 3}).ints("ax", {-2}).ints("neg", {-1});
    CHECK(b.node("Squeeze", {"x", "ax"}, {}, {"a"}) == Shape{2, 3});
    CHECK(b.node("Unsqueeze", {"a", "neg"}, {}, {"b"}) == Shape{2, 3, 1});
    // The opset-11 attribute form is not what opset 13 means: axes are required as an input.
    CHECK_THROWS_AS(b.node("Unsqueeze", {"a"}, {{"axes", Is({0})}}, {"c"}), Error);
  }
}

TEST_CASE("Transpose and Concat") {
  IrBuilder b;
  b.in("x", {1, 2, 3, 4}).in("p", {1, 2, 4}).in("q", {1, 3, 4}).in("r", {1, 3, 5});
  CHECK(b.node("Transpose", {"x"}, {}, {"a"}) == Shape{4, 3, 2, 1});
  CHECK(b.node("Transpose", {"x"}, {{"perm", Is({0, 2, 3, 1})}}, {"b"}) == Shape{1, 3, 4, 2});
  CHECK_THROWS_AS(b.node("Transpose", {"x"}, {{"perm", Is({0, 0, 1, 2})}}, {"c"}), Error);
  CHECK(b.node("Concat", {"p", "q"}, {{"axis", I(1)}}, {"d"}) == Shape{1, 5, 4});
  CHECK(b.node("Concat", {"p", "q"}, {{"axis", I(-2)}}, {"e"}) == Shape{1, 5, 4});
  CHECK_THROWS_AS(b.node("Concat", {"p", "r"}, {{"axis", I(1)}}, {"f"}), Error);
}

TEST_CASE("Slice: attributes (opset 9), inputs with steps, negative and out-of-range indices") {
  SUBCASE("opset 9 attributes") {
    IrBuilder b(9);
    b.in("x", {4, 10});
    CHECK(b.node("Slice", {"x"}, {{"starts", Is({1})}, {"ends", Is({3})}, {"axes", Is({1})}}) == Shape{4, 2});
  }
  SUBCASE("opset 13 inputs") {
    IrBuilder b(13);
    b.in("x", {4, 10});
    b.ints("s_neg", {-1}).ints("e_min", {INT64_MIN}).ints("step_neg", {-1}).ints("ax1", {1});
    b.ints("s1", {1}).ints("e_max", {INT64_MAX}).ints("step3", {3}).ints("s_far", {20}).ints("e_far", {30});
    // Reverse the whole axis: 10 elements.
    CHECK(b.node("Slice", {"x", "s_neg", "e_min", "ax1", "step_neg"}, {}, {"a"}) == Shape{4, 10});
    // 1, 4, 7: three elements.
    CHECK(b.node("Slice", {"x", "s1", "e_max", "ax1", "step3"}, {}, {"b"}) == Shape{4, 3});
    // Without axes the first axis is sliced: rows 1..3.
    CHECK(b.node("Slice", {"x", "s1", "e_max"}, {}, {"c"}) == Shape{3, 10});
    // Entirely out of range: empty.
    CHECK(b.node("Slice", {"x", "s_far", "e_far", "ax1"}, {}, {"d"}) == Shape{4, 0});
  }
}

TEST_CASE("Pad: pads attribute before opset 11, input after; negative pads crop") {
  IrBuilder old(10);
  old.in("x", {1, 3, 4, 4});
  CHECK(old.node("Pad", {"x"}, {{"pads", Is({0, 0, 1, 1, 0, 0, 1, 1})}}) == Shape{1, 3, 6, 6});
  IrBuilder b(13);
  b.in("x", {1, 3, 4, 4}).ints("p", {0, 0, 2, -1, 0, 0, 0, -1}).ints("p_short", {1, 1});
  CHECK(b.node("Pad", {"x", "p"}, {{"mode", S("reflect")}}) == Shape{1, 3, 6, 2});
  CHECK_THROWS_AS(b.node("Pad", {"x", "p_short"}, {}, {"z"}), Error);
  CHECK_THROWS_AS(b.node("Pad", {"x", "p"}, {{"mode", S("wrap")}}, {"w"}), Error);
}

TEST_CASE("Resize (nearest) and Upsample across opsets") {
  SUBCASE("opset 13 scales and sizes") {
    IrBuilder b(13);
    b.in("x", {1, 3, 5, 7}).floats("sc", {1, 1, 2, 1.5f}).ints("sz", {1, 3, 2, 3}).floats("empty", {}, {0});
    CHECK(b.node("Resize", {"x", "", "sc"}, {{"mode", S("nearest")}}, {"a"}) == Shape{1, 3, 10, 10});
    CHECK(b.node("Resize", {"x", "empty", "empty", "sz"}, {}, {"b"}) == Shape{1, 3, 2, 3});
    CHECK_THROWS_AS(b.node("Resize", {"x", "", "sc"}, {{"mode", S("linear")}}, {"c"}), Error);
  }
  SUBCASE("opset 10 Resize takes (X, scales)") {
    IrBuilder b(10);
    b.in("x", {1, 1, 2, 2}).floats("sc", {1, 1, 3, 3});
    CHECK(b.node("Resize", {"x", "sc"}) == Shape{1, 1, 6, 6});
  }
  SUBCASE("Upsample-7 scales attribute, Upsample-9 scales input; gone at 10") {
    IrBuilder b7(7);
    b7.in("x", {1, 2, 3, 3});
    CHECK(b7.node("Upsample", {"x"}, {{"scales", Fs({1, 1, 2, 2})}}) == Shape{1, 2, 6, 6});
    IrBuilder b9(9);
    b9.in("x", {1, 2, 3, 3}).floats("sc", {1, 1, 2, 3});
    CHECK(b9.node("Upsample", {"x", "sc"}) == Shape{1, 2, 6, 9});
    IrBuilder b10(10);
    b10.in("x", {1, 2, 3, 3}).floats("sc", {1, 1, 2, 3});
    CHECK_THROWS_AS(b10.node("Upsample", {"x", "sc"}), Error);
  }
}

TEST_CASE("Gather, ConstantOfShape, Range, Expand") {
  IrBuilder b(13);
  b.in("x", {2, 5, 3}).ints("idx", {4, 0, 1, 2}).ints("shape", {2, 3}).ints("big", {3, 1, 4});
  b.g.add_tensor(Tensor::from_int64("one_idx", {}, {3}));
  b.g.add_tensor(Tensor::from_int64("bad_idx", {}, {5}));
  CHECK(b.node("Gather", {"x", "idx"}, {{"axis", I(1)}}, {"a"}) == Shape{2, 4, 3});
  CHECK(b.node("Gather", {"x", "one_idx"}, {{"axis", I(1)}}, {"b"}) == Shape{2, 3});
  CHECK_THROWS_AS(b.node("Gather", {"x", "bad_idx"}, {{"axis", I(1)}}, {"c"}), Error);
  Attribute v = Attribute::of_tensor(Tensor::from_int64("v", {1}, {7}));
  CHECK(b.node("ConstantOfShape", {"shape"}, {{"value", v}}, {"d"}) == Shape{2, 3});
  CHECK(b.dtype("d") == DType::I64);
  b.g.add_tensor(Tensor::from_int64("start", {}, {2}));
  b.g.add_tensor(Tensor::from_int64("limit", {}, {11}));
  b.g.add_tensor(Tensor::from_int64("delta", {}, {3}));
  CHECK(b.node("Range", {"start", "limit", "delta"}, {}, {"e"}) == Shape{3});  // 2, 5, 8
  b.in("col", {3, 1});
  CHECK(b.node("Expand", {"col", "big"}, {}, {"f"}) == Shape{3, 3, 4});
}

TEST_CASE("Shape with start/end (opset 15) feeds a Reshape through a Gather/Unsqueeze/Concat chain") {
  IrBuilder b(15);
  b.in("x", {2, 3, 4, 5});
  CHECK(b.node("Shape", {"x"}, {{"start", I(1)}, {"end", I(-1)}}, {"s"}) == Shape{2});
  // The PyTorch flatten chain: Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])).
  Graph& g = b.g;
  g.add_tensor(Tensor::from_int64("zero", {}, {0}));
  g.add_tensor(Tensor::from_int64("axes0", {1}, {0}));
  g.add_tensor(Tensor::from_int64("minus1", {1}, {-1}));
  auto add = [&g](std::string op, std::vector<std::string> in, std::string out, std::map<std::string, Attribute> a = {}) {
    Node n;
    n.name = out + "_node";
    n.op_type = std::move(op);
    n.inputs = std::move(in);
    n.outputs = {std::move(out)};
    n.attrs = std::move(a);
    g.nodes.push_back(std::move(n));
  };
  add("Shape", {"x"}, "full");
  add("Gather", {"full", "zero"}, "batch", {{"axis", I(0)}});
  add("Unsqueeze", {"batch", "axes0"}, "batch1");
  add("Concat", {"batch1", "minus1"}, "target", {{"axis", I(0)}});
  add("Reshape", {"x", "target"}, "flat");
  infer_shapes(g);
  CHECK(g.tensor("flat").shape == Shape{2, 60});
}
