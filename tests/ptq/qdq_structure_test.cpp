// The QDQ graph quantize_graph writes: weights, biases, the Q/DQ pairs, and
// the parameter-sharing rules. Expected parameters are recomputed here from
// the float model's own values (run_float) with the formulas of
// docs/quantization.md, not read back from the output under test.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "../../src/quantize/ptq/params.h"
#include "ptq/ptq_test_util.h"
#include "tinyc/error.h"
#include "tinyc/quantize.h"
#include "tinyc/reference.h"

using namespace tinyc;
using namespace tinyc::test;

namespace {

Attribute ints(std::vector<int64_t> v) { return Attribute::of_ints(std::move(v)); }

std::vector<Tensor> uniform_calib(const Graph& g, int n, uint32_t seed, float lo = -1, float hi = 1) {
  std::vector<Tensor> r;
  Rng rng(seed);
  for (const auto& x : g.inputs) {
    Shape s = g.tensor(x).shape;
    s.insert(s.begin(), n);
    std::vector<float> v(static_cast<size_t>(num_elements(s)));
    for (float& f : v) f = rng.uniform(lo, hi);
    r.push_back(data_tensor(x, s, v));
  }
  return r;
}

// min/max of each named tensor of the float graph over every calibration sample.
std::map<std::string, ptq::FloatRange> float_min_max(const Graph& g, const std::vector<Tensor>& calib) {
  std::map<std::string, ptq::FloatRange> r;
  auto see = [&](const Tensor& t) {
    auto [it, fresh] = r.emplace(t.name, ptq::FloatRange{1e30, -1e30});
    for (float v : t.to_float()) it->second = {std::min(it->second.lo, double(v)), std::max(it->second.hi, double(v))};
  };
  const Tensor& x = calib.at(0);
  const Shape& s = g.tensor(g.inputs[0]).shape;
  const size_t per = static_cast<size_t>(num_elements(s));
  const std::vector<float> all = x.to_float();
  for (size_t i = 0; i * per < all.size(); ++i) {
    Tensor in = data_tensor(g.inputs[0], s, std::vector<float>(all.begin() + i * per, all.begin() + (i + 1) * per));
    see(in);
    run_float(g, {in}, [&](const Node&, const std::vector<Tensor>& outs) {
      for (const auto& t : outs) see(t);
    });
  }
  return r;
}

// The constant behind a DequantizeLinear feeding input `i` of the node producing `out`.
const Node& weight_dq(const Graph& q, const std::string& out, size_t i) {
  const Node& n = producer_of(q, out);
  REQUIRE(n.has_input(i));
  const Node& dq = producer_of(q, n.input(i));
  REQUIRE(dq.op_type == "DequantizeLinear");
  REQUIRE(q.is_constant(dq.input(0)));
  return dq;
}

size_t count_ops(const Graph& g, const std::string& op) {
  return static_cast<size_t>(std::count_if(g.nodes.begin(), g.nodes.end(), [&](const Node& n) { return n.op_type == op; }));
}

// Conv(relu) -> MaxPool -> GlobalAveragePool -> Flatten -> Gemm -> Softmax.
Graph chain_model() {
  GraphBuilder b;
  b.input("x", {1, 2, 6, 6});
  b.random_constant("w1", {4, 2, 3, 3}, 11);
  b.random_constant("b1", {4}, 12, -0.5f, 0.5f);
  b.node("Conv", {"x", "w1", "b1"}, "c",
         {{"kernel_shape", ints({3, 3})},
          {"pads", ints({1, 1, 1, 1})},
          {"tinyc.activation", Attribute::of_string("Relu")},
          {"tinyc.act_min", Attribute::of_float(0.0f)},
          {"tinyc.act_max", Attribute::of_float(std::numeric_limits<float>::infinity())}});
  b.node("MaxPool", {"c"}, "m", {{"kernel_shape", ints({2, 2})}, {"strides", ints({2, 2})}});
  b.node("GlobalAveragePool", {"m"}, "p");
  b.node("Flatten", {"p"}, "f", {{"axis", Attribute::of_int(1)}});
  b.random_constant("wg", {3, 4}, 13);
  b.random_constant("bg", {3}, 14);
  b.node("Gemm", {"f", "wg", "bg"}, "logits", {{"transB", Attribute::of_int(1)}});
  b.node("Softmax", {"logits"}, "y", {{"axis", Attribute::of_int(-1)}});
  b.output("y");
  return b.finish();
}

}  // namespace

