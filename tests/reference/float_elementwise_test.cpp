// Float reference: broadcasting arithmetic, comparisons, Where, PRelu and the
// activations (values worked out by hand from the ONNX formulas).
#include <limits>

#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

TEST_CASE("Add/Sub/Mul/Div broadcast numpy-style") {
  const Tensor a = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor row = f32({3}, {10, 20, 30});
  check_f32(eval1(make_node("Add", 2), {a, row}), {2, 3}, {11, 22, 33, 14, 25, 36});
  check_f32(eval1(make_node("Sub", 2), {a, row}), {2, 3}, {-9, -18, -27, -6, -15, -24});
  // [2,1] * [1,3] is an outer product.
  check_f32(eval1(make_node("Mul", 2), {f32({2, 1}, {1, 2}), f32({1, 3}, {1, 2, 3})}), {2, 3}, {1, 2, 3, 2, 4, 6});
  check_f32(eval1(make_node("Div", 2), {a, f32({}, {2})}), {2, 3}, {0.5f, 1, 1.5f, 2, 2.5f, 3});
  check_error([&] { eval(make_node("Add", 2), {a, f32({2}, {1, 2})}); }, "n_Add", "broadcast");
}

TEST_CASE("integer arithmetic: Div truncates toward zero, uint8 Add wraps, division by zero is an error") {
  Node div = make_node("Div", 2);
  check_ints(eval1(div, {typed<int32_t>(DType::I32, {4}, {7, -7, 7, -7}), typed<int32_t>(DType::I32, {4}, {2, 2, -2, -2})}),
             DType::I32, {4}, {3, -3, -3, 3});
  check_ints(eval1(make_node("Add", 2), {typed<uint8_t>(DType::U8, {2}, {250, 1}), typed<uint8_t>(DType::U8, {2}, {10, 2})}),
             DType::U8, {2}, {4, 3});
  check_error([&] { eval(div, {i64({1}, {1}), i64({1}, {0})}); }, "n_Div", "division by zero");
  check_error([&] { eval(div, {i64({1}, {1}), f32({1}, {1})}); }, "n_Div", "types differ");
}

TEST_CASE("0-d int64 scalars stay scalars (shape arithmetic in constant folding)") {
  check_ints(eval1(make_node("Mul", 2), {i64({}, {6}), i64({}, {7})}), DType::I64, {}, {42});
  check_ints(eval1(make_node("Sub", 2), {i64({2}, {5, 6}), i64({}, {1})}), DType::I64, {2}, {4, 5});
}

TEST_CASE("opset 6 Add with broadcast=1 and axis aligns B at that axis") {
  Node n = make_node("Add", 2);
  n.attrs["broadcast"] = Attribute::of_int(1);
  n.attrs["axis"] = Attribute::of_int(1);
  const Tensor a = f32({2, 3, 2}, std::vector<float>(12, 0.f));
  check_f32(eval1(n, {a, f32({3}, {1, 2, 3})}, 6), {2, 3, 2}, {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3});
}

TEST_CASE("Equal and Where") {
  check_ints(eval1(make_node("Equal", 2), {i64({3}, {1, 2, 3}), i64({3}, {1, 5, 3})}), DType::Bool, {3}, {1, 0, 1});
  check_ints(eval1(make_node("Equal", 2), {f32({2}, {1, 2}), f32({}, {2})}), DType::Bool, {2}, {0, 1});
  const Tensor cond = typed<uint8_t>(DType::Bool, {2, 2}, {1, 0, 0, 1});
  check_f32(eval1(make_node("Where", 3), {cond, f32({2}, {10, 20}), f32({}, {-1})}), {2, 2}, {10, -1, -1, 20});
}

TEST_CASE("PRelu broadcasts its slope") {
  const Tensor x = f32({2, 3}, {-1, 2, -3, 4, -5, 6});
  check_f32(eval1(make_node("PRelu", 2), {x, f32({3}, {0.1f, 0.2f, 0.3f})}), {2, 3}, {-0.1f, 2, -0.9f, 4, -1.0f, 6});
  check_f32(eval1(make_node("PRelu", 2), {x, f32({2, 1}, {0.5f, 2})}), {2, 3}, {-0.5f, 2, -1.5f, 4, -10, 6});
  check_error([&] { eval(make_node("PRelu", 2), {x, f32({2, 3, 1}, std::vector<float>(6, 0.f))}); }, "n_PRelu",
              "broadcast");
}

