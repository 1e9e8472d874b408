// A few lines to build IR graphs for shape-rule tests: inputs, constants, and
// one node whose outputs infer_node_shapes fills in.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/onnx_import.h"

namespace tinyc::test {

struct IrBuilder {
  Graph g;
  explicit IrBuilder(int64_t opset = 13) {
    g.opsets[""] = opset;
    g.opsets["com.microsoft"] = 1;
  }
  IrBuilder& in(const std::string& name, Shape s, DType t = DType::F32) {
    g.inputs.push_back(name);
    g.add_tensor(Tensor(name, t, std::move(s)));
    return *this;
  }
  IrBuilder& ints(const std::string& name, const std::vector<int64_t>& v) {
    g.add_tensor(Tensor::from_int64(name, {static_cast<int64_t>(v.size())}, v));
    return *this;
  }
  IrBuilder& floats(const std::string& name, const std::vector<float>& v, Shape s = {}) {
    if (s.empty() && v.size() != 1) s = {static_cast<int64_t>(v.size())};
    g.add_tensor(Tensor::from_float(name, s, v));
    return *this;
  }
  /// A constant of shape s and dtype t, zero-filled.
  IrBuilder& zeros(const std::string& name, Shape s, DType t = DType::F32) {
    Tensor c(name, t, std::move(s));
    c.is_constant = true;
    c.allocate();
    g.add_tensor(std::move(c));
    return *this;
  }
  /// Adds a node producing `outs` and infers its outputs; returns outs[0]'s shape.
  Shape node(const std::string& op, const std::vector<std::string>& ins, std::map<std::string, Attribute> attrs = {},
             std::vector<std::string> outs = {"y"}, const std::string& domain = "") {
    Node n;
    n.name = op + "_under_test";
    n.op_type = op;
    n.domain = domain;
    n.inputs = ins;
    n.outputs = outs;
    n.attrs = std::move(attrs);
    g.nodes.push_back(n);
    infer_node_shapes(g, g.nodes.back());
    return g.tensor(outs[0]).shape;
  }
  DType dtype(const std::string& name = "y") const { return g.tensor(name).dtype; }
};

inline Attribute I(int64_t v) { return Attribute::of_int(v); }
inline Attribute F(float v) { return Attribute::of_float(v); }
inline Attribute S(const std::string& v) { return Attribute::of_string(v); }
inline Attribute Is(std::vector<int64_t> v) { return Attribute::of_ints(std::move(v)); }
inline Attribute Fs(std::vector<float> v) { return Attribute::of_floats(std::move(v)); }

}  // namespace tinyc::test
