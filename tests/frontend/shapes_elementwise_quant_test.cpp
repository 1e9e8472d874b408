// Shape rules of elementwise, normalisation and quantization ops, and the
// supported-op queries.
#include <doctest/doctest.h>

#include <algorithm>

#include "frontend/ir_builder.h"
#include "tinyc/error.h"

using namespace tinyc;
using test::F;
using test::I;
using test::Is;
using test::IrBuilder;

TEST_CASE("numpy broadcasting in binary ops") {
  IrBuilder b;
  b.in("a", {2, 1, 4}).in("c", {3, 1}).in("d", {3, 5}).in("i", {3, 1}, DType::I64);
  CHECK(b.node("Add", {"a", "c"}, {}, {"y1"}) == Shape{2, 3, 4});
  CHECK(b.node("Mul", {"c", "d"}, {}, {"y2"}) == Shape{3, 5});
  CHECK_THROWS_AS(b.node("Sub", {"a", "d"}, {}, {"y3"}), Error);  // 4 vs 5
  CHECK_THROWS_AS(b.node("Div", {"c", "i"}, {}, {"y4"}), Error);  // float32 vs int64
}

TEST_CASE("Clip: min/max attributes before opset 11, scalar inputs after") {
  IrBuilder old(10);
  old.in("x", {2, 3});
  CHECK(old.node("Clip", {"x"}, {{"min", F(0)}, {"max", F(6)}}) == Shape{2, 3});
  IrBuilder b(13);
  b.in("x", {2, 3}).floats("lo", {0.f}).floats("vec", {0.f, 1.f});
  CHECK(b.node("Clip", {"x", "lo"}) == Shape{2, 3});
  CHECK(b.node("Clip", {"x", "", "lo"}, {}, {"y2"}) == Shape{2, 3});
  CHECK_THROWS_AS(b.node("Clip", {"x", "vec"}, {}, {"y3"}), Error);
}

TEST_CASE("PRelu slope broadcasts to the input only") {
  IrBuilder b;
  b.in("x", {1, 4, 3, 3}).zeros("slope", {4, 1, 1}).zeros("wide", {2, 4, 1, 1});
  CHECK(b.node("PRelu", {"x", "slope"}) == Shape{1, 4, 3, 3});
  CHECK_THROWS_AS(b.node("PRelu", {"x", "wide"}, {}, {"y2"}), Error);
}

TEST_CASE("Dropout (inference): mask is bool from opset 10, training mode refused") {
  IrBuilder b(13);
  b.in("x", {2, 3});
  b.g.add_tensor(Tensor::from_values<uint8_t>("train", DType::Bool, {}, {1}));
  b.g.add_tensor(Tensor::from_values<uint8_t>("infer", DType::Bool, {}, {0}));
  b.floats("ratio", {0.5f});
  CHECK(b.node("Dropout", {"x", "ratio", "infer"}, {}, {"y", "mask"}) == Shape{2, 3});
  CHECK(b.dtype("mask") == DType::Bool);
  CHECK_THROWS_AS(b.node("Dropout", {"x", "ratio", "train"}, {}, {"y2"}), Error);
}

TEST_CASE("Cast sets the dtype; float16 targets are refused") {
  IrBuilder b;
  b.in("x", {2, 3});
  CHECK(b.node("Cast", {"x"}, {{"to", I(7)}}) == Shape{2, 3});
  CHECK(b.dtype() == DType::I64);
  CHECK_THROWS_AS(b.node("Cast", {"x"}, {{"to", I(10)}}, {"h"}), Error);
}

TEST_CASE("Softmax axis: default 1 before opset 13, -1 after") {
  IrBuilder old(11), b(13);
  old.in("x", {2, 3, 4});
  b.in("x", {2, 3, 4});
  CHECK(old.node("Softmax", {"x"}) == Shape{2, 3, 4});
  CHECK(b.node("Softmax", {"x"}, {{"axis", I(-3)}}) == Shape{2, 3, 4});
  CHECK_THROWS_AS(b.node("Softmax", {"x"}, {{"axis", I(3)}}, {"y2"}), Error);
}

TEST_CASE("BatchNormalization: inference form only") {
  IrBuilder b(15);
  b.in("x", {1, 4, 3, 3}).zeros("p", {4}).zeros("p3", {3});
  CHECK(b.node("BatchNormalization", {"x", "p", "p", "p", "p"}) == Shape{1, 4, 3, 3});
  CHECK_THROWS_AS(b.node("BatchNormalization", {"x", "p3", "p", "p", "p"}, {}, {"y2"}), Error);
  CHECK_THROWS_AS(b.node("BatchNormalization", {"x", "p", "p", "p", "p"}, {{"training_mode", I(1)}}, {"y3"}), Error);
  CHECK_THROWS_AS(b.node("BatchNormalization", {"x", "p", "p", "p", "p"}, {}, {"y4", "mean", "var"}), Error);
}

