// Float reference: Gemm, MatMul, MatMulInteger, QLinearMatMul (hand-computed).
#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

namespace {
const Tensor kA = f32({2, 3}, {1, 2, 3, 4, 5, 6});
const Tensor kB = f32({3, 2}, {1, 0, 0, 1, 1, 1});  // A*B = [[4, 5], [10, 11]]
}  // namespace

TEST_CASE("Gemm: alpha, beta and a vector bias broadcast over rows") {
  Node n = make_node("Gemm", 3);
  n.attrs["alpha"] = Attribute::of_float(2);
  n.attrs["beta"] = Attribute::of_float(0.5f);
  check_f32(eval1(n, {kA, kB, f32({2}, {1, 2})}), {2, 2}, {8.5f, 11, 20.5f, 23});
}

TEST_CASE("Gemm: transA and transB read the transposed operands") {
  Node n = make_node("Gemm", 2);
  n.attrs["transA"] = Attribute::of_int(1);
  n.attrs["transB"] = Attribute::of_int(1);
  const Tensor at = f32({3, 2}, {1, 4, 2, 5, 3, 6});
  const Tensor bt = f32({2, 3}, {1, 0, 1, 0, 1, 1});
  check_f32(eval1(n, {at, bt}), {2, 2}, {4, 5, 10, 11});
  Node only_b = make_node("Gemm", 2);
  only_b.attrs["transB"] = Attribute::of_int(1);
  check_f32(eval1(only_b, {kA, bt}), {2, 2}, {4, 5, 10, 11});
}

TEST_CASE("Gemm: scalar and column biases; a bias that does not broadcast is an error") {
  Node n = make_node("Gemm", 3);
  check_f32(eval1(n, {kA, kB, f32({}, {4})}), {2, 2}, {8, 9, 14, 15});
  check_f32(eval1(n, {kA, kB, f32({2, 1}, {1, -1})}), {2, 2}, {5, 6, 9, 10});
  check_error([&] { eval(n, {kA, kB, f32({3}, {1, 2, 3})}); }, "n_Gemm", "broadcast");
}

TEST_CASE("MatMul: 1-D operands are promoted and the added dimension dropped") {
  Node n = make_node("MatMul", 2);
  check_f32(eval1(n, {f32({3}, {1, 2, 3}), f32({3}, {4, 5, 6})}), {}, {32});
  check_f32(eval1(n, {f32({2}, {1, 2}), f32({2, 3}, {1, 2, 3, 4, 5, 6})}), {3}, {9, 12, 15});
  check_f32(eval1(n, {f32({2, 2}, {1, 2, 3, 4}), f32({2}, {1, 1})}), {2}, {3, 7});
}

TEST_CASE("MatMul: batch dimensions broadcast like numpy") {
  Node n = make_node("MatMul", 2);
  // A: two 1x2 matrices; B: one 2x1 matrix shared by both.
  check_f32(eval1(n, {f32({2, 1, 2}, {1, 2, 3, 4}), f32({1, 2, 1}, {1, 10})}), {2, 1, 1}, {21, 43});
  // A 2-D against a batch of 3 B matrices.
  check_f32(eval1(n, {f32({1, 2}, {1, 1}), f32({3, 2, 1}, {1, 2, 3, 4, 5, 6})}), {3, 1, 1}, {3, 7, 11});
  check_error([&] { eval(n, {f32({2, 3}, std::vector<float>(6, 0.f)), f32({2, 3}, std::vector<float>(6, 0.f))}); },
              "n_MatMul", "inner dimensions");
}

TEST_CASE("MatMul: int64 operands") {
  Node n = make_node("MatMul", 2);
  check_ints(eval1(n, {i64({1, 2}, {1, 2}), i64({2, 1}, {3, 4})}), DType::I64, {1, 1}, {11});
}

TEST_CASE("MatMulInteger: zero points per tensor (ONNX example) and per column") {
  Node n = make_node("MatMulInteger", 4);
  const Tensor a = typed<uint8_t>(DType::U8, {4, 3}, {11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0});
  const Tensor b = typed<uint8_t>(DType::U8, {3, 2}, {1, 4, 2, 5, 3, 6});
  const Tensor azp = typed<uint8_t>(DType::U8, {}, {12});
  check_ints(eval1(n, {a, b, azp, typed<uint8_t>(DType::U8, {}, {0})}), DType::I32, {4, 2},
             {-38, -83, -44, -98, -50, -113, -56, -128});
  // b - [1, 4] per column = [[0, 0], [1, 1], [2, 2]]: each row gives -5 - 18 for row 0, etc.
  check_ints(eval1(n, {a, b, azp, typed<uint8_t>(DType::U8, {2}, {1, 4})}), DType::I32, {4, 2},
             {-23, -23, -26, -26, -29, -29, -32, -32});
}

TEST_CASE("QLinearMatMul: int32 accumulation then one float multiplier") {
  Node n = make_node("QLinearMatMul", 8);
  // a real [0, 1], b real [0, 1]^T: product 1 -> 1 / 0.1 + 5 = 15.
  const std::vector<Tensor> in = {typed<uint8_t>(DType::U8, {1, 2}, {2, 4}), f32({}, {0.5f}),
                                  typed<uint8_t>(DType::U8, {}, {2}),        typed<uint8_t>(DType::U8, {2, 1}, {10, 14}),
                                  f32({}, {0.25f}),                          typed<uint8_t>(DType::U8, {}, {10}),
                                  f32({}, {0.1f}),                           typed<uint8_t>(DType::U8, {}, {5})};
  check_ints(eval1(n, in), DType::U8, {1, 1}, {15});
}
