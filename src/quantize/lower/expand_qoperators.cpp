// QOperator -> QDQ: QLinearConv, QLinearMatMul and onnxruntime's
// com.microsoft QLinear* ops become DequantizeLinear -> float op ->
// QuantizeLinear, and data-movement ops that act directly on quantized
// tensors (MaxPool or Reshape on uint8, as onnxruntime's quantizer leaves
// them) are wrapped the same way, so lower_to_int8 sees one form only.
#include <map>
#include <set>

#include "tinyc/error.h"
#include "tinyc/quantize.h"

namespace tinyc {
namespace {

class Expander {
 public:
  explicit Expander(Graph& g) : g_(g) {}

  void run() {
    old_ = std::move(g_.nodes);
    g_.nodes.clear();
    for (Node& n : old_) expand(n);
    g_.topo_sort();
  }

 private:
  // Adds DequantizeLinear(x, s, z [, axis]) and returns its float output.
  std::string dq(const Node& from, const std::string& x, const std::string& s, const std::string& z, int64_t axis = -1) {
    const std::string out = g_.unique_name(x + "_dq");
    Tensor t(out, DType::F32, g_.tensor(x).shape);
    g_.add_tensor(t);
    Node n;
    n.name = g_.unique_name(from.name + "_dq_" + x);
    n.op_type = "DequantizeLinear";
    n.inputs = {x, s, z};
    n.outputs = {out};
    if (axis >= 0) n.attrs["axis"] = Attribute::of_int(axis);
    g_.nodes.push_back(n);
    return out;
  }
  // Adds y = QuantizeLinear(yf, s, z).
  void q(const Node& from, const std::string& yf, const std::string& s, const std::string& z, const std::string& y) {
    Node n;
    n.name = g_.unique_name(from.name + "_q");
    n.op_type = "QuantizeLinear";
    n.inputs = {yf, s, z};
    n.outputs = {y};
    g_.nodes.push_back(n);
  }
  // A float twin of the int8 output y, for the op in the middle.
  std::string float_twin(const std::string& y) {
    const std::string f = g_.unique_name(y + "_float");
    g_.add_tensor(Tensor(f, DType::F32, g_.tensor(y).shape));
    return f;
  }
  Node float_op(const Node& from, const std::string& op, std::vector<std::string> ins, const std::string& out) {
    Node n;
    n.name = from.name;
    n.op_type = op;
    n.inputs = std::move(ins);
    n.outputs = {out};
    n.attrs = from.attrs;
    return n;
  }
  // Per-channel axis of a weight DequantizeLinear (only when the scale is a vector).
  int64_t axis_if_vector(const std::string& scale, int64_t axis) {
    return g_.tensor(scale).size() > 1 ? axis : -1;
  }

  void expand(Node& n) {
    const std::string& op = n.op_type;
    if (op == "QLinearConv") return qlinear_conv(n);
    if (op == "QLinearMatMul") return qlinear_binary(n, "MatMul");
    if (n.domain == "com.microsoft") {
      if (op == "QLinearAdd") return qlinear_binary(n, "Add");
      if (op == "QLinearMul") return qlinear_binary(n, "Mul");
      if (op == "QLinearAveragePool" || op == "QLinearGlobalAveragePool" || op == "QLinearSoftmax" ||
          op == "QLinearSigmoid" || op == "QLinearLeakyRelu")
        return qlinear_unary(n);
      if (op == "QLinearConcat") return qlinear_concat(n);
    }
    static const std::set<std::string> movement = {"MaxPool", "GlobalMaxPool", "Reshape", "Flatten", "Squeeze",
                                                   "Unsqueeze", "Transpose", "Slice", "Pad", "Resize", "Identity",
                                                   "Concat"};
    if (n.domain.empty() && movement.count(op) && on_quantized_data(n)) return wrap_movement(n);
    g_.nodes.push_back(n);
  }

  void qlinear_conv(const Node& n) {
    const auto& in = n.inputs;
    const std::string x = dq(n, in.at(0), in.at(1), in.at(2));
    const std::string w = dq(n, in.at(3), in.at(4), in.at(5), axis_if_vector(in.at(4), 0));
    std::vector<std::string> ins = {x, w};
    if (n.has_input(8)) {
      // Bias: int32 at scale x_scale * w_scale[c], zero point 0.
      const std::vector<float> xs = g_.tensor(in[1]).to_float(), ws = g_.tensor(in[4]).to_float();
      std::vector<float> bs;
      for (float s : ws) bs.push_back(xs.at(0) * s);
      const std::string bs_name = g_.unique_name(in[8] + "_scale");
      g_.add_tensor(Tensor::from_float(bs_name, bs.size() > 1 ? Shape{int64_t(bs.size())} : Shape{}, bs));
      const std::string bz_name = g_.unique_name(in[8] + "_zero_point");
      g_.add_tensor(Tensor::from_values(bz_name, DType::I32, bs.size() > 1 ? Shape{int64_t(bs.size())} : Shape{},
                                        std::vector<int32_t>(bs.size(), 0)));
      ins.push_back(dq(n, in[8], bs_name, bz_name, bs.size() > 1 ? 0 : -1));
    }
    const std::string& y = n.outputs.at(0);
    const std::string yf = float_twin(y);
    g_.nodes.push_back(float_op(n, "Conv", ins, yf));
    q(n, yf, in.at(6), in.at(7), y);
  }