TEST_CASE("weights are int8 symmetric per output channel and biases int32 at s_in * s_w") {
  const Graph g = chain_model();
  const std::vector<Tensor> calib = uniform_calib(g, 8, 1);
  const Graph q = quantize_graph(g, calib);

  const Node& wdq = weight_dq(q, "c", 1);
  const Tensor& w8 = q.tensor(wdq.input(0));
  CHECK(w8.dtype == DType::I8);
  CHECK(wdq.attr_int("axis", 1) == 0);
  const QuantParams wp = qdq_params(q, wdq);
  REQUIRE(wp.scale.size() == 4);
  CHECK(q.tensor(wdq.input(2)).dtype == DType::I8);
  const std::vector<float> w = g.tensor("w1").to_float();
  const std::vector<int64_t> codes = w8.to_int64();
  for (size_t c = 0; c < 4; ++c) {
    float amax = 0;
    int64_t cmax = 0;
    for (size_t k = 0; k < 18; ++k) {
      amax = std::max(amax, std::fabs(w[c * 18 + k]));
      cmax = std::max(cmax, std::abs(codes[c * 18 + k]));
      CHECK(std::abs(codes[c * 18 + k]) <= 127);
      // Each code is the nearest multiple of the channel scale.
      CHECK(std::fabs(codes[c * 18 + k] * wp.scale[c] - w[c * 18 + k]) <= wp.scale[c] / 2 * 1.0001f);
    }
    CHECK(wp.scale[c] == doctest::Approx(amax / 127.0f));
    CHECK(wp.zero_point[c] == 0);
    CHECK(cmax == 127);
  }

  const Node& bdq = weight_dq(q, "c", 2);
  const Tensor& b32 = q.tensor(bdq.input(0));
  CHECK(b32.dtype == DType::I32);
  CHECK(q.tensor(bdq.input(2)).dtype == DType::I32);
  const QuantParams bp = qdq_params(q, bdq);
  const float s_in = activation_qparams(q, "x").scale[0];
  const std::vector<float> bias = g.tensor("b1").to_float();
  for (size_t c = 0; c < 4; ++c) {
    CHECK(bp.scale[c] == s_in * wp.scale[c]);
    CHECK(bp.zero_point[c] == 0);
    CHECK(b32.to_int64()[c] == std::llround(bias[c] / (s_in * wp.scale[c])));
  }

  // Gemm with transB = 1: weights [units, depth], channel axis 0; bias at s_f * s_w.
  const Node& gdq = weight_dq(q, "logits", 1);
  CHECK(gdq.attr_int("axis", 1) == 0);
  CHECK(qdq_params(q, gdq).scale.size() == 3);
  const QuantParams gbp = qdq_params(q, weight_dq(q, "logits", 2));
  const float s_f = activation_qparams(q, "f").scale[0];
  for (size_t c = 0; c < 3; ++c) CHECK(gbp.scale[c] == s_f * qdq_params(q, gdq).scale[c]);
}

TEST_CASE("data movement and pooling outputs share their input's parameters; Softmax output is 1/256, -128") {
  const Graph g = chain_model();
  const std::vector<Tensor> calib = uniform_calib(g, 8, 2);
  const Graph q = quantize_graph(g, calib);
  const auto ranges = float_min_max(g, calib);

  // The Conv output (ReLU fused: its range starts at 0) is calibrated on its own.
  const QuantParams pc = activation_qparams(q, "c");
  CHECK(pc == ptq::activation_params(ranges.at("c")));
  CHECK(pc.zero_point[0] == -128);
  CHECK(activation_qparams(q, "m") == pc);
  CHECK(activation_qparams(q, "p") == pc);
  CHECK(activation_qparams(q, "f") == pc);
  CHECK(activation_qparams(q, "x") == ptq::activation_params(ranges.at("x")));
  CHECK(activation_qparams(q, "logits") == ptq::activation_params(ranges.at("logits")));

  // The graph output keeps its name and stays float: Softmax -> y_float -> Q -> DQ -> y.
  REQUIRE(q.outputs == std::vector<std::string>{"y"});
  CHECK(producer_of(q, "y").op_type == "DequantizeLinear");
  CHECK(q.tensor("y").dtype == DType::F32);
  const Node& sm = producer_of(q, "y_float");
  CHECK(sm.op_type == "Softmax");
  CHECK(activation_qparams(q, "y_float") == QuantParams{{1.0f / 256.0f}, {-128}, 0});

  // The fused activation stays on the Conv.
  CHECK(producer_of(q, "c").attr_string("tinyc.activation", "") == "Relu");
  // Every float op reads dequantized values (or integer constants).
  for (const Node& n : q.nodes) {
    if (n.op_type == "QuantizeLinear" || n.op_type == "DequantizeLinear") continue;
    for (const auto& in : n.inputs) {
      if (in.empty() || (q.is_constant(in) && q.tensor(in).dtype != DType::F32)) continue;
      CHECK_MESSAGE(producer_of(q, in).op_type == "DequantizeLinear", n.describe() << " reads " << in);
    }
  }
  // The lowering sees identical parameters where they are shared: no requantization.
  const Int8Lowering low = lower_to_int8(q);
  CHECK(count_ops(low.graph, "Requantize") == 0);
}