TEST_CASE("Relu, LeakyRelu, Sigmoid, Tanh") {
  check_f32(eval1(make_node("Relu", 1), {f32({3}, {-1, 0, 2})}), {3}, {0, 0, 2});
  check_ints(eval1(make_node("Relu", 1), {typed<int8_t>(DType::I8, {2}, {-5, 5})}), DType::I8, {2}, {0, 5});
  Node leaky = make_node("LeakyRelu", 1);
  check_f32(eval1(leaky, {f32({2}, {-2, 3})}), {2}, {-0.02f, 3});
  leaky.attrs["alpha"] = Attribute::of_float(0.5f);
  check_f32(eval1(leaky, {f32({2}, {-2, 3})}), {2}, {-1, 3});
  // sigmoid(ln 3) = 1 / (1 + 1/3) = 0.75; tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6.
  check_f32(eval1(make_node("Sigmoid", 1), {f32({2}, {0, std::log(3.f)})}), {2}, {0.5f, 0.75f}, 1e-6f);
  check_f32(eval1(make_node("Tanh", 1), {f32({2}, {0, std::log(2.f)})}), {2}, {0, 0.6f}, 1e-6f);
}

TEST_CASE("HardSigmoid and HardSwish") {
  Node hs = make_node("HardSigmoid", 1);
  // 0.2x + 0.5 clamped to [0, 1].
  check_f32(eval1(hs, {f32({3}, {1, -3, 3})}), {3}, {0.7f, 0, 1});
  hs.attrs["alpha"] = Attribute::of_float(0.5f);
  hs.attrs["beta"] = Attribute::of_float(0.6f);
  check_f32(eval1(hs, {f32({1}, {0.2f})}), {1}, {0.7f});
  // x * clamp(x/6 + 1/2, 0, 1).
  check_f32(eval1(make_node("HardSwish", 1), {f32({4}, {3, -3, 1, -1})}), {4}, {3, 0, 2.f / 3.f, -1.f / 3.f});
}

TEST_CASE("Clip: attribute form, input form, missing bounds, integers, min above max") {
  const Tensor x = f32({3}, {-5, 0, 5});
  Node attr_form = make_node("Clip", 1);
  attr_form.attrs["min"] = Attribute::of_float(-1);
  attr_form.attrs["max"] = Attribute::of_float(1);
  check_f32(eval1(attr_form, {x}, 6), {3}, {-1, 0, 1});
  Node input_form = make_node("Clip", 3);
  check_f32(eval1(input_form, {x, f32({}, {-2}), f32({}, {3})}, 11), {3}, {-2, 0, 3});
  check_f32(eval1(input_form, {x, none(), f32({}, {3})}, 13), {3}, {-5, 0, 3});
  check_f32(eval1(input_form, {x, f32({}, {-2}), none()}, 13), {3}, {-2, 0, 5});
  check_f32(eval1(make_node("Clip", 1), {x}, 13), {3}, {-5, 0, 5});
  // ONNX: min(max(x, lo), hi), so lo > hi gives hi everywhere.
  check_f32(eval1(input_form, {x, f32({}, {2}), f32({}, {1})}, 13), {3}, {1, 1, 1});
  check_ints(eval1(input_form, {typed<int8_t>(DType::I8, {3}, {-128, 0, 127}), typed<int8_t>(DType::I8, {}, {-10}), none()}, 13),
             DType::I8, {3}, {-10, 0, 127});
}

TEST_CASE("Softmax: one axis from opset 13, 2-D coercion before") {
  const float l3 = std::log(3.f);
  check_f32(eval1(make_node("Softmax", 1), {f32({2, 2}, {0, l3, 0, 0})}, 13), {2, 2}, {0.25f, 0.75f, 0.5f, 0.5f}, 1e-6f);
  const Tensor x = f32({1, 2, 2}, {0, l3, 0, l3});
  Node n = make_node("Softmax", 1);
  n.attrs["axis"] = Attribute::of_int(1);
  // Opset 11: the row is all four values: e^0 + 3 + e^0 + 3 = 8.
  check_f32(eval1(n, {x}, 11), {1, 2, 2}, {0.125f, 0.375f, 0.125f, 0.375f}, 1e-6f);
  // Opset 13: along axis 1 only, pairs of equal values.
  check_f32(eval1(n, {x}, 13), {1, 2, 2}, {0.5f, 0.5f, 0.5f, 0.5f}, 1e-6f);
  // Large inputs do not overflow: the maximum is subtracted first.
  check_f32(eval1(make_node("Softmax", 1), {f32({2}, {1000, 1000})}, 13), {2}, {0.5f, 0.5f});
}
