// infer_shapes / infer_node_shapes and the value propagation through shape
// chains.
#include "frontend/shapes/infer.h"

#include <map>
#include <set>

#include "frontend/shapes/rule.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"
#include "tinyc/reference.h"

namespace tinyc::shapes {
namespace {

/// Ops whose values infer_graph computes when all their inputs are known:
/// those exporters chain to compute shapes. Heavier ops are left to
/// fold_constants.
const std::set<std::string> kEvaluated = {"Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Slice",
                                          "Reshape", "Flatten", "Identity", "Add", "Sub", "Mul",
                                          "Div", "ConstantOfShape", "Range", "Expand", "Transpose"};

bool small(const Tensor& t) { return num_elements(t.shape) <= kMaxEvaluatedElements; }

class Inferrer {
 public:
  Inferrer(Graph& g, const InferOptions& o) : g_(g), opts_(o) {
    lookup_ = [this](const std::string& name) -> const Tensor* {
      auto it = computed_.find(name);
      if (it != computed_.end()) return &it->second;
      auto t = g_.tensors.find(name);
      return t != g_.tensors.end() && t->second.is_constant ? &t->second : nullptr;
    };
  }

  void run_node(const Node& n) {
    for (const auto& in : n.inputs)
      if (!in.empty() && !g_.has_tensor(in))
        fail_node(n.name, n.op_type, "input '" + in + "' is not produced by any node, graph input or initializer");
    const std::string& domain = n.domain == "ai.onnx" ? std::string() : n.domain;
    const int64_t opset = g_.opset(domain);
    const OpRule* rule = find_rule(domain, n.op_type);
    if (opts_.lenient && (!rule || has_unknown_input(n) || !is_supported_op(domain, n.op_type, opset, nullptr))) {
      mark_unknown(n);
      return;
    }
    std::string why;
    if (!is_supported_op(domain, n.op_type, opset, &why))
      fail_node(n.name, n.op_type, n.op_type + "-" + std::to_string(opset) + (domain.empty() ? "" : " in " + domain) + ": " + why);
    if (rule->check) {
      std::string reason = rule->check(n, opset);
      if (!reason.empty()) fail_node(n.name, n.op_type, n.op_type + "-" + std::to_string(opset) + ": " + reason);
    }
    NodeCtx ctx(g_, n, opset, lookup_);
    std::vector<OutInfo> outs = rule->infer(ctx);
    for (size_t i = 0; i < n.outputs.size(); ++i) {
      if (n.outputs[i].empty()) continue;
      if (i >= outs.size()) ctx.fail("output " + std::to_string(i) + " ('" + n.outputs[i] + "') is not supported");
      set_output(n, n.outputs[i], outs[i]);
    }
    evaluate_if_known(n, opset);
  }

 private:
  bool has_unknown_input(const Node& n) const {
    for (const auto& in : n.inputs)
      if (!in.empty() && g_.tensor(in).dtype == DType::Undefined) return true;
    return false;
  }

  void mark_unknown(const Node& n) {
    for (const auto& o : n.outputs) {
      if (o.empty()) continue;
      auto it = g_.tensors.find(o);
      if (it == g_.tensors.end()) g_.add_tensor(Tensor(o, DType::Undefined, {}));
    }
  }

  void set_output(const Node& n, const std::string& name, OutInfo& info) {
    for (int64_t d : info.shape)
      if (d < 0) fail_node(n.name, n.op_type, "output '" + name + "' would have a negative dimension");
    int64_t count = 1;
    for (int64_t d : info.shape) {
      if (d != 0 && count > opts_.max_elements / d) count = opts_.max_elements + 1;
      else count *= d;
    }
    if (count > opts_.max_elements)
      fail_node(n.name, n.op_type, "output '" + name + "' would have more than " + std::to_string(opts_.max_elements) +
                                       " elements (shape " + shape_str(info.shape) + ")");
    auto it = g_.tensors.find(name);
    if (it == g_.tensors.end()) {
      g_.add_tensor(Tensor(name, info.dtype, info.shape));
    } else {
      if (it->second.is_constant) fail_node(n.name, n.op_type, "output '" + name + "' is also a constant");
      it->second.shape = info.shape;
      it->second.dtype = info.dtype;
    }
    if (info.value) {
      info.value->name = name;
      computed_[name] = std::move(*info.value);
    }
  }

  /// Computes the node's outputs when they feed shape computations.
  void evaluate_if_known(const Node& n, int64_t opset) {
    if (!n.domain.empty() || !kEvaluated.count(n.op_type)) return;
    std::vector<const Tensor*> args;
    for (const auto& in : n.inputs) {
      if (in.empty()) { args.push_back(nullptr); continue; }
      const Tensor* v = lookup_(in);
      if (!v || !small(*v)) return;
      args.push_back(v);
    }
    for (const auto& o : n.outputs)
      if (!o.empty() && !small(g_.tensor(o))) return;
    std::vector<Tensor> vals = eval_node_float(n, args, opset);
    for (size_t i = 0; i < n.outputs.size() && i < vals.size(); ++i) {
      if (n.outputs[i].empty()) continue;
      const Tensor& declared = g_.tensor(n.outputs[i]);
      if (vals[i].shape != declared.shape || vals[i].dtype != declared.dtype)
        fail_node(n.name, n.op_type, "evaluated output '" + n.outputs[i] + "' has shape " + shape_str(vals[i].shape) +
                                         ", the shape rule says " + shape_str(declared.shape) + " (a tinyc bug)");
      vals[i].name = n.outputs[i];
      vals[i].is_constant = true;
      computed_[n.outputs[i]] = std::move(vals[i]);
    }
  }

  Graph& g_;
  const InferOptions& opts_;
  std::map<std::string, Tensor> computed_;
  ValueLookup lookup_;
};

}  // namespace

void infer_graph(Graph& g, const InferOptions& opts) {
  Inferrer inf(g, opts);
  for (const Node& n : g.nodes) inf.run_node(n);
}

}  // namespace tinyc::shapes

namespace tinyc {

void infer_shapes(Graph& g) { shapes::infer_graph(g, shapes::InferOptions{}); }

void infer_node_shapes(Graph& g, const Node& n) {
  shapes::InferOptions opts;
  shapes::Inferrer inf(g, opts);
  inf.run_node(n);
}

}  // namespace tinyc
