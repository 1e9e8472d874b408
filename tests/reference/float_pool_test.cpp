// Float reference: pooling, ReduceMean and BatchNormalization (hand-computed).
#include <limits>

#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

namespace {
Node pool(const std::string& op, std::vector<int64_t> k) {
  Node n = make_node(op, 1);
  n.attrs["kernel_shape"] = Attribute::of_ints(std::move(k));
  return n;
}
}  // namespace

TEST_CASE("MaxPool: strides, padding never wins, dilations") {
  Node n = pool("MaxPool", {2, 2});
  n.attrs["strides"] = Attribute::of_ints({2, 2});
  check_f32(eval1(n, {f32({1, 1, 4, 4}, iota_f(16))}), {1, 1, 2, 2}, {5, 7, 13, 15});
  Node padded = pool("MaxPool", {3, 3});
  padded.attrs["pads"] = Attribute::of_ints({1, 1, 1, 1});
  // All values negative: padding must not contribute zeros.
  check_f32(eval1(padded, {f32({1, 1, 2, 2}, {-1, -2, -3, -4})}), {1, 1, 2, 2}, {-1, -1, -1, -1});
  Node dil = pool("MaxPool", {2, 2});
  dil.attrs["dilations"] = Attribute::of_ints({2, 2});
  check_f32(eval1(dil, {f32({1, 1, 4, 4}, iota_f(16))}), {1, 1, 2, 2}, {10, 11, 14, 15});
}

TEST_CASE("MaxPool: ceil_mode adds a last partial window") {
  Node n = pool("MaxPool", {1, 2});
  n.attrs["strides"] = Attribute::of_ints({1, 2});
  const Tensor x = f32({1, 1, 1, 5}, {1, 2, 3, 4, 5});
  check_f32(eval1(n, {x}), {1, 1, 1, 2}, {2, 4});
  n.attrs["ceil_mode"] = Attribute::of_int(1);
  check_f32(eval1(n, {x}), {1, 1, 1, 3}, {2, 4, 5});
}

TEST_CASE("MaxPool: uint8, 1-D and 3-D; the Indices output is refused") {
  check_ints(eval1(pool("MaxPool", {2}), {typed<uint8_t>(DType::U8, {1, 1, 3}, {7, 200, 3})}), DType::U8, {1, 1, 2},
             {200, 200});
  check_f32(eval1(pool("MaxPool", {2, 2, 2}), {f32({1, 1, 2, 2, 2}, iota_f(8, 1))}), {1, 1, 1, 1, 1}, {8});
  Node two_out = pool("MaxPool", {2});
  two_out.outputs.push_back("indices");
  check_error([&] { eval(two_out, {f32({1, 1, 2}, {1, 2})}); }, "n_MaxPool", "Indices");
}

TEST_CASE("AveragePool: padding excluded by default, included with count_include_pad") {
  check_f32(eval1(pool("AveragePool", {2, 2}), {f32({1, 1, 3, 3}, iota_f(9))}), {1, 1, 2, 2}, {2, 3, 5, 6});
  Node n = pool("AveragePool", {3, 3});
  n.attrs["pads"] = Attribute::of_ints({1, 1, 1, 1});
  const Tensor x = f32({1, 1, 2, 2}, {1, 2, 3, 4});
  // Every window covers the four input values (sum 10).
  check_f32(eval1(n, {x}), {1, 1, 2, 2}, {2.5f, 2.5f, 2.5f, 2.5f});
  n.attrs["count_include_pad"] = Attribute::of_int(1);
  check_f32(eval1(n, {x}), {1, 1, 2, 2}, {10.f / 9, 10.f / 9, 10.f / 9, 10.f / 9});
}

TEST_CASE("AveragePool: ceil_mode's partial window divides by its real taps") {
  Node n = pool("AveragePool", {1, 2});
  n.attrs["strides"] = Attribute::of_ints({1, 2});
  n.attrs["ceil_mode"] = Attribute::of_int(1);
  const Tensor x = f32({1, 1, 1, 5}, {1, 2, 3, 4, 5});
  check_f32(eval1(n, {x}), {1, 1, 1, 3}, {1.5f, 3.5f, 5});
  // Taps past the end padding do not count even with count_include_pad.
  n.attrs["count_include_pad"] = Attribute::of_int(1);
  check_f32(eval1(n, {x}), {1, 1, 1, 3}, {1.5f, 3.5f, 5});
}

