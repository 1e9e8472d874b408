// Float reference: QuantizeLinear, DequantizeLinear and the com.microsoft
// QLinear ops (hand-computed: dequantize, compute, requantize with round half
// to even and saturation).
#include <cmath>

#include "reference/float_helpers.h"

using namespace tinyc;
using namespace tinyc::floattest;

TEST_CASE("QuantizeLinear: round half to even and saturation, int8 and uint8") {
  Node n = make_node("QuantizeLinear", 3);
  const Tensor x = f32({6}, {0, 1.5f, 2.5f, -1, 300, -300});
  check_ints(eval1(n, {x, f32({}, {1}), typed<int8_t>(DType::I8, {}, {0})}), DType::I8, {6}, {0, 2, 2, -1, 127, -128});
  // x / 2 = 0, 0.75, 1.25, -0.5, 150, -150 -> 0, 1, 1, 0, 150, -150; + 128, saturated.
  check_ints(eval1(n, {x, f32({}, {2}), typed<uint8_t>(DType::U8, {}, {128})}), DType::U8, {6},
             {128, 129, 129, 128, 255, 0});
  // No zero point: uint8 with zero point 0.
  check_ints(eval1(make_node("QuantizeLinear", 2), {f32({2}, {1, -1}), f32({}, {1})}), DType::U8, {2}, {1, 0});
}

TEST_CASE("QuantizeLinear per axis (opset 13)") {
  Node n = make_node("QuantizeLinear", 3);
  n.attrs["axis"] = Attribute::of_int(0);
  // Row 0: scale 1, zp 0; row 1: scale 2, zp 1 -> 3/2 = 1.5 -> 2 + 1; 4/2 = 2 + 1.
  check_ints(eval1(n, {f32({2, 2}, {1, 2, 3, 4}), f32({2}, {1, 2}), typed<int8_t>(DType::I8, {2}, {0, 1})}, 13),
             DType::I8, {2, 2}, {1, 2, 3, 3});
  check_error([&] { eval(n, {f32({2, 2}, {1, 2, 3, 4}), f32({3}, {1, 2, 3}), typed<int8_t>(DType::I8, {3}, {0, 0, 0})}, 13); },
              "n_QuantizeLinear", "channels");
}

TEST_CASE("DequantizeLinear: per tensor, per axis, int32 biases") {
  Node n = make_node("DequantizeLinear", 3);
  check_f32(eval1(n, {typed<int8_t>(DType::I8, {3}, {-128, 0, 127}), f32({}, {0.5f}), typed<int8_t>(DType::I8, {}, {-1})}),
            {3}, {-63.5f, 0.5f, 64});
  n.attrs["axis"] = Attribute::of_int(1);
  check_f32(eval1(n, {typed<uint8_t>(DType::U8, {1, 2}, {10, 10}), f32({2}, {0.5f, 2}), typed<uint8_t>(DType::U8, {2}, {0, 5})}, 13),
            {1, 2}, {5, 10});
  check_f32(eval1(make_node("DequantizeLinear", 2), {typed<int32_t>(DType::I32, {2}, {100, -100}), f32({}, {0.01f})}),
            {2}, {1, -1}, 1e-6f);
}

namespace {
std::vector<Tensor> qbinary_inputs() {
  // A real [1, -1]; B real 1 (broadcast); C scale 0.2, zero point 5.
  return {typed<int8_t>(DType::I8, {2}, {10, -10}), f32({}, {0.1f}), typed<int8_t>(DType::I8, {}, {0}),
          typed<int8_t>(DType::I8, {1}, {20}),      f32({}, {0.05f}), typed<int8_t>(DType::I8, {}, {0}),
          f32({}, {0.2f}),                          typed<int8_t>(DType::I8, {}, {5})};
}
}  // namespace

TEST_CASE("com.microsoft QLinearAdd and QLinearMul") {
  // Add: [2, 0] / 0.2 + 5 = [15, 5]; Mul: [1, -1] / 0.2 + 5 = [10, 0].
  check_ints(eval1(make_node("QLinearAdd", 8, 1, "com.microsoft"), qbinary_inputs(), 13), DType::I8, {2}, {15, 5});
  check_ints(eval1(make_node("QLinearMul", 8, 1, "com.microsoft"), qbinary_inputs(), 13), DType::I8, {2}, {10, 0});
}

TEST_CASE("com.microsoft QLinearAveragePool and QLinearGlobalAveragePool") {
  const Tensor x = typed<uint8_t>(DType::U8, {1, 1, 2, 2}, {10, 20, 30, 40});  // real 0, 5, 10, 15
  Node ap = make_node("QLinearAveragePool", 5, 1, "com.microsoft");
  ap.attrs["kernel_shape"] = Attribute::of_ints({2, 2});
  // mean 7.5 -> ties to even: 8.
  check_ints(eval1(ap, {x, f32({}, {0.5f}), typed<uint8_t>(DType::U8, {}, {10}), f32({}, {1}), typed<uint8_t>(DType::U8, {}, {0})}, 13),
             DType::U8, {1, 1, 1, 1}, {8});
  Node gap = make_node("QLinearGlobalAveragePool", 5, 1, "com.microsoft");
  const std::vector<Tensor> rest = {f32({}, {0.5f}), typed<uint8_t>(DType::U8, {}, {10}), f32({}, {1}),
                                    typed<uint8_t>(DType::U8, {}, {3})};
  std::vector<Tensor> in = {x};
  in.insert(in.end(), rest.begin(), rest.end());
  check_ints(eval1(gap, in, 13), DType::U8, {1, 1, 1, 1}, {11});
  gap.attrs["channels_last"] = Attribute::of_int(1);
  in[0] = typed<uint8_t>(DType::U8, {1, 2, 2, 1}, {10, 20, 30, 40});
  check_ints(eval1(gap, in, 13), DType::U8, {1, 1, 1, 1}, {11});
}

TEST_CASE("com.microsoft QLinearSoftmax") {
  Node n = make_node("QLinearSoftmax", 5, 1, "com.microsoft");
  n.attrs["opset"] = Attribute::of_int(13);
  // Real inputs [0, ln 3] -> [0.25, 0.75] -> / (1/256) = [64, 192].
  const float xs = std::log(3.f) / 10;
  check_ints(eval1(n, {typed<uint8_t>(DType::U8, {1, 2}, {0, 10}), f32({}, {xs}), typed<uint8_t>(DType::U8, {}, {0}),
                       f32({}, {1.f / 256}), typed<uint8_t>(DType::U8, {}, {0})}, 13),
             DType::U8, {1, 2}, {64, 192});
}