namespace {

// Two Convs concatenated, then a 1x1 Conv. With `b_is_output`, B is also a graph output.
Graph concat_model(bool b_is_output) {
  GraphBuilder b;
  b.input("x", {1, 2, 4, 4});
  // A's range is wider than B's: the Concat's range is then not B's own.
  b.random_constant("wa", {3, 2, 1, 1}, 21, -3.0f, 3.0f);
  b.random_constant("wb", {5, 2, 1, 1}, 22, -0.5f, 0.5f);
  b.random_constant("wc", {2, 8, 1, 1}, 23);
  b.node("Conv", {"x", "wa"}, "A", {{"kernel_shape", ints({1, 1})}});
  b.node("Conv", {"x", "wb"}, "B", {{"kernel_shape", ints({1, 1})}});
  b.node("Concat", {"A", "B"}, "cat", {{"axis", Attribute::of_int(1)}});
  b.node("Conv", {"cat", "wc"}, "out", {{"kernel_shape", ints({1, 1})}});
  b.output("out");
  if (b_is_output) b.output("B");
  return b.finish();
}

ptq::FloatRange join(ptq::FloatRange a, ptq::FloatRange b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }

}  // namespace

TEST_CASE("Concat: one range for the output and the inputs that feed nothing else") {
  const Graph g = concat_model(false);
  const std::vector<Tensor> calib = uniform_calib(g, 6, 3);
  const Graph q = quantize_graph(g, calib);
  const auto r = float_min_max(g, calib);
  const QuantParams expected = ptq::activation_params(join(join(r.at("A"), r.at("B")), r.at("cat")));
  CHECK(activation_qparams(q, "cat") == expected);
  CHECK(activation_qparams(q, "A") == expected);
  CHECK(activation_qparams(q, "B") == expected);
  CHECK(count_ops(lower_to_int8(q).graph, "Requantize") == 0);
}

TEST_CASE("Concat: an input that also feeds something else keeps its own parameters") {
  const Graph g = concat_model(true);
  const std::vector<Tensor> calib = uniform_calib(g, 6, 3);
  const Graph q = quantize_graph(g, calib);
  const auto r = float_min_max(g, calib);
  CHECK(q.outputs == std::vector<std::string>{"out", "B"});
  CHECK(activation_qparams(q, "B_float") == ptq::activation_params(r.at("B")));
  const QuantParams cat = activation_qparams(q, "cat");
  CHECK(cat == ptq::activation_params(join(join(r.at("A"), r.at("B")), r.at("cat"))));
  CHECK(activation_qparams(q, "A") == cat);
  CHECK(activation_qparams(q, "B_float") != cat);
  CHECK(count_ops(lower_to_int8(q).graph, "Requantize") == 1);  // B into the Concat's parameters
}

TEST_CASE("residual Add: inputs keep their producers' parameters, the output has its own") {
  GraphBuilder b;
  b.input("x", {1, 3, 4, 4});
  b.random_constant("w1", {3, 3, 1, 1}, 31);
  b.random_constant("w2", {3, 3, 1, 1}, 32, -2.0f, 2.0f);
  b.node("Conv", {"x", "w1"}, "r1", {{"kernel_shape", ints({1, 1})}});
  b.node("Conv", {"r1", "w2"}, "r2", {{"kernel_shape", ints({1, 1})}});
  b.node("Add", {"r1", "r2"}, "s");
  b.output("s");
  const Graph g = b.finish();
  const std::vector<Tensor> calib = uniform_calib(g, 5, 4);
  const Graph q = quantize_graph(g, calib);
  const auto r = float_min_max(g, calib);
  CHECK(activation_qparams(q, "r1") == ptq::activation_params(r.at("r1")));
  CHECK(activation_qparams(q, "r2") == ptq::activation_params(r.at("r2")));
  CHECK(activation_qparams(q, "s_float") == ptq::activation_params(r.at("s")));
}

