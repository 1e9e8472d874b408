#include "op_rules.h"

#include <map>
#include <set>

#include "tinyc/error.h"

namespace tinyc::ptq {
namespace {

QuantParams fixed_params(float scale, int32_t zero_point) { return QuantParams{{scale}, {zero_point}, 0}; }

const std::map<std::string, OpRule>& rules() {
  static const std::map<std::string, OpRule> table = [] {
    std::map<std::string, OpRule> t;
    for (const char* op : {"Conv", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Clip", "LeakyRelu", "PRelu",
                           "HardSwish", "ReduceMean"})
      t[op] = OpRule{OutputParams::Own, std::nullopt};
    // Data movement and max pooling only move or select values: the input's
    // parameters represent the output exactly. Average pooling reuses them
    // because TFLite's int8 AVERAGE_POOL_2D requires it (it averages raw codes).
    for (const char* op : {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "MaxPool", "GlobalMaxPool", "Slice",
                           "Pad", "Resize", "Upsample", "AveragePool", "GlobalAveragePool"})
      t[op] = OpRule{OutputParams::SameAsInput, std::nullopt};
    t["Concat"] = OpRule{OutputParams::Concat, std::nullopt};
    // The int8 kernels' output encodings (TFLite's): [0, 1) in 256 steps for
    // Softmax, Sigmoid and HardSigmoid, [-1, 1) in 256 steps for Tanh.
    t["Softmax"] = OpRule{OutputParams::Fixed, fixed_params(1.0f / 256.0f, -128)};
    t["Sigmoid"] = OpRule{OutputParams::Fixed, fixed_params(1.0f / 256.0f, -128)};
    t["HardSigmoid"] = OpRule{OutputParams::Fixed, fixed_params(1.0f / 256.0f, -128)};
    t["Tanh"] = OpRule{OutputParams::Fixed, fixed_params(1.0f / 128.0f, 0)};
    return t;
  }();
  return table;
}

}  // namespace

std::optional<OpRule> op_rule(const Node& n) {
  if (!n.domain.empty() && n.domain != "ai.onnx") return std::nullopt;
  auto it = rules().find(n.op_type);
  if (it == rules().end()) return std::nullopt;
  return it->second;
}

ConstantRole constant_role(const Node& n, size_t i) {
  const std::string& op = n.op_type;
  if (op == "Conv" || op == "Gemm" || op == "MatMul") {
    if (i == 1) return ConstantRole::Weight;
    if (i == 2) return ConstantRole::Bias;
    return ConstantRole::Keep;
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Concat") return ConstantRole::Int8;
  if (op == "PRelu" && i == 1) return ConstantRole::Int8;
  return ConstantRole::Keep;
}

int weight_channel_axis(const Graph& g, const Node& n) {
  if (n.op_type == "Conv") return 0;
  if (n.op_type == "Gemm") return n.attr_int("transB", 0) != 0 ? 0 : 1;
  return static_cast<int>(g.tensor(n.input(1)).shape.size()) - 1;  // MatMul: B is [..., K, N]
}

void check_ops_have_rules(const Graph& g) {
  std::vector<const Node*> bad;
  for (const Node& n : g.nodes)
    if (!op_rule(n)) bad.push_back(&n);
  if (bad.empty()) return;
  const std::string why = "has no int8 meaning in tinyc (docs/quantization.md lists the int8 ops)";
  if (bad.size() == 1) fail_node(bad[0]->name, bad[0]->op_type, why);
  std::string list;
  for (const Node* n : bad) list += (list.empty() ? "" : ", ") + n->describe();
  fail(std::to_string(bad.size()) + " nodes have no int8 meaning in tinyc (docs/quantization.md lists the int8 ops): " +
       list);
}

}  // namespace tinyc::ptq
