#include "qdq_builder.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "op_rules.h"
#include "params.h"
#include "weights_bias.h"
#include "tinyc/error.h"

namespace tinyc::ptq {
namespace {

class QdqBuilder {
 public:
  QdqBuilder(const Graph& g, const std::map<std::string, QuantParams>& act, bool per_channel)
      : src_(g), act_(act), per_channel_(per_channel), out_(g) {
    out_.nodes.clear();
    for (const Node& n : g.nodes) node_names_.insert(n.name);  // the model's own names stay
  }

  Graph build() {
    name_activations();
    for (const auto& x : src_.inputs)
      if (act_.count(x)) emit_qdq(x);
    for (const Node& n : src_.nodes) emit_node(n);
    out_.remove_unused_tensors();
    return std::move(out_);
  }

 private:
  struct Names {
    std::string produced;  ///< what the producer writes (Y_float for a graph output)
    std::string q, dq;     ///< QuantizeLinear / DequantizeLinear outputs
  };

  // Reserves every new name up front so that no two activations collide.
  void name_activations() {
    for (const auto& [t, _] : act_) {
      Names n;
      n.produced = t;
      if (src_.is_graph_output(t) && !is_graph_input(t)) n.produced = reserve(t + "_float");
      n.q = reserve(t + "_q");
      n.dq = src_.is_graph_output(t) && n.produced != t ? t : reserve(t + "_dq");
      names_[t] = n;
    }
  }

  bool is_graph_input(const std::string& t) const {
    return std::find(src_.inputs.begin(), src_.inputs.end(), t) != src_.inputs.end();
  }

  std::string reserve(const std::string& base) {
    std::string name = out_.unique_name(base);
    Tensor placeholder(name, DType::Undefined, {});
    out_.add_tensor(placeholder);  // replaced by the real tensor below
    return name;
  }

  Tensor& put(Tensor t) { return out_.add_tensor(std::move(t)); }

  // scale and zero point initializers named after `base`.
  std::pair<std::string, std::string> param_tensors(const std::string& base, const QuantParams& p, DType zp_type,
                                                    const Shape& channel_shape) {
    const std::string s = out_.unique_name(base + "_scale");
    put(Tensor::from_float(s, channel_shape, p.scale));
    const std::string z = out_.unique_name(base + "_zero_point");
    if (zp_type == DType::I8) {
      std::vector<int8_t> zp(p.zero_point.begin(), p.zero_point.end());
      put(Tensor::from_values(z, DType::I8, channel_shape, zp));
    } else {
      put(Tensor::from_values(z, DType::I32, channel_shape, p.zero_point));
    }
    return {s, z};
  }

  void add_node(const std::string& name, const std::string& op, std::vector<std::string> inputs,
                std::vector<std::string> outputs, int axis = -1) {
    Node n;
    n.name = unique_node_name(name);
    n.op_type = op;
    n.inputs = std::move(inputs);
    n.outputs = std::move(outputs);
    if (axis >= 0) n.attrs["axis"] = Attribute::of_int(axis);
    out_.nodes.push_back(std::move(n));
  }

  std::string unique_node_name(const std::string& base) {
    std::string name = base;
    for (int i = 1; !node_names_.insert(name).second; ++i) name = base + "_" + std::to_string(i);
    return name;
  }

  void emit_qdq(const std::string& t) {
    const Names& n = names_.at(t);
    const QuantParams& p = act_.at(t);
    const Tensor& f = src_.tensor(t);
    auto [s, z] = param_tensors(t, p, DType::I8, {});
    Tensor produced = f;
    produced.name = n.produced;
    put(produced);
    put(Tensor(n.q, DType::I8, f.shape));
    Tensor dq = f;
    dq.name = n.dq;
    put(dq);
    add_node(t + "_QuantizeLinear", "QuantizeLinear", {n.produced, s, z}, {n.q});
    add_node(t + "_DequantizeLinear", "DequantizeLinear", {n.q, s, z}, {n.dq});
  }

  // A quantized constant `c` (already holding its QuantParams) behind a
  // DequantizeLinear; returns the float tensor the consumer reads.
  std::string emit_constant_dq(const std::string& base, Tensor c, DType zp_type) {
    // The parameters live in the DequantizeLinear's inputs, as in any QDQ model.
    const QuantParams p = *c.quant;
    c.quant.reset();
    const Shape channel_shape = p.per_channel() ? Shape{static_cast<int64_t>(p.scale.size())} : Shape{};
    c.name = out_.unique_name(base + "_q");
    put(c);
    auto [s, z] = param_tensors(base, p, zp_type, channel_shape);
    const std::string dq = out_.unique_name(base + "_dq");
    Tensor f(dq, DType::F32, c.shape);
    put(f);
    add_node(base + "_DequantizeLinear", "DequantizeLinear", {c.name, s, z}, {dq}, p.per_channel() ? p.axis : -1);
    return dq;
  }

  float input_scale(const Node& n) const {
    if (!n.has_input(0) || !act_.count(n.input(0)))
      fail_node(n.name, n.op_type, "weights and bias need a quantized activation as input 0");
    return act_.at(n.input(0)).scale[0];
  }

  std::string weight(const Node& n, const std::string& w, const Tensor* bias) {
    const float s_in = input_scale(n);
    const QuantParams p = fitted_weight_params(src_, n, per_channel_, bias, s_in);
    // Shared weights are written once per distinct set of parameters.
    std::string key = w;
    for (float s : p.scale) key += "|" + std::to_string(s);
    key += "|" + std::to_string(p.axis);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    const std::string dq =
        emit_constant_dq(w, quantize_constant_i8(src_.tensor(w), p, /*symmetric=*/true), DType::I8);
    weight_params_[dq] = p;
    return cache_[key] = dq;
  }

