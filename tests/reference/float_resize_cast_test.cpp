// Float reference: Resize / Upsample (nearest), Cast and the value generators
// (Constant, ConstantOfShape, Range). Hand-computed from the ONNX formulas.
#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

namespace {
Node resize(const std::string& coord, const std::string& nearest) {
  Node n = make_node("Resize", 4);
  n.attrs["mode"] = Attribute::of_string("nearest");
  if (!coord.empty()) n.attrs["coordinate_transformation_mode"] = Attribute::of_string(coord);
  if (!nearest.empty()) n.attrs["nearest_mode"] = Attribute::of_string(nearest);
  return n;
}
const Tensor kRow = f32({1, 1, 1, 2}, {1, 2});
const Tensor kScale2 = f32({4}, {1, 1, 1, 2});
}  // namespace

TEST_CASE("Resize nearest: half_pixel / round_prefer_floor (the defaults) doubling a 2x2 image") {
  // x_orig = (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> 0, 0, 1, 1.
  check_f32(eval1(resize("", ""), {f32({1, 1, 2, 2}, {1, 2, 3, 4}), none(), f32({4}, {1, 1, 2, 2}), none()}, 13),
            {1, 1, 4, 4}, {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
}

TEST_CASE("Resize nearest: asymmetric with each nearest_mode") {
  // x_orig = o / 2 = 0, 0.5, 1, 1.5.
  check_f32(eval1(resize("asymmetric", "round_prefer_floor"), {kRow, none(), kScale2, none()}, 13), {1, 1, 1, 4}, {1, 1, 2, 2});
  check_f32(eval1(resize("asymmetric", "round_prefer_ceil"), {kRow, none(), kScale2, none()}, 13), {1, 1, 1, 4}, {1, 2, 2, 2});
  check_f32(eval1(resize("asymmetric", "floor"), {kRow, none(), kScale2, none()}, 13), {1, 1, 1, 4}, {1, 1, 2, 2});
  check_f32(eval1(resize("asymmetric", "ceil"), {kRow, none(), kScale2, none()}, 13), {1, 1, 1, 4}, {1, 2, 2, 2});
}

TEST_CASE("Resize nearest: align_corners, tf_half_pixel_for_nn, pytorch_half_pixel, sizes input") {
  const Tensor sizes3 = i64({4}, {1, 1, 1, 3});
  // align_corners: x_orig = o * (2 - 1) / (3 - 1) = 0, 0.5, 1.
  check_f32(eval1(resize("align_corners", "round_prefer_floor"), {kRow, none(), none(), sizes3}, 13), {1, 1, 1, 3}, {1, 1, 2});
  check_f32(eval1(resize("align_corners", "round_prefer_ceil"), {kRow, none(), none(), sizes3}, 13), {1, 1, 1, 3}, {1, 2, 2});
  // tf_half_pixel_for_nn: (o + 0.5) / 2 = 0.25, 0.75, 1.25, 1.75 -> 0, 1, 1, 2 (clamped to 1).
  check_f32(eval1(resize("tf_half_pixel_for_nn", ""), {kRow, none(), kScale2, none()}, 13), {1, 1, 1, 4}, {1, 2, 2, 2});
  // Shrinking 4 -> 2 by sizes: half_pixel gives 2o + 0.5 = 0.5, 2.5.
  const Tensor four = f32({1, 1, 1, 4}, {1, 2, 3, 4});
  const Tensor sizes2 = i64({4}, {1, 1, 1, 2});
  check_f32(eval1(resize("half_pixel", "round_prefer_floor"), {four, none(), none(), sizes2}, 13), {1, 1, 1, 2}, {1, 3});
  check_f32(eval1(resize("half_pixel", "round_prefer_ceil"), {four, none(), none(), sizes2}, 13), {1, 1, 1, 2}, {2, 4});
  // pytorch_half_pixel: an output of length 1 reads index 0.
  check_f32(eval1(resize("pytorch_half_pixel", ""), {four, none(), none(), i64({4}, {1, 1, 1, 1})}, 13), {1, 1, 1, 1}, {1});
}

TEST_CASE("Resize nearest: tf_crop_and_resize extrapolates outside the box") {
  Node n = resize("tf_crop_and_resize", "");
  n.attrs["extrapolation_value"] = Attribute::of_float(9);
  // Last axis: x = 0.5 * 3 + o * 1.0 * 3 / 2 = 1.5, 3, 4.5 (outside) -> 1, 3, extrapolated.
  const Tensor roi = f32({8}, {0, 0, 0, 0.5f, 1, 1, 1, 1.5f});
  check_f32(eval1(n, {f32({1, 1, 1, 4}, {1, 2, 3, 4}), roi, none(), i64({4}, {1, 1, 1, 3})}, 13), {1, 1, 1, 3}, {2, 4, 9});
}

TEST_CASE("Resize: opset 10 and Upsample floor asymmetric coordinates; other modes are refused") {
  Node r10 = make_node("Resize", 2);
  check_f32(eval1(r10, {kRow, kScale2}, 10), {1, 1, 1, 4}, {1, 1, 2, 2});
  Node up9 = make_node("Upsample", 2);
  check_f32(eval1(up9, {kRow, kScale2}, 9), {1, 1, 1, 4}, {1, 1, 2, 2});
  Node up7 = make_node("Upsample", 1);
  up7.attrs["scales"] = Attribute::of_floats({1, 1, 2, 3});
  check_f32(eval1(up7, {kRow}, 7), {1, 1, 2, 6}, {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2});
  Node linear = resize("", "");
  linear.attrs["mode"] = Attribute::of_string("linear");
  check_error([&] { eval(linear, {kRow, none(), kScale2, none()}, 13); }, "n_Resize", "linear");
}

TEST_CASE("Resize keeps integer element types") {
  check_ints(eval1(resize("asymmetric", "floor"), {typed<uint8_t>(DType::U8, {1, 1, 1, 2}, {7, 9}), none(), kScale2, none()}, 13),
             DType::U8, {1, 1, 1, 4}, {7, 7, 9, 9});
}

TEST_CASE("Cast between float, integer, bool and float16") {
  Node n = make_node("Cast", 1);
  n.attrs["to"] = Attribute::of_int(6);  // INT32: truncation toward zero
  check_ints(eval1(n, {f32({3}, {1.7f, -1.7f, 0})}), DType::I32, {3}, {1, -1, 0});
  n.attrs["to"] = Attribute::of_int(1);
  check_f32(eval1(n, {i64({2}, {-3, 1 << 20})}), {2}, {-3, 1 << 20});
  n.attrs["to"] = Attribute::of_int(9);
  check_ints(eval1(n, {f32({3}, {0, 0.5f, -2})}), DType::Bool, {3}, {0, 1, 1});
  n.attrs["to"] = Attribute::of_int(10);
  // binary16: 1.0 = 0x3C00, 65504 = 0x7BFF (largest), 0.1 rounds to 0x2E66, -2 = 0xC000.
  Tensor h = eval1(n, {f32({4}, {1, 65504, 0.1f, -2})});
  CHECK(h.dtype == DType::F16);
  REQUIRE(h.data.size() == 8);
  CHECK(h.ptr<uint16_t>()[0] == 0x3C00);
  CHECK(h.ptr<uint16_t>()[1] == 0x7BFF);
  CHECK(h.ptr<uint16_t>()[2] == 0x2E66);
  CHECK(h.ptr<uint16_t>()[3] == 0xC000);
  Node legacy = make_node("Cast", 1);
  legacy.attrs["to"] = Attribute::of_string("INT64");
  check_ints(eval1(legacy, {f32({1}, {2.9f})}, 5), DType::I64, {1}, {2});
}

TEST_CASE("Constant, ConstantOfShape, Range") {
  Node c = make_node("Constant", 0);
  c.attrs["value_ints"] = Attribute::of_ints({3, 4});
  check_ints(eval1(c, {}), DType::I64, {2}, {3, 4});
  Node cf = make_node("Constant", 0);
  cf.attrs["value_float"] = Attribute::of_float(2.5f);
  check_f32(eval1(cf, {}), {}, {2.5f});
  Node ct = make_node("Constant", 0);
  ct.attrs["value"] = Attribute::of_tensor(typed<int32_t>(DType::I32, {2}, {5, 6}));
  check_ints(eval1(ct, {}), DType::I32, {2}, {5, 6});

  Node cos = make_node("ConstantOfShape", 1);
  check_f32(eval1(cos, {i64({2}, {2, 1})}), {2, 1}, {0, 0});
  cos.attrs["value"] = Attribute::of_tensor(i64({1}, {7}));
  check_ints(eval1(cos, {i64({1}, {3})}), DType::I64, {3}, {7, 7, 7});
  check_ints(eval1(cos, {i64({0}, {})}), DType::I64, {}, {7});

  Node r = make_node("Range", 3);
  check_f32(eval1(r, {f32({}, {1}), f32({}, {5}), f32({}, {2})}), {2}, {1, 3});
  check_ints(eval1(r, {typed<int32_t>(DType::I32, {}, {10}), typed<int32_t>(DType::I32, {}, {4}), typed<int32_t>(DType::I32, {}, {-3})}),
             DType::I32, {2}, {10, 7});
  check_ints(eval1(r, {i64({}, {0}), i64({}, {0}), i64({}, {1})}), DType::I64, {0}, {});
  check_ints(eval1(r, {i64({}, {0}), i64({}, {7}), i64({}, {3})}), DType::I64, {3}, {0, 3, 6});
}