TEST_CASE("AveragePool 1-D: auto_pad SAME_UPPER and SAME_LOWER place the odd pad pixel") {
  Node n = pool("AveragePool", {3});
  n.attrs["strides"] = Attribute::of_ints({2});
  n.attrs["auto_pad"] = Attribute::of_string("SAME_UPPER");
  // out = ceil(5 / 2) = 3, total pad 2: one each side.
  check_f32(eval1(n, {f32({1, 1, 5}, {1, 2, 3, 4, 5})}), {1, 1, 3}, {1.5f, 3, 4.5f});
  Node k2 = pool("AveragePool", {2});
  k2.attrs["auto_pad"] = Attribute::of_string("SAME_LOWER");
  const Tensor x = f32({1, 1, 4}, {1, 2, 3, 4});
  check_f32(eval1(k2, {x}), {1, 1, 4}, {1, 1.5f, 2.5f, 3.5f});
  k2.attrs["auto_pad"] = Attribute::of_string("SAME_UPPER");
  check_f32(eval1(k2, {x}), {1, 1, 4}, {1.5f, 2.5f, 3.5f, 4});
}

TEST_CASE("GlobalAveragePool and GlobalMaxPool") {
  const Tensor x = f32({1, 2, 2, 2}, iota_f(8, 1));
  check_f32(eval1(make_node("GlobalAveragePool", 1), {x}), {1, 2, 1, 1}, {2.5f, 6.5f});
  check_f32(eval1(make_node("GlobalMaxPool", 1), {x}), {1, 2, 1, 1}, {4, 8});
  check_f32(eval1(make_node("GlobalAveragePool", 1), {f32({1, 1, 3}, {1, 2, 6})}), {1, 1, 1}, {3});
}

TEST_CASE("ReduceMean: axes attribute, keepdims, negative axes, all axes") {
  const Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  Node n = make_node("ReduceMean", 1);
  n.attrs["axes"] = Attribute::of_ints({1});
  check_f32(eval1(n, {x}, 13), {2, 1}, {2, 5});
  n.attrs["keepdims"] = Attribute::of_int(0);
  check_f32(eval1(n, {x}, 13), {2}, {2, 5});
  n.attrs["axes"] = Attribute::of_ints({-2});
  check_f32(eval1(n, {x}, 13), {3}, {2.5f, 3.5f, 4.5f});
  check_f32(eval1(make_node("ReduceMean", 1), {x}, 13), {1, 1}, {3.5f});
  n.attrs["axes"] = Attribute::of_ints({1, 1});
  check_error([&] { eval(n, {x}, 13); }, "n_ReduceMean", "repeated");
}

TEST_CASE("ReduceMean-18: axes as an input, noop_with_empty_axes") {
  const Tensor x = f32({2, 2}, {1, 2, 3, 4});
  Node n = make_node("ReduceMean", 2);
  check_f32(eval1(n, {x, i64({1}, {0})}, 18), {1, 2}, {2, 3});
  check_f32(eval1(n, {x, none()}, 18), {1, 1}, {2.5f});
  n.attrs["noop_with_empty_axes"] = Attribute::of_int(1);
  check_f32(eval1(n, {x, none()}, 18), {2, 2}, {1, 2, 3, 4});
}

TEST_CASE("BatchNormalization in inference mode; training mode is refused") {
  Node n = make_node("BatchNormalization", 5);
  n.attrs["epsilon"] = Attribute::of_float(0);
  const std::vector<Tensor> in = {f32({1, 2, 1, 2}, {1, 3, 2, 4}), f32({2}, {1, 2}), f32({2}, {0, 1}), f32({2}, {2, 3}),
                                  f32({2}, {1, 4})};
  // ch0: (x - 2) / 1 * 1 + 0; ch1: (x - 3) / 2 * 2 + 1.
  check_f32(eval1(n, in), {1, 2, 1, 2}, {-1, 1, 0, 2});
  n.attrs["epsilon"] = Attribute::of_float(3);  // var + eps = 4 and 7 for ch0 and ch1
  check_f32(eval1(n, in), {1, 2, 1, 2}, {-0.5f, 0.5f, 1 - 2 / std::sqrt(7.f), 1 + 2 / std::sqrt(7.f)});
  n.attrs["training_mode"] = Attribute::of_int(1);
  check_error([&] { eval(n, in, 15); }, "n_BatchNormalization", "training_mode");
}
