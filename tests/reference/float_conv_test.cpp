// Float reference: Conv, ConvInteger, QLinearConv and the fused activation.
// Expected values are worked out by hand (the 5x5 cases are the ONNX spec's
// own Conv examples, whose sums are easy to check).
#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

TEST_CASE("Conv 2-D: ones kernel with and without padding (ONNX spec example)") {
  Node n = make_node("Conv", 2);
  n.attrs["kernel_shape"] = Attribute::of_ints({3, 3});
  const Tensor x = f32({1, 1, 5, 5}, iota_f(25));
  const Tensor w = f32({1, 1, 3, 3}, std::vector<float>(9, 1.f));
  check_f32(eval1(n, {x, w}), {1, 1, 3, 3}, {54, 63, 72, 99, 108, 117, 144, 153, 162});
  n.attrs["pads"] = Attribute::of_ints({1, 1, 1, 1});
  check_f32(eval1(n, {x, w}), {1, 1, 5, 5},
            {12, 21, 27, 33, 24, 33, 54, 63, 72, 51, 63, 99, 108, 117, 81, 93, 144, 153, 162, 111, 72, 111, 117, 123, 84});
}

TEST_CASE("Conv 2-D: strides 2 with padding 1 on a 7x5 input") {
  Node n = make_node("Conv", 2);
  n.attrs["strides"] = Attribute::of_ints({2, 2});
  n.attrs["pads"] = Attribute::of_ints({1, 1, 1, 1});
  const Tensor x = f32({1, 1, 7, 5}, iota_f(35));
  const Tensor w = f32({1, 1, 3, 3}, std::vector<float>(9, 1.f));
  // Row 0 of the output sums rows -1..1 of the padded input, etc.
  check_f32(eval1(n, {x, w}), {1, 1, 4, 3}, {12, 27, 24, 63, 108, 81, 123, 198, 141, 112, 177, 124});
}

TEST_CASE("Conv 2-D: dilation 2 reads every other pixel") {
  Node n = make_node("Conv", 2);
  n.attrs["dilations"] = Attribute::of_ints({2, 2});
  const Tensor x = f32({1, 1, 4, 4}, iota_f(16));
  const Tensor w = f32({1, 1, 2, 2}, {1, 1, 1, 1});
  // out[0][0] = x00 + x02 + x20 + x22 = 0 + 2 + 8 + 10.
  check_f32(eval1(n, {x, w}), {1, 1, 2, 2}, {20, 24, 36, 40});
}