TEST_CASE("ReduceMean: axes attribute before opset 18, input after") {
  IrBuilder old(13);
  old.in("x", {2, 3, 4});
  CHECK(old.node("ReduceMean", {"x"}, {{"axes", Is({1})}}, {"a"}) == Shape{2, 1, 4});
  CHECK(old.node("ReduceMean", {"x"}, {{"axes", Is({-1, 0})}, {"keepdims", I(0)}}, {"b"}) == Shape{3});
  CHECK(old.node("ReduceMean", {"x"}, {}, {"c"}) == Shape{1, 1, 1});
  IrBuilder b(18);
  b.in("x", {2, 3, 4}).ints("ax", {2}).ints("none", {});
  CHECK(b.node("ReduceMean", {"x", "ax"}, {{"keepdims", I(0)}}, {"a"}) == Shape{2, 3});
  CHECK(b.node("ReduceMean", {"x", "none"}, {{"noop_with_empty_axes", I(1)}}, {"b"}) == Shape{2, 3, 4});
  b.in("dyn", {1}, DType::I64);
  CHECK_THROWS_AS(b.node("ReduceMean", {"x", "dyn"}, {}, {"c"}), Error);
}

TEST_CASE("QuantizeLinear / DequantizeLinear: types and per-axis parameters") {
  IrBuilder b(13);
  b.in("x", {1, 4, 2, 2}).floats("s", {0.1f}).zeros("zi8", {}, DType::I8).floats("s4", {1, 2, 3, 4});
  b.zeros("z4", {4}, DType::I8).floats("s3", {1, 2, 3});
  CHECK(b.node("QuantizeLinear", {"x", "s", "zi8"}, {}, {"q"}) == Shape{1, 4, 2, 2});
  CHECK(b.dtype("q") == DType::I8);
  b.node("QuantizeLinear", {"x", "s"}, {}, {"qu"});
  CHECK(b.dtype("qu") == DType::U8);  // no zero point: uint8
  CHECK(b.node("QuantizeLinear", {"x", "s4", "z4"}, {{"axis", I(1)}}, {"qa"}) == Shape{1, 4, 2, 2});
  CHECK_THROWS_AS(b.node("QuantizeLinear", {"x", "s3"}, {{"axis", I(1)}}, {"qb"}), Error);
  CHECK(b.node("DequantizeLinear", {"q", "s", "zi8"}, {}, {"d"}) == Shape{1, 4, 2, 2});
  CHECK(b.dtype("d") == DType::F32);
  b.zeros("bias", {4}, DType::I32);
  CHECK(b.node("DequantizeLinear", {"bias", "s4"}, {{"axis", I(0)}}, {"db"}) == Shape{4});
  CHECK_THROWS_AS(b.node("DequantizeLinear", {"x", "s"}, {}, {"dx"}), Error);  // float input
  IrBuilder old(10);
  old.in("x", {1, 4}).floats("s4", {1, 2, 3, 4});
  CHECK_THROWS_AS(old.node("QuantizeLinear", {"x", "s4"}), Error);  // per-axis needs opset 13
}

TEST_CASE("com.microsoft QLinearAdd / QLinearMul / QLinearSoftmax") {
  IrBuilder b(13);
  b.in("a", {2, 3, 4}, DType::I8).in("c", {4}, DType::I8).floats("s", {0.1f}).zeros("z", {}, DType::I8);
  CHECK(b.node("QLinearAdd", {"a", "s", "z", "c", "s", "z", "s", "z"}, {}, {"y"}, "com.microsoft") == Shape{2, 3, 4});
  CHECK(b.node("QLinearMul", {"c", "s", "z", "a", "s", "z", "s", "z"}, {}, {"y2"}, "com.microsoft") == Shape{2, 3, 4});
  CHECK(b.node("QLinearSoftmax", {"a", "s", "z", "s", "z"}, {{"axis", I(-1)}, {"opset", I(13)}}, {"y3"}, "com.microsoft") ==
        Shape{2, 3, 4});
  CHECK(b.dtype("y3") == DType::I8);
}

TEST_CASE("supported-op queries") {
  std::string why;
  CHECK(is_supported_op("", "Conv", 13, &why));
  CHECK(why.empty());
  CHECK(is_supported_op("ai.onnx", "ReduceMean", 18, nullptr));
  CHECK_FALSE(is_supported_op("", "HardSwish", 13, &why));
  CHECK(why.find("14") != std::string::npos);
  CHECK_FALSE(is_supported_op("", "Resize", 9, &why));
  CHECK_FALSE(is_supported_op("", "Upsample", 10, &why));
  CHECK_FALSE(is_supported_op("", "LSTM", 13, &why));
  CHECK(why == "not supported");
  CHECK_FALSE(is_supported_op("", "Conv", 23, &why));
  CHECK_FALSE(is_supported_op("", "Conv", 6, &why));
  CHECK(is_supported_op("com.microsoft", "QLinearAdd", 1, nullptr));
  CHECK_FALSE(is_supported_op("com.example", "Conv", 1, nullptr));
  std::vector<std::string> ops = supported_ops();
  CHECK(std::is_sorted(ops.begin(), ops.end()));
  for (const char* op : {"Conv", "Gemm", "QuantizeLinear", "Resize", "com.microsoft:QLinearSoftmax", "Range", "Expand"})
    CHECK(std::find(ops.begin(), ops.end(), op) != ops.end());
  CHECK(std::find(ops.begin(), ops.end(), "LSTM") == ops.end());
}
