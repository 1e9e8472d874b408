// Weights whose bias would not fit int32, and float models that store their
// weights quantized (weight-only DequantizeLinear).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "ptq/ptq_test_util.h"
#include "tinyc/error.h"
#include "tinyc/quantize.h"

using namespace tinyc;
using namespace tinyc::test;

namespace {

Attribute ints(std::vector<int64_t> v) { return Attribute::of_ints(std::move(v)); }

Tensor calib_for(const Graph& g, int n, uint32_t seed) {
  Shape s = g.tensor(g.inputs[0]).shape;
  s.insert(s.begin(), n);
  Rng r(seed);
  std::vector<float> v(static_cast<size_t>(num_elements(s)));
  for (float& x : v) x = r.uniform(-1, 1);
  return data_tensor(g.inputs[0], s, v);
}

const Node& dq_feeding(const Graph& q, const std::string& out, size_t input) {
  const Node& n = producer_of(q, out);
  const Node& dq = producer_of(q, n.input(input));
  REQUIRE(dq.op_type == "DequantizeLinear");
  return dq;
}

}  // namespace

TEST_CASE("a near-dead channel with a normal bias gets a weight scale that keeps the int32 bias within 2^30") {
  GraphBuilder b;
  b.input("x", {1, 2, 3, 3});
  // Channel 1's weights are ~1e-9 (a dead channel as in MLPerf's vww), its bias 0.5.
  b.constant("w", {2, 2, 1, 1}, {0.5f, -0.25f, 1e-9f, -2e-9f});
  b.constant("bias", {2}, {0.1f, 0.5f});
  b.node("Conv", {"x", "w", "bias"}, "y", {{"kernel_shape", ints({1, 1})}});
  b.output("y");
  const Graph g = b.finish();
  const Graph q = quantize_graph(g, {calib_for(g, 4, 1)});

  const float s_in = activation_qparams(q, "x").scale[0];
  const QuantParams wp = qdq_params(q, dq_feeding(q, "y_float", 1));
  CHECK(wp.scale[0] == doctest::Approx(0.5 / 127));            // a normal channel: max|w| / 127
  CHECK(double(wp.scale[1]) >= 0.5 / (double(s_in) * 1073741824.0));  // raised: |b| / (s_in * 2^30)
  const Tensor& b32 = q.tensor(dq_feeding(q, "y_float", 2).input(0));
  CHECK(std::llabs(b32.to_int64()[1]) <= (int64_t{1} << 30));
  CHECK(std::llabs(b32.to_int64()[1]) > (int64_t{1} << 29));  // raised no more than needed
  // The lowering's accumulator proof passes.
  CHECK_NOTHROW(lower_to_int8(q));
}

TEST_CASE("a float model with weight-only DequantizeLinear is quantized like a float one") {
  GraphBuilder b;
  b.input("x", {1, 4});
  Tensor w8 = Tensor::from_values<int8_t>("w_int8", DType::I8, {3, 4}, {10, -20, 30, 127, 0, 1, 2, 3, -5, 5, 64, -64});
  b.tensor(w8);
  b.constant("w_scale", {}, {0.01f});
  b.tensor(Tensor::from_values<int8_t>("w_zp", DType::I8, {}, {0}));
  b.node("DequantizeLinear", {"w_int8", "w_scale", "w_zp"}, "w");
  b.node("Gemm", {"x", "w"}, "y", {{"transB", Attribute::of_int(1)}});
  b.output("y");
  const Graph g = b.finish();
  REQUIRE(is_quantized_model(g));
  const Graph q = quantize_graph(g, {calib_for(g, 4, 2)});
  const QuantParams wp = qdq_params(q, dq_feeding(q, "y_float", 1));
  REQUIRE(wp.scale.size() == 3);
  // max|w| per unit: 1.27, 0.03, 0.64 -> / 127.
  CHECK(wp.scale[0] == doctest::Approx(1.27 / 127));
  CHECK(wp.scale[1] == doctest::Approx(0.03 / 127));
  CHECK(wp.scale[2] == doctest::Approx(0.64 / 127));
  CHECK_NOTHROW(lower_to_int8(q));
}

TEST_CASE("an activation-quantized model is refused") {
  GraphBuilder b;
  b.input("x", {1, 4});
  b.constant("s", {}, {0.1f});
  b.tensor(Tensor::from_values<int8_t>("z", DType::I8, {}, {0}));
  b.node("QuantizeLinear", {"x", "s", "z"}, "xq");
  b.node("DequantizeLinear", {"xq", "s", "z"}, "y");
  b.output("y");
  const Graph g = b.finish();
  CHECK_THROWS_WITH_AS(quantize_graph(g, {calib_for(g, 2, 3)}), doctest::Contains("already quantized"), Error);
}
