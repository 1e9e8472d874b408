#include "ptq/ptq_test_util.h"

#include <doctest/doctest.h>

#include <cmath>

#include "tinyc/onnx_import.h"

namespace tinyc::test {

GraphBuilder::GraphBuilder(int64_t opset) {
  g_.name = "test";
  g_.opsets[""] = opset;
}

std::string GraphBuilder::input(const std::string& name, const Shape& shape) {
  g_.add_tensor(Tensor(name, DType::F32, shape));
  g_.inputs.push_back(name);
  return name;
}

std::string GraphBuilder::constant(const std::string& name, const Shape& shape, const std::vector<float>& values) {
  g_.add_tensor(Tensor::from_float(name, shape, values));
  return name;
}

std::string GraphBuilder::random_constant(const std::string& name, const Shape& shape, uint32_t seed, float lo,
                                          float hi) {
  Rng r(seed);
  std::vector<float> v(static_cast<size_t>(num_elements(shape)));
  for (float& x : v) x = r.uniform(lo, hi);
  return constant(name, shape, v);
}

std::string GraphBuilder::int64_constant(const std::string& name, const std::vector<int64_t>& values) {
  g_.add_tensor(Tensor::from_int64(name, {static_cast<int64_t>(values.size())}, values));
  return name;
}

std::string GraphBuilder::tensor(Tensor t) { return g_.add_tensor(std::move(t)).name; }

std::string GraphBuilder::node(const std::string& op, const std::vector<std::string>& inputs, const std::string& out,
                               const std::map<std::string, Attribute>& attrs) {
  Node n;
  n.name = out + "_node";
  n.op_type = op;
  n.inputs = inputs;
  n.outputs = {out};
  n.attrs = attrs;
  g_.nodes.push_back(n);
  return out;
}

void GraphBuilder::output(const std::string& name) { g_.outputs.push_back(name); }

Graph GraphBuilder::finish() {
  infer_shapes(g_);
  return g_;
}

uint32_t Rng::next() {
  s_ ^= s_ << 13;
  s_ ^= s_ >> 17;
  s_ ^= s_ << 5;
  return s_;
}

float Rng::uniform(float lo, float hi) {
  return lo + (hi - lo) * static_cast<float>(next() >> 8) * (1.0f / 16777216.0f);
}

float Rng::normal() {
  const double u1 = (static_cast<double>(next() >> 8) + 1.0) / 16777217.0;
  const double u2 = static_cast<double>(next() >> 8) / 16777216.0;
  return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

Tensor data_tensor(const std::string& name, const Shape& shape, const std::vector<float>& v) {
  Tensor t = Tensor::from_float(name, shape, v);
  t.is_constant = false;
  return t;
}

const Node& producer_of(const Graph& g, const std::string& t) {
  const int p = g.producer(t);
  REQUIRE_MESSAGE(p >= 0, "nothing produces '" << t << "'");
  return g.nodes[static_cast<size_t>(p)];
}

const Node* quantize_of(const Graph& g, const std::string& t) {
  for (size_t c : g.consumers(t))
    if (g.nodes[c].op_type == "QuantizeLinear") return &g.nodes[c];
  return nullptr;
}

QuantParams qdq_params(const Graph& g, const Node& n) {
  QuantParams p;
  p.scale = g.tensor(n.input(1)).to_float();
  for (int64_t z : g.tensor(n.input(2)).to_int64()) p.zero_point.push_back(static_cast<int32_t>(z));
  p.axis = static_cast<int>(n.attr_int("axis", 1));
  if (!p.per_channel()) p.axis = 0;
  return p;
}

QuantParams activation_qparams(const Graph& g, const std::string& t) {
  const Node* q = quantize_of(g, t);
  REQUIRE_MESSAGE(q != nullptr, "no QuantizeLinear reads '" << t << "'");
  return qdq_params(g, *q);
}

}  // namespace tinyc::test
