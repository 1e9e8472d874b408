// Float reference: data-movement and shape ops, with int64 shape tensors and
// 0-d scalars as constant folding feeds them (hand-computed).
#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

TEST_CASE("Reshape: -1 inferred, 0 copies a dimension, allowzero keeps it, attribute form before opset 5") {
  const Tensor x = f32({2, 3}, iota_f(6));
  Node n = make_node("Reshape", 2);
  check_f32(eval1(n, {x, i64({2}, {3, -1})}), {3, 2}, iota_f(6));
  check_f32(eval1(n, {f32({2, 3, 4}, iota_f(24)), i64({2}, {0, -1})}), {2, 12}, iota_f(24));
  n.attrs["allowzero"] = Attribute::of_int(1);
  check_f32(eval1(n, {f32({0, 3}, {}), i64({2}, {3, 0})}, 14), {3, 0}, {});
  Node legacy = make_node("Reshape", 1);
  legacy.attrs["shape"] = Attribute::of_ints({6});
  check_f32(eval1(legacy, {x}, 4), {6}, iota_f(6));
  check_error([&] { eval(make_node("Reshape", 2), {x, i64({2}, {-1, -1})}); }, "n_Reshape", "-1");
  check_error([&] { eval(make_node("Reshape", 2), {x, i64({1}, {5})}); }, "n_Reshape", "cannot reshape");
}

TEST_CASE("Flatten at every axis") {
  const Tensor x = f32({2, 3, 4}, iota_f(24));
  Node n = make_node("Flatten", 1);
  check_f32(eval1(n, {x}), {2, 12}, iota_f(24));
  n.attrs["axis"] = Attribute::of_int(0);
  check_f32(eval1(n, {x}), {1, 24}, iota_f(24));
  n.attrs["axis"] = Attribute::of_int(-1);
  check_f32(eval1(n, {x}), {6, 4}, iota_f(24));
  n.attrs["axis"] = Attribute::of_int(3);
  check_f32(eval1(n, {x}), {24, 1}, iota_f(24));
}

TEST_CASE("Squeeze and Unsqueeze: attribute form before 13, input form from 13") {
  const Tensor x = f32({1, 3, 1, 2}, iota_f(6));
  check_f32(eval1(make_node("Squeeze", 1), {x}, 13), {3, 2}, iota_f(6));
  Node sq = make_node("Squeeze", 1);
  sq.attrs["axes"] = Attribute::of_ints({0});
  check_f32(eval1(sq, {x}, 11), {3, 1, 2}, iota_f(6));
  check_f32(eval1(make_node("Squeeze", 2), {x, i64({1}, {-2})}, 13), {1, 3, 2}, iota_f(6));
  check_error([&] { eval(make_node("Squeeze", 2), {x, i64({1}, {1})}, 13); }, "n_Squeeze", "size 3");

  const Tensor y = f32({3, 2}, iota_f(6));
  check_f32(eval1(make_node("Unsqueeze", 2), {y, i64({2}, {0, 3})}, 13), {1, 3, 2, 1}, iota_f(6));
  Node us = make_node("Unsqueeze", 1);
  us.attrs["axes"] = Attribute::of_ints({-1});
  check_f32(eval1(us, {y}, 11), {3, 2, 1}, iota_f(6));
  check_ints(eval1(make_node("Unsqueeze", 2), {i64({}, {7}), i64({1}, {0})}, 13), DType::I64, {1}, {7});
  check_error([&] { eval(make_node("Unsqueeze", 2), {y, i64({2}, {0, 0})}, 13); }, "n_Unsqueeze", "repeated");
}

TEST_CASE("Transpose: default reverses the axes; explicit perm") {
  check_f32(eval1(make_node("Transpose", 1), {f32({2, 3}, {1, 2, 3, 4, 5, 6})}), {3, 2}, {1, 4, 2, 5, 3, 6});
  Node n = make_node("Transpose", 1);
  n.attrs["perm"] = Attribute::of_ints({1, 0, 2});
  // x[i][j][k] = 4i + 2j + k; out[j][i][k] = x[i][j][k].
  check_f32(eval1(n, {f32({2, 2, 2}, iota_f(8))}), {2, 2, 2}, {0, 1, 4, 5, 2, 3, 6, 7});
  n.attrs["perm"] = Attribute::of_ints({0, 0, 1});
  check_error([&] { eval(n, {f32({2, 2, 2}, iota_f(8))}); }, "n_Transpose", "permutation");
}