  // QLinearMatMul / QLinearAdd / QLinearMul: (a, as, az, b, bs, bz, ys, yz).
  void qlinear_binary(const Node& n, const std::string& op) {
    const auto& in = n.inputs;
    const std::string a = dq(n, in.at(0), in.at(1), in.at(2));
    const int64_t b_axis = op == "MatMul" ? axis_if_vector(in.at(4), 1) : -1;
    const std::string b = dq(n, in.at(3), in.at(4), in.at(5), b_axis);
    const std::string& y = n.outputs.at(0);
    const std::string yf = float_twin(y);
    Node f = float_op(n, op, {a, b}, yf);
    f.domain = "";
    g_.nodes.push_back(f);
    q(n, yf, in.at(6), in.at(7), y);
  }

  // QLinearAveragePool / QLinearGlobalAveragePool / QLinearSoftmax / QLinearSigmoid /
  // QLinearLeakyRelu: (x, xs, xz, ys, yz).
  void qlinear_unary(const Node& n) {
    if (n.attr_int("channels_last", 0) != 0) fail_node(n.name, n.op_type, "channels_last=1 is not supported");
    const auto& in = n.inputs;
    const std::string x = dq(n, in.at(0), in.at(1), in.at(2));
    const std::string& y = n.outputs.at(0);
    const std::string yf = float_twin(y);
    std::string op = n.op_type.substr(std::string("QLinear").size());
    Node f = float_op(n, op, {x}, yf);
    f.domain = "";
    f.attrs.erase("channels_last");
    if (op == "Softmax") {
      // QLinearSoftmax's "opset" attribute says which Softmax semantics it follows.
      const int64_t semantics = n.attr_int("opset", 13);
      f.attrs.erase("opset");
      if (semantics < 13) f.attrs["tinyc.coerce_2d"] = Attribute::of_int(1);
    }
    g_.nodes.push_back(f);
    q(n, yf, in.at(3), in.at(4), y);
  }

  // QLinearConcat: (ys, yz, x0, x0s, x0z, x1, ...).
  void qlinear_concat(const Node& n) {
    const auto& in = n.inputs;
    std::vector<std::string> xs;
    for (size_t i = 2; i + 2 < in.size(); i += 3) xs.push_back(dq(n, in[i], in[i + 1], in[i + 2]));
    const std::string& y = n.outputs.at(0);
    const std::string yf = float_twin(y);
    Node f = float_op(n, "Concat", xs, yf);
    f.domain = "";
    g_.nodes.push_back(f);
    q(n, yf, in.at(0), in.at(1), y);
  }

  bool on_quantized_data(const Node& n) const {
    if (!n.has_input(0) || g_.is_constant(n.input(0))) return false;
    const DType t = g_.tensor(n.input(0)).dtype;
    return t == DType::I8 || t == DType::U8;
  }

  // The (scale, zero point) constants a quantized activation was made with.
  std::pair<std::string, std::string> params_of(const Node& user, const std::string& x) const {
    for (const Node& p : g_.nodes)
      for (const auto& o : p.outputs)
        if (o == x && p.op_type == "QuantizeLinear") return {p.input(1), p.input(2)};
    for (const std::vector<Node>* list : {static_cast<const std::vector<Node>*>(&g_.nodes), &old_})
      for (const Node& p : *list)
        if (p.op_type == "DequantizeLinear" && p.input(0) == x) return {p.input(1), p.input(2)};
    fail_node(user.name, user.op_type, "acts on quantized tensor '" + x + "' whose quantization parameters tinyc cannot find");
  }

  void wrap_movement(const Node& n) {
    // Every quantized data input goes through DequantizeLinear with its own parameters.
    Node f = n;
    std::pair<std::string, std::string> first;
    for (size_t i = 0; i < f.inputs.size(); ++i) {
      const std::string& x = n.inputs[i];
      if (x.empty() || g_.is_constant(x)) continue;
      const DType t = g_.tensor(x).dtype;
      if (t != DType::I8 && t != DType::U8) continue;
      const auto p = params_of(n, x);
      if (i == 0) first = p;
      f.inputs[i] = dq(n, x, p.first, p.second);
    }
    const std::string& y = n.outputs.at(0);
    const std::string yf = float_twin(y);
    f.outputs = {yf};
    for (size_t i = 1; i < n.outputs.size(); ++i) f.outputs.push_back(n.outputs[i]);
    g_.nodes.push_back(f);
    q(n, yf, first.first, first.second, y);
  }

  Graph& g_;
  std::vector<Node> old_;  ///< the nodes before expansion (still to be visited)
};

}  // namespace

void expand_qoperators(Graph& g) {
  try {
    Expander(g).run();
  } catch (const Error& e) {
    throw e.with_file(g.source_path);
  }
}

}  // namespace tinyc