TEST_CASE("Gemm with transB = 0 and MatMul quantize weights along axis 1; --per-tensor-weights gives one scale") {
  GraphBuilder b;
  b.input("x", {2, 4});
  b.random_constant("wg", {4, 3}, 41);
  b.random_constant("bg", {3}, 42);
  b.random_constant("wm", {3, 5}, 43);
  b.node("Gemm", {"x", "wg", "bg"}, "h");
  b.node("MatMul", {"h", "wm"}, "y");
  b.output("y");
  const Graph g = b.finish();
  const std::vector<Tensor> calib = uniform_calib(g, 4, 5);

  const Graph q = quantize_graph(g, calib);
  const Node& gdq = weight_dq(q, "h", 1);
  CHECK(gdq.attr_int("axis", 0) == 1);
  CHECK(qdq_params(q, gdq).scale.size() == 3);
  const Node& mdq = weight_dq(q, "y_float", 1);
  CHECK(mdq.attr_int("axis", 0) == 1);
  CHECK(qdq_params(q, mdq).scale.size() == 5);

  QuantizeOptions per_tensor;
  per_tensor.per_channel_weights = false;
  const Graph qt = quantize_graph(g, calib, per_tensor);
  const Node& tdq = weight_dq(qt, "h", 1);
  CHECK_FALSE(tdq.has_attr("axis"));
  const QuantParams tp = qdq_params(qt, tdq);
  REQUIRE(tp.scale.size() == 1);
  float amax = 0;
  for (float v : g.tensor("wg").to_float()) amax = std::max(amax, std::fabs(v));
  CHECK(tp.scale[0] == doctest::Approx(amax / 127.0f));
  const QuantParams bp = qdq_params(qt, weight_dq(qt, "h", 2));
  REQUIRE(bp.scale.size() == 1);
  CHECK(bp.scale[0] == activation_qparams(qt, "x").scale[0] * tp.scale[0]);
}

TEST_CASE("constant operands of Add/Mul become int8 per tensor; Sigmoid and Tanh outputs have fixed parameters") {
  GraphBuilder b;
  b.input("x", {1, 4});
  b.constant("k", {4}, {0.5f, -1.0f, 2.0f, 0.25f});
  b.node("Mul", {"x", "k"}, "m");
  b.node("Sigmoid", {"m"}, "s");
  b.node("Tanh", {"m"}, "t");
  b.node("Add", {"s", "t"}, "y");
  b.output("y");
  const Graph g = b.finish();
  const Graph q = quantize_graph(g, uniform_calib(g, 4, 6));
  const Node& kdq = weight_dq(q, "m", 1);
  const QuantParams kp = qdq_params(q, kdq);
  CHECK(kp == ptq::activation_params({-1.0, 2.0}));
  CHECK(q.tensor(kdq.input(0)).dtype == DType::I8);
  CHECK(activation_qparams(q, "s") == QuantParams{{1.0f / 256.0f}, {-128}, 0});
  CHECK(activation_qparams(q, "t") == QuantParams{{1.0f / 128.0f}, {0}, 0});
}

TEST_CASE("an op with no int8 meaning is an error naming the node, raised before calibrating") {
  GraphBuilder b;
  b.input("x", {1, 2, 2, 2});
  for (const char* c : {"gamma", "beta", "mean", "var"}) b.constant(c, {2}, {1.0f, 2.0f});
  // A BatchNormalization that fold_batchnorm did not fold (the CLI runs the pipeline first).
  b.node("BatchNormalization", {"x", "gamma", "beta", "mean", "var"}, "e");
  b.output("e");
  const Graph g = b.finish();
  // No calibration data at all: the op error must come first.
  try {
    quantize_graph(g, {});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.node() == "e_node");
    CHECK(e.op() == "BatchNormalization");
  }
}

TEST_CASE("a constraint of the lowering (MatMul of two activations) is reported before calibrating") {
  GraphBuilder b;
  b.input("x", {2, 4});
  b.input("z", {4, 3});
  b.node("MatMul", {"x", "z"}, "y");
  b.output("y");
  const Graph g = b.finish();
  try {
    quantize_graph(g, {});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.node() == "y_node");
    CHECK(std::string(e.what()).find("MatMul") != std::string::npos);
  }
}

TEST_CASE("no calibration sample is an error") {
  const Graph g = chain_model();
  CHECK_THROWS_AS(quantize_graph(g, {}), Error);
  Tensor empty = data_tensor("x", {0, 1, 2, 6, 6}, {});
  try {
    quantize_graph(g, {empty});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("no calibration sample") != std::string::npos);
  }
}
