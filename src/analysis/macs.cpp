// node_macs and node_params. Only the ops that multiply-accumulate count MACs
// (convolutions and matrix products, float or integer); pooling, elementwise
// ops, Softmax and data movement count 0 -- their work is linear in the
// output size and reported through the activation sizes instead.
#include <map>
#include <set>

#include "tinyc/analysis.h"

namespace tinyc {

namespace {

int64_t product(const Shape& s, size_t from = 0, size_t to = SIZE_MAX) {
  int64_t p = 1;
  for (size_t i = from; i < s.size() && i < to; ++i) p *= s[i];
  return p;
}

/// Is the first output's shape known? (Not downstream of an op inspect kept unsupported.)
bool known_output(const Graph& g, const Node& n) {
  return !n.outputs.empty() && g.has_tensor(n.outputs[0]) && g.tensor(n.outputs[0]).dtype != DType::Undefined;
}

/// Conv-like: output elements x (input channels per group x kernel elements).
int64_t conv_macs(const Graph& g, const Node& n, size_t w_index) {
  if (!known_output(g, n) || !g.has_tensor(n.input(w_index))) return 0;
  const Shape& w = g.tensor(n.input(w_index)).shape;  // M x C/group x k...
  return product(g.tensor(n.outputs[0]).shape) * product(w, 1);
}

/// Matrix products: output elements x the shared dimension K.
int64_t matmul_macs(const Graph& g, const Node& n, size_t a_index) {
  if (!known_output(g, n) || !g.has_tensor(n.input(a_index))) return 0;
  const Shape& a = g.tensor(n.input(a_index)).shape;
  if (a.empty()) return 0;
  int64_t k = a.back();
  if (n.op_type == "Gemm" && n.attr_int("transA", 0) != 0 && a.size() == 2) k = a[0];
  return product(g.tensor(n.outputs[0]).shape) * k;
}

using MacFn = int64_t (*)(const Graph&, const Node&);
const std::map<std::string, MacFn>& mac_table() {
  static const std::map<std::string, MacFn> t = {
      {"Conv", [](const Graph& g, const Node& n) { return conv_macs(g, n, 1); }},
      {"ConvInteger", [](const Graph& g, const Node& n) { return conv_macs(g, n, 1); }},
      {"QLinearConv", [](const Graph& g, const Node& n) { return conv_macs(g, n, 3); }},
      {"Gemm", [](const Graph& g, const Node& n) { return matmul_macs(g, n, 0); }},
      {"MatMul", [](const Graph& g, const Node& n) { return matmul_macs(g, n, 0); }},
      {"MatMulInteger", [](const Graph& g, const Node& n) { return matmul_macs(g, n, 0); }},
      {"QLinearMatMul", [](const Graph& g, const Node& n) { return matmul_macs(g, n, 0); }},
  };
  return t;
}

}  // namespace

int64_t node_macs(const Graph& g, const Node& n) {
  if (!n.domain.empty()) return 0;
  auto it = mac_table().find(n.op_type);
  return it == mac_table().end() ? 0 : it->second(g, n);
}

int64_t node_params(const Graph& g, const Node& n) {
  int64_t count = 0;
  std::set<std::string> seen;
  for (const auto& in : n.inputs)
    if (!in.empty() && seen.insert(in).second && g.is_constant(in)) count += product(g.tensor(in).shape);
  return count;
}

}  // namespace tinyc
