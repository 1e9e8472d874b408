// Shape rules of the sliding-window and matrix ops, with hand-computed shapes.
#include <doctest/doctest.h>

#include "frontend/ir_builder.h"
#include "tinyc/error.h"

using namespace tinyc;
using test::I;
using test::Is;
using test::IrBuilder;
using test::S;

TEST_CASE("Conv: padding, stride, groups, dilation, auto_pad") {
  SUBCASE("3x3 stride 2 pad 1: 32 -> 16") {
    IrBuilder b;
    b.in("x", {1, 3, 32, 32}).zeros("w", {8, 3, 3, 3}).zeros("bias", {8});
    CHECK(b.node("Conv", {"x", "w", "bias"}, {{"pads", Is({1, 1, 1, 1})}, {"strides", Is({2, 2})}}) == Shape{1, 8, 16, 16});
  }
  SUBCASE("depthwise, no padding: 10 -> 8") {
    IrBuilder b;
    b.in("x", {1, 8, 10, 10}).zeros("w", {8, 1, 3, 3});
    CHECK(b.node("Conv", {"x", "w"}, {{"group", I(8)}}) == Shape{1, 8, 8, 8});
  }
  SUBCASE("dilation 2 makes a 3x3 kernel span 5: 10 -> 6") {
    IrBuilder b;
    b.in("x", {1, 1, 10, 10}).zeros("w", {1, 1, 3, 3});
    CHECK(b.node("Conv", {"x", "w"}, {{"dilations", Is({2, 2})}}) == Shape{1, 1, 6, 6});
  }
  SUBCASE("SAME_UPPER keeps ceil(in / stride); VALID drops the border") {
    IrBuilder b;
    b.in("x", {1, 1, 7, 7}).zeros("w", {2, 1, 3, 3});
    CHECK(b.node("Conv", {"x", "w"}, {{"auto_pad", S("SAME_UPPER")}, {"strides", Is({2, 2})}}) == Shape{1, 2, 4, 4});
    CHECK(b.node("Conv", {"x", "w"}, {{"auto_pad", S("VALID")}, {"strides", Is({2, 2})}}, {"v"}) == Shape{1, 2, 3, 3});
  }
  SUBCASE("1-D convolution with asymmetric pads: 10 + 2 + 0 - 5 + 1 = 8") {
    IrBuilder b;
    b.in("x", {1, 4, 10}).zeros("w", {6, 4, 5});
    CHECK(b.node("Conv", {"x", "w"}, {{"pads", Is({2, 0})}}) == Shape{1, 6, 8});
  }
  SUBCASE("channel and group mismatches are errors naming the node") {
    IrBuilder b;
    b.in("x", {1, 3, 8, 8}).zeros("w", {8, 2, 3, 3}).zeros("wbias", {4});
    try {
      b.node("Conv", {"x", "w"});
      FAIL("expected an Error");
    } catch (const Error& e) {
      CHECK(e.node() == "Conv_under_test");
      CHECK(e.op() == "Conv");
      CHECK(std::string(e.what()).find("channels") != std::string::npos);
    }
    IrBuilder b2;
    b2.in("x", {1, 4, 8, 8}).zeros("w", {8, 2, 3, 3}).zeros("bias", {4});
    CHECK_THROWS_AS(b2.node("Conv", {"x", "w", "bias"}, {{"group", I(2)}}), Error);  // bias of 4 for 8 outputs
    CHECK_THROWS_AS(b2.node("Conv", {"x", "w"}, {{"group", I(3)}}, {"z"}), Error);
  }
  SUBCASE("a kernel larger than the padded input is an error") {
    IrBuilder b;
    b.in("x", {1, 1, 2, 2}).zeros("w", {1, 1, 3, 3});
    CHECK_THROWS_AS(b.node("Conv", {"x", "w"}), Error);
  }
}

