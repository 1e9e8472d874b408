// Float reference: Slice and Pad (hand-computed).
#include <limits>

#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

TEST_CASE("Slice: starts/ends on two axes") {
  const Tensor x = f32({3, 4}, iota_f(12));
  check_f32(eval1(make_node("Slice", 3), {x, i64({2}, {1, 0}), i64({2}, {3, 3})}), {2, 3}, {4, 5, 6, 8, 9, 10});
}

TEST_CASE("Slice: negative steps, steps > 1, clamping, negative axes") {
  const Tensor x = f32({10}, iota_f(10));
  Node n = make_node("Slice", 5);
  const int64_t big = std::numeric_limits<int64_t>::max();
  check_f32(eval1(n, {x, i64({1}, {-1}), i64({1}, {-big}), i64({1}, {0}), i64({1}, {-1})}), {10},
            {9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
  check_f32(eval1(n, {x, i64({1}, {0}), i64({1}, {big}), i64({1}, {-1}), i64({1}, {3})}), {4}, {0, 3, 6, 9});
  check_f32(eval1(n, {x, i64({1}, {-3}), i64({1}, {100}), i64({1}, {0}), i64({1}, {1})}), {3}, {7, 8, 9});
  check_f32(eval1(n, {x, i64({1}, {8}), i64({1}, {2}), i64({1}, {0}), i64({1}, {-3})}), {2}, {8, 5});
  // start beyond the end: empty.
  check_f32(eval1(n, {x, i64({1}, {20}), i64({1}, {30}), i64({1}, {0}), i64({1}, {1})}), {0}, {});
  check_error([&] { eval(n, {x, i64({1}, {0}), i64({1}, {1}), i64({1}, {0}), i64({1}, {0})}); }, "n_Slice", "steps");
}

TEST_CASE("Slice: attribute form before opset 10, and int64 shape slices") {
  Node n = make_node("Slice", 1);
  n.attrs["starts"] = Attribute::of_ints({1});
  n.attrs["ends"] = Attribute::of_ints({3});
  n.attrs["axes"] = Attribute::of_ints({1});
  check_f32(eval1(n, {f32({2, 4}, iota_f(8))}, 9), {2, 2}, {1, 2, 5, 6});
  check_ints(eval1(make_node("Slice", 3), {i64({4}, {1, 3, 32, 32}), i64({1}, {2}), i64({1}, {4})}), DType::I64, {2},
             {32, 32});
}

TEST_CASE("Pad: constant, reflect and edge modes") {
  const Tensor x = f32({3}, {1, 2, 3});
  Node n = make_node("Pad", 3);
  check_f32(eval1(n, {x, i64({2}, {2, 1}), f32({}, {9})}, 13), {6}, {9, 9, 1, 2, 3, 9});
  check_f32(eval1(make_node("Pad", 2), {x, i64({2}, {1, 1})}, 13), {5}, {0, 1, 2, 3, 0});
  n.attrs["mode"] = Attribute::of_string("reflect");
  check_f32(eval1(n, {x, i64({2}, {2, 2}), none()}, 13), {7}, {3, 2, 1, 2, 3, 2, 1});
  n.attrs["mode"] = Attribute::of_string("edge");
  check_f32(eval1(n, {x, i64({2}, {2, 2}), none()}, 13), {7}, {1, 1, 1, 2, 3, 3, 3});
  n.attrs["mode"] = Attribute::of_string("wrap");
  check_error([&] { eval(n, {x, i64({2}, {1, 1}), none()}, 13); }, "n_Pad", "wrap");
}

TEST_CASE("Pad: 2-D, negative pads crop, attribute form before opset 11") {
  const Tensor x = f32({2, 2}, {1, 2, 3, 4});
  // pads = [row_begin, col_begin, row_end, col_end]
  check_f32(eval1(make_node("Pad", 2), {x, i64({4}, {1, 0, 0, 1})}, 13), {3, 3}, {0, 0, 0, 1, 2, 0, 3, 4, 0});
  check_f32(eval1(make_node("Pad", 2), {f32({3}, {1, 2, 3}), i64({2}, {-1, 1})}, 13), {3}, {2, 3, 0});
  Node legacy = make_node("Pad", 1);
  legacy.attrs["pads"] = Attribute::of_ints({0, 1, 0, 0});
  legacy.attrs["value"] = Attribute::of_float(-1);
  check_f32(eval1(legacy, {x}, 2), {2, 3}, {-1, 1, 2, -1, 3, 4});
  check_ints(eval1(make_node("Pad", 3), {i64({2}, {5, 6}), i64({2}, {1, 0}), i64({}, {7})}, 13), DType::I64, {3},
             {7, 5, 6});
}
