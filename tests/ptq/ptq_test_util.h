// Helpers for the post-training quantization tests: small float graphs built
// node by node (shapes from tinyc's own shape inference), deterministic data,
// and lookups into a QDQ graph.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::test {

class GraphBuilder {
 public:
  explicit GraphBuilder(int64_t opset = 13);
  std::string input(const std::string& name, const Shape& shape);
  std::string constant(const std::string& name, const Shape& shape, const std::vector<float>& values);
  /// Values pseudo-random in [lo, hi), seeded by `seed`.
  std::string random_constant(const std::string& name, const Shape& shape, uint32_t seed, float lo = -1, float hi = 1);
  std::string int64_constant(const std::string& name, const std::vector<int64_t>& values);
  /// Any tensor (a constant of another dtype, ...); returns its name.
  std::string tensor(Tensor t);
  /// Adds a node with one output named `out`; returns `out`.
  std::string node(const std::string& op, const std::vector<std::string>& inputs, const std::string& out,
                   const std::map<std::string, Attribute>& attrs = {});
  void output(const std::string& name);
  /// Shapes of every node output filled in (infer_shapes).
  Graph finish();

 private:
  Graph g_;
};

/// A small, fully specified PRNG (xorshift32): tests get the same data everywhere.
class Rng {
 public:
  explicit Rng(uint32_t seed) : s_(seed ? seed : 1) {}
  uint32_t next();
  float uniform(float lo, float hi);  ///< [lo, hi)
  float normal();                     ///< Box-Muller, mean 0, sd 1
 private:
  uint32_t s_;
};

/// A float data tensor (not constant) for a graph input.
Tensor data_tensor(const std::string& name, const Shape& shape, const std::vector<float>& v);

/// The node of `g` producing `t` (fails the test's REQUIRE when none).
const Node& producer_of(const Graph& g, const std::string& t);
/// The QuantizeLinear reading `t` in a QDQ graph, or nullptr.
const Node* quantize_of(const Graph& g, const std::string& t);
/// Scale/zero point of a QuantizeLinear or DequantizeLinear node.
QuantParams qdq_params(const Graph& g, const Node& n);
/// The per-tensor parameters the QDQ graph gives activation `t` (its QuantizeLinear's).
QuantParams activation_qparams(const Graph& g, const std::string& t);

}  // namespace tinyc::test