TEST_CASE("pools: kernel, ceil_mode, globals, channels-last QLinear pools") {
  SUBCASE("MaxPool 2x2 stride 2 on 5: floor 2, ceil 3") {
    IrBuilder b;
    b.in("x", {1, 1, 5, 5});
    CHECK(b.node("MaxPool", {"x"}, {{"kernel_shape", Is({2, 2})}, {"strides", Is({2, 2})}}) == Shape{1, 1, 2, 2});
    CHECK(b.node("MaxPool", {"x"}, {{"kernel_shape", Is({2, 2})}, {"strides", Is({2, 2})}, {"ceil_mode", I(1)}}, {"c"}) ==
          Shape{1, 1, 3, 3});
  }
  SUBCASE("ceil_mode drops a window that would start in the end padding") {
    IrBuilder b;
    b.in("x", {1, 1, 4, 4});
    // room = 4 + 1 - 2 = 3; ceil(3/2) + 1 = 3, but window 3 starts at 4 = in + pad_begin: dropped.
    CHECK(b.node("AveragePool", {"x"},
                 {{"kernel_shape", Is({2, 2})}, {"strides", Is({2, 2})}, {"pads", Is({0, 0, 1, 1})}, {"ceil_mode", I(1)}}) ==
          Shape{1, 1, 2, 2});
  }
  SUBCASE("global pools keep N and C") {
    IrBuilder b;
    b.in("x", {2, 16, 7, 5});
    CHECK(b.node("GlobalAveragePool", {"x"}) == Shape{2, 16, 1, 1});
    CHECK(b.node("GlobalMaxPool", {"x"}, {}, {"m"}) == Shape{2, 16, 1, 1});
  }
  SUBCASE("MaxPool's Indices output is refused") {
    IrBuilder b;
    b.in("x", {1, 1, 4, 4});
    CHECK_THROWS_AS(b.node("MaxPool", {"x"}, {{"kernel_shape", Is({2, 2})}}, {"y", "idx"}), Error);
  }
  SUBCASE("QLinearAveragePool channels_last pools the middle dimensions") {
    IrBuilder b(13);
    b.in("x", {1, 8, 6, 3}, DType::U8).floats("s", {0.1f}).zeros("z", {}, DType::U8);
    CHECK(b.node("QLinearAveragePool", {"x", "s", "z", "s", "z"},
                 {{"kernel_shape", Is({2, 2})}, {"strides", Is({2, 2})}, {"channels_last", I(1)}}, {"y"},
                 "com.microsoft") == Shape{1, 4, 3, 3});
    CHECK(b.dtype() == DType::U8);
    CHECK(b.node("QLinearGlobalAveragePool", {"x", "s", "z", "s", "z"}, {{"channels_last", I(1)}}, {"g"},
                 "com.microsoft") == Shape{1, 1, 1, 3});
    CHECK(b.node("QLinearGlobalAveragePool", {"x", "s", "z", "s", "z"}, {}, {"g2"}, "com.microsoft") ==
          Shape{1, 8, 1, 1});
  }
}

TEST_CASE("integer and QLinear convolutions") {
  IrBuilder b;
  b.in("x", {1, 2, 5, 5}, DType::U8).zeros("w", {4, 2, 3, 3}, DType::I8).floats("s", {0.5f});
  b.zeros("xz", {}, DType::U8).zeros("wz", {}, DType::I8).zeros("yz", {}, DType::I8).zeros("bias", {4}, DType::I32);
  CHECK(b.node("ConvInteger", {"x", "w", "xz", "wz"}) == Shape{1, 4, 3, 3});
  CHECK(b.dtype() == DType::I32);
  CHECK(b.node("QLinearConv", {"x", "s", "xz", "w", "s", "wz", "s", "yz", "bias"}, {{"pads", Is({1, 1, 1, 1})}}, {"q"}) ==
        Shape{1, 4, 5, 5});
  CHECK(b.dtype("q") == DType::I8);  // the output zero point's type
}

TEST_CASE("Gemm and MatMul") {
  SUBCASE("Gemm with transB and a broadcast bias") {
    IrBuilder b;
    b.in("a", {2, 3}).zeros("w", {4, 3}).zeros("c", {4}).zeros("c_bad", {3});
    CHECK(b.node("Gemm", {"a", "w", "c"}, {{"transB", I(1)}}) == Shape{2, 4});
    CHECK_THROWS_AS(b.node("Gemm", {"a", "w", "c_bad"}, {{"transB", I(1)}}, {"y2"}), Error);
    CHECK_THROWS_AS(b.node("Gemm", {"a", "w"}, {}, {"y3"}), Error);  // 3 vs 4 without transB
  }
  SUBCASE("Gemm with transA") {
    IrBuilder b;
    b.in("a", {3, 2}).zeros("w", {3, 5});
    CHECK(b.node("Gemm", {"a", "w"}, {{"transA", I(1)}}) == Shape{2, 5});
  }
  SUBCASE("MatMul follows numpy: batching, broadcasting and 1-D operands") {
    IrBuilder b;
    b.in("a", {2, 3, 4}).in("v", {4}).in("m", {3, 4}).in("p", {2, 1, 3, 4}).zeros("w", {4, 5}).zeros("q", {5, 4, 6});
    CHECK(b.node("MatMul", {"a", "w"}, {}, {"y1"}) == Shape{2, 3, 5});
    CHECK(b.node("MatMul", {"v", "w"}, {}, {"y2"}) == Shape{5});
    CHECK(b.node("MatMul", {"m", "v"}, {}, {"y3"}) == Shape{3});
    CHECK(b.node("MatMul", {"p", "q"}, {}, {"y4"}) == Shape{2, 5, 3, 6});
    CHECK_THROWS_AS(b.node("MatMul", {"w", "m"}, {}, {"y5"}), Error);  // 5 vs 3
  }
  SUBCASE("MatMulInteger gives int32, QLinearMatMul the output zero point's type") {
    IrBuilder b;
    b.in("a", {2, 4}, DType::U8).zeros("w", {4, 3}, DType::I8).floats("s", {1.f});
    b.zeros("az", {}, DType::U8).zeros("wz", {}, DType::I8).zeros("yz", {}, DType::U8);
    CHECK(b.node("MatMulInteger", {"a", "w", "az", "wz"}) == Shape{2, 3});
    CHECK(b.dtype() == DType::I32);
    CHECK(b.node("QLinearMatMul", {"a", "s", "az", "w", "s", "wz", "s", "yz"}, {}, {"q"}) == Shape{2, 3});
    CHECK(b.dtype("q") == DType::U8);
  }
}
