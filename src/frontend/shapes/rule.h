// tinyc's shape and dtype rules: one small table per op family, each entry an
// op (domain, name, opset range) with the function computing its outputs'
// shapes and dtypes, and an optional check refusing attribute values or forms
// tinyc does not implement. registry.cpp joins the tables; nothing here is an
// if-chain over op names.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::shapes {

/// One output's shape and dtype; `value` when the rule knows it outright
/// (Shape of a static tensor, Constant).
struct OutInfo {
  Shape shape;
  DType dtype = DType::F32;
  std::optional<Tensor> value;
};

/// Known values of tensors: graph constants and, during infer_shapes, the
/// outputs of shape-computing nodes evaluated on the way.
using ValueLookup = std::function<const Tensor*(const std::string&)>;

/// What a rule sees of one node: its inputs' shapes, dtypes and known values.
class NodeCtx {
 public:
  NodeCtx(const Graph& g, const Node& n, int64_t opset, const ValueLookup& values)
      : node(n), opset(opset), g_(g), values_(values) {}

  const Node& node;
  const int64_t opset;  ///< of the node's domain

  size_t num_inputs() const { return node.inputs.size(); }
  bool has(size_t i) const { return node.has_input(i); }
  const Tensor& in(size_t i) const;              ///< fails when the input is omitted
  const Shape& shape(size_t i) const { return in(i).shape; }
  size_t rank(size_t i) const { return in(i).shape.size(); }
  DType dtype(size_t i) const { return in(i).dtype; }
  const Tensor* value(size_t i) const;           ///< nullptr when not known at import
  /// The input's values as integers / floats; fails naming `what` when the
  /// value is not known (a non-constant shape input).
  std::vector<int64_t> ints(size_t i, const std::string& what) const;
  std::vector<float> floats(size_t i, const std::string& what) const;

  /// Requires inputs [0, min) present and no more than `max` inputs.
  void require_inputs(size_t min, size_t max) const;
  /// Requires input i to have rank r.
  void require_rank(size_t i, size_t r, const std::string& what) const;
  /// Normalises a possibly negative axis against `rank`; fails when out of range.
  int64_t axis(int64_t a, int64_t rank, const std::string& what = "axis") const;
  [[noreturn]] void fail(const std::string& message) const;

  const Graph& graph() const { return g_; }

 private:
  const Graph& g_;
  const ValueLookup& values_;
};

using InferFn = std::vector<OutInfo> (*)(const NodeCtx&);
/// Returns "" when tinyc implements the node's form, else the reason it does not.
using CheckFn = std::string (*)(const Node&, int64_t opset);

struct OpRule {
  const char* domain;  ///< "" (ai.onnx) or "com.microsoft"
  const char* op;
  int64_t min_opset, max_opset;  ///< versions of the op's domain tinyc accepts
  InferFn infer;
  CheckFn check = nullptr;
  const char* opset_note = nullptr;  ///< why versions outside the range are refused
};

// The family tables (one file each).
const std::vector<OpRule>& elementwise_rules();
const std::vector<OpRule>& conv_pool_rules();
const std::vector<OpRule>& matmul_rules();
const std::vector<OpRule>& layout_rules();
const std::vector<OpRule>& slice_pad_rules();
const std::vector<OpRule>& resize_rules();
const std::vector<OpRule>& shape_chain_rules();
const std::vector<OpRule>& normalize_rules();
const std::vector<OpRule>& quant_rules();

/// The rule for (domain, op) whatever the opset, or nullptr.
const OpRule* find_rule(const std::string& domain, const std::string& op);

// Helpers shared by the families.
/// Numpy (multidirectional) broadcasting; fails naming both shapes.
Shape broadcast(const NodeCtx& c, const Shape& a, const Shape& b);
/// One output with input 0's shape and dtype.
std::vector<OutInfo> same_as_input0(const NodeCtx& c);

}  // namespace tinyc::shapes