TEST_CASE("Concat: on an inner axis, negative axis, int64 shape pieces, empty inputs") {
  Node n = make_node("Concat", 2);
  n.attrs["axis"] = Attribute::of_int(1);
  check_f32(eval1(n, {f32({2, 1}, {1, 2}), f32({2, 2}, {3, 4, 5, 6})}), {2, 3}, {1, 3, 4, 2, 5, 6});
  n.attrs["axis"] = Attribute::of_int(-1);
  check_ints(eval1(n, {i64({2}, {1, 3}), i64({1}, {-1})}), DType::I64, {3}, {1, 3, -1});
  check_ints(eval1(n, {i64({0}, {}), i64({1}, {5})}), DType::I64, {1}, {5});
  check_error([&] { eval(n, {f32({2, 1}, {1, 2}), f32({3, 1}, {1, 2, 3})}); }, "n_Concat", "differ");
}

TEST_CASE("Expand broadcasts both ways") {
  check_f32(eval1(make_node("Expand", 2), {f32({3, 1}, {1, 2, 3}), i64({3}, {2, 1, 2})}), {2, 3, 2},
            {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3});
  check_f32(eval1(make_node("Expand", 2), {f32({3}, {1, 2, 3}), i64({1}, {1})}), {3}, {1, 2, 3});
}

TEST_CASE("Shape with start and end") {
  const Tensor x = f32({2, 3, 4}, iota_f(24));
  check_ints(eval1(make_node("Shape", 1), {x}), DType::I64, {3}, {2, 3, 4});
  Node n = make_node("Shape", 1);
  n.attrs["start"] = Attribute::of_int(1);
  check_ints(eval1(n, {x}, 15), DType::I64, {2}, {3, 4});
  n.attrs["start"] = Attribute::of_int(-10);  // clamps to 0
  n.attrs["end"] = Attribute::of_int(-1);
  check_ints(eval1(n, {x}, 15), DType::I64, {2}, {2, 3});
  check_ints(eval1(make_node("Shape", 1), {i64({}, {3})}), DType::I64, {0}, {});
}

TEST_CASE("Identity and Dropout pass values through; Dropout's mask is all true") {
  const Tensor x = f32({2}, {1, -2});
  check_f32(eval1(make_node("Identity", 1), {x}), {2}, {1, -2});
  std::vector<Tensor> r = eval(make_node("Dropout", 1, 2), {x}, 13);
  REQUIRE(r.size() == 2);
  check_f32(r[0], {2}, {1, -2});
  check_ints(r[1], DType::Bool, {2}, {1, 1});
  const Tensor yes = typed<uint8_t>(DType::Bool, {}, {1});
  check_error([&] { eval(make_node("Dropout", 3), {x, f32({}, {0.5f}), yes}, 13); }, "n_Dropout", "training");
  // Before opset 10 the mask has the input's type.
  std::vector<Tensor> old = eval(make_node("Dropout", 1, 2), {x}, 9);
  REQUIRE(old.size() == 2);
  check_f32(old[1], {2}, {1, 1});
  // Training with ratio 0 drops nothing, deterministically.
  check_f32(eval1(make_node("Dropout", 3), {x, f32({}, {0.f}), yes}, 13), {2}, {1, -2});
}

TEST_CASE("Gather: axis 0 with 2-D indices, axis 1 with a negative index, 0-d index") {
  const Tensor x = f32({3, 2}, {1, 2, 3, 4, 5, 6});
  Node n = make_node("Gather", 2);
  check_f32(eval1(n, {x, i64({2, 2}, {0, 1, 1, 2})}), {2, 2, 2}, {1, 2, 3, 4, 3, 4, 5, 6});
  check_ints(eval1(n, {i64({3}, {7, 8, 9}), i64({}, {1})}), DType::I64, {}, {8});
  check_ints(eval1(n, {i64({3}, {7, 8, 9}), typed<int32_t>(DType::I32, {1}, {-3})}), DType::I64, {1}, {7});
  n.attrs["axis"] = Attribute::of_int(1);
  check_f32(eval1(n, {x, i64({1}, {-1})}), {3, 1}, {2, 4, 6});
  check_error([&] { eval(n, {x, i64({1}, {2})}); }, "n_Gather", "out of range");
}