  std::string bias(const Node& n, const Tensor& b, const std::string& w_dq) {
    return emit_constant_dq(b.name, quantize_bias_i32(b, input_scale(n), weight_params_.at(w_dq).scale), DType::I32);
  }

  std::string int8_constant(const Node& n, const Tensor& t) {
    // A Concat's constant input takes the Concat's parameters (their range
    // includes it), so that the Concat copies bytes.
    const bool concat = n.op_type == "Concat";
    const std::string& c = t.name;
    const std::string key = c + (concat ? "|" + n.outputs.at(0) : std::string());
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    QuantParams p;
    if (concat) {
      p = act_.at(n.outputs.at(0));
    } else {
      FloatRange r;
      for (float v : t.to_float()) r = {std::min(r.lo, double(v)), std::max(r.hi, double(v))};
      p = activation_params(r);
    }
    return cache_[key] = emit_constant_dq(c, quantize_constant_i8(t, p, /*symmetric=*/false), DType::I8);
  }

  // Div by a constant tensor is Mul by its reciprocal, which int8 has (a
  // scalar divisor stays: the lowering folds it into a requantization).
  bool emit_div_as_mul(const Node& src) {
    if (src.op_type != "Div" || !src.has_input(1) || !src_.is_constant(src.input(1)) || !act_.count(src.input(0)))
      return false;
    const Tensor& d = src_.tensor(src.input(1));
    if (d.dtype != DType::F32 || d.size() == 1) return false;
    std::vector<float> r = d.to_float();
    for (float& v : r) {
      if (v == 0) fail_node(src.name, src.op_type, "divides by a constant that holds 0");
      v = 1.0f / v;
    }
    Node n = src;
    n.op_type = "Mul";
    n.inputs = {names_.at(src.input(0)).dq, int8_constant(n, Tensor::from_float(src.input(1) + "_reciprocal", d.shape, r))};
    push_with_outputs(src, std::move(n));
    return true;
  }

  // Appends `n` (the rewritten `src`), its outputs renamed where a graph
  // output's name moves to its DequantizeLinear, then each output's Q/DQ pair.
  void push_with_outputs(const Node& src, Node n) {
    for (auto& y : n.outputs)
      if (act_.count(y)) y = names_.at(y).produced;
    out_.nodes.push_back(std::move(n));
    for (const auto& y : src.outputs)
      if (act_.count(y)) emit_qdq(y);
  }

  void emit_node(const Node& src) {
    if (emit_div_as_mul(src)) return;
    Node n = src;
    std::string w_dq;
    const bool weighted = src.op_type == "Conv" || src.op_type == "Gemm" || src.op_type == "MatMul";
    const std::optional<Tensor> b = weighted ? channel_bias(src_, src) : std::nullopt;
    for (size_t i = 0; i < n.inputs.size(); ++i) {
      const std::string& in = src.inputs[i];
      if (in.empty()) continue;
      if (act_.count(in)) {
        n.inputs[i] = names_.at(in).dq;
        continue;
      }
      if (!src_.is_constant(in) || src_.tensor(in).dtype != DType::F32) continue;
      switch (constant_role(src, i)) {
        case ConstantRole::Weight: n.inputs[i] = w_dq = weight(src, in, b ? &*b : nullptr); break;
        case ConstantRole::Bias:
          if (w_dq.empty()) fail_node(src.name, src.op_type, "has a constant bias but no constant weights");
          n.inputs[i] = bias(src, *b, w_dq);
          if (n.has_attr("beta")) n.attrs["beta"] = Attribute::of_float(1.0f);  // folded into the bias
          break;
        case ConstantRole::Int8: n.inputs[i] = int8_constant(src, src_.tensor(in)); break;
        case ConstantRole::Keep: break;
      }
    }
    if ((src.op_type == "Conv" || src.op_type == "Gemm") && w_dq.empty())
      fail_node(src.name, src.op_type, "weights must be a constant to be quantized to int8");
    push_with_outputs(src, std::move(n));
  }

  const Graph& src_;
  const std::map<std::string, QuantParams>& act_;
  bool per_channel_;
  Graph out_;
  std::map<std::string, Names> names_;
  std::map<std::string, std::string> cache_;             ///< constant (+ variant) -> its DequantizeLinear output
  std::map<std::string, QuantParams> weight_params_;     ///< weight DQ output -> its parameters
  std::set<std::string> node_names_;
};

}  // namespace

Graph build_qdq_graph(const Graph& g, const std::map<std::string, QuantParams>& act_params, bool per_channel_weights) {
  return QdqBuilder(g, act_params, per_channel_weights).build();
}

std::string float_graph_name(const Graph& qdq, const std::string& name) {
  for (size_t c : qdq.consumers(name)) {
    const Node& q = qdq.nodes[c];
    if (q.op_type != "QuantizeLinear" || q.outputs.empty()) continue;
    for (size_t d : qdq.consumers(q.outputs[0])) {
      const Node& dq = qdq.nodes[d];
      if (dq.op_type == "DequantizeLinear" && !dq.outputs.empty() && qdq.is_graph_output(dq.outputs[0]))
        return dq.outputs[0];
    }
  }
  return name;
}

}  // namespace tinyc::ptq