TEST_CASE("Conv: depthwise groups with bias") {
  Node n = make_node("Conv", 3);
  n.attrs["group"] = Attribute::of_int(2);
  const Tensor x = f32({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const Tensor w = f32({2, 1, 1, 1}, {2, -1});
  const Tensor b = f32({2}, {0.5f, 1});
  check_f32(eval1(n, {x, w, b}), {1, 2, 2, 2}, {2.5f, 4.5f, 6.5f, 8.5f, -4, -5, -6, -7});
}

TEST_CASE("Conv: two groups of two channels each mix only their own channels") {
  Node n = make_node("Conv", 2);
  n.attrs["group"] = Attribute::of_int(2);
  // 4 input channels of one pixel: 1, 2, 3, 4. Output channel 0 = c0 + c1,
  // 1 = c0 - c1 (group 0); 2 = c2 + c3, 3 = 10*c3 (group 1).
  const Tensor x = f32({1, 4, 1, 1}, {1, 2, 3, 4});
  const Tensor w = f32({4, 2, 1, 1}, {1, 1, 1, -1, 1, 1, 0, 10});
  check_f32(eval1(n, {x, w}), {1, 4, 1, 1}, {3, -1, 7, 40});
}

TEST_CASE("Conv 1-D: auto_pad SAME_UPPER, SAME_LOWER, VALID and asymmetric pads") {
  const Tensor x = f32({1, 1, 4}, {1, 2, 3, 4});
  const Tensor w = f32({1, 1, 2}, {1, 10});
  Node n = make_node("Conv", 2);
  n.attrs["auto_pad"] = Attribute::of_string("SAME_UPPER");  // one pad pixel, at the end
  check_f32(eval1(n, {x, w}), {1, 1, 4}, {21, 32, 43, 4});
  n.attrs["auto_pad"] = Attribute::of_string("SAME_LOWER");  // one pad pixel, at the start
  check_f32(eval1(n, {x, w}), {1, 1, 4}, {10, 21, 32, 43});
  n.attrs["auto_pad"] = Attribute::of_string("VALID");
  check_f32(eval1(n, {x, w}), {1, 1, 3}, {21, 32, 43});
  Node p = make_node("Conv", 2);
  p.attrs["pads"] = Attribute::of_ints({2, 0});
  check_f32(eval1(p, {f32({1, 1, 3}, {1, 2, 3}), f32({1, 1, 3}, {1, 1, 1})}), {1, 1, 3}, {1, 3, 6});
}

TEST_CASE("Conv 3-D: one window over a 2x2x2 cube") {
  Node n = make_node("Conv", 2);
  const Tensor x = f32({1, 1, 2, 2, 2}, iota_f(8, 1));
  const Tensor w = f32({1, 1, 2, 2, 2}, std::vector<float>(8, 1.f));
  check_f32(eval1(n, {x, w}), {1, 1, 1, 1, 1}, {36});
}

TEST_CASE("Conv: batch of two and two output channels") {
  Node n = make_node("Conv", 2);
  const Tensor x = f32({2, 1, 1, 2}, {1, 2, 3, 4});
  const Tensor w = f32({2, 1, 1, 2}, {1, 1, 1, -1});
  check_f32(eval1(n, {x, w}), {2, 2, 1, 1}, {3, -1, 7, -1});
}

TEST_CASE("Conv: errors name the node") {
  Node n = make_node("Conv", 2);
  const Tensor x = f32({1, 3, 4, 4}, std::vector<float>(48, 0.f));
  check_error([&] { eval(n, {x, f32({1, 2, 1, 1}, {1, 1})}); }, "n_Conv", "input channels");
  n.attrs["auto_pad"] = Attribute::of_string("SAME");
  check_error([&] { eval(n, {x, f32({1, 3, 1, 1}, {1, 1, 1})}); }, "n_Conv", "auto_pad");
}

TEST_CASE("ConvInteger: zero points, padding with the input zero point (ONNX example)") {
  Node n = make_node("ConvInteger", 3);
  const Tensor x = typed<uint8_t>(DType::U8, {1, 1, 3, 3}, {2, 3, 4, 5, 6, 7, 8, 9, 10});
  const Tensor xzp = typed<uint8_t>(DType::U8, {}, {1});
  const Tensor w = typed<uint8_t>(DType::U8, {1, 1, 2, 2}, {1, 1, 1, 1});
  check_ints(eval1(n, {x, w, xzp}), DType::I32, {1, 1, 2, 2}, {12, 16, 24, 28});
  n.attrs["pads"] = Attribute::of_ints({1, 1, 1, 1});
  check_ints(eval1(n, {x, w, xzp}), DType::I32, {1, 1, 4, 4},
             {1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9});
}

TEST_CASE("ConvInteger: per-output-channel weight zero points") {
  Node n = make_node("ConvInteger", 4);
  const Tensor x = typed<uint8_t>(DType::U8, {1, 1, 1, 2}, {5, 7});
  const Tensor xzp = typed<uint8_t>(DType::U8, {}, {5});
  const Tensor w = typed<int8_t>(DType::I8, {2, 1, 1, 1}, {3, -2});
  const Tensor wzp = typed<int8_t>(DType::I8, {2}, {1, -2});
  // Centred: x = [0, 2]; w = [2, 0].
  check_ints(eval1(n, {x, w, xzp, wzp}), DType::I32, {1, 2, 1, 2}, {0, 4, 0, 0});
}

namespace {
std::vector<Tensor> qconv_inputs(int32_t bias, uint8_t y_zp) {
  return {typed<uint8_t>(DType::U8, {1, 1, 2, 2}, {10, 20, 30, 40}),  // x: real 0, 5, 10, 15
          f32({}, {0.5f}),
          typed<uint8_t>(DType::U8, {}, {10}),
          typed<int8_t>(DType::I8, {1, 1, 1, 1}, {4}),  // w: real 1
          f32({}, {0.25f}),
          typed<int8_t>(DType::I8, {}, {0}),
          f32({}, {0.5f}),
          typed<uint8_t>(DType::U8, {}, {y_zp}),
          typed<int32_t>(DType::I32, {1}, {bias})};
}
}  // namespace

TEST_CASE("QLinearConv: requantization rounds half to even and saturates") {
  Node n = make_node("QLinearConv", 9);
  // acc = (x - 10) * 4 + bias; y = round(acc * 0.5 * 0.25 / 0.5) + y_zp.
  // bias 3: acc 3, 43, 83, 123 -> 0.75, 10.75, 20.75, 30.75 -> 1, 11, 21, 31.
  check_ints(eval1(n, qconv_inputs(3, 100)), DType::U8, {1, 1, 2, 2}, {101, 111, 121, 131});
  // bias -2: -0.5, 9.5, 19.5, 29.5 -> ties to even: 0, 10, 20, 30.
  check_ints(eval1(n, qconv_inputs(-2, 100)), DType::U8, {1, 1, 2, 2}, {100, 110, 120, 130});
  // y_zp 250: 250 + 10 saturates at 255.
  check_ints(eval1(n, qconv_inputs(-2, 250)), DType::U8, {1, 1, 2, 2}, {250, 255, 255, 255});
}

TEST_CASE("fused activation: tinyc.activation clamps the output") {
  Node n = make_node("Conv", 2);
  const Tensor x = f32({1, 1, 1, 4}, {-2, -0.5f, 0.5f, 2});
  const Tensor w = f32({1, 1, 1, 1}, {1});
  n.attrs["tinyc.activation"] = Attribute::of_string("Relu");
  check_f32(eval1(n, {x, w}), {1, 1, 1, 4}, {0, 0, 0.5f, 2});
  n.attrs["tinyc.activation"] = Attribute::of_string("Clip");
  n.attrs["tinyc.act_min"] = Attribute::of_float(-1);
  n.attrs["tinyc.act_max"] = Attribute::of_float(1);
  check_f32(eval1(n, {x, w}), {1, 1, 1, 4}, {-1, -0.5f, 0.5f, 1});
  n.attrs["tinyc.activation"] = Attribute::of_string("Sigmoid");
  check_error([&] { eval(n, {x, w}); }, "n_Conv", "Relu or Clip");
}
