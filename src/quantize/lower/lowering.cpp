// QDQ graph -> int8 graph: the walk over the source graph, the Q/DQ
// boundaries, graph inputs and outputs. Per-op rules live in op_*.cpp.
//
// How it works: QuantizeLinear outputs become the int8 activations (their
// parameters, uint8 shifted to int8); DequantizeLinear is transparent (its
// output *is* its int8 input, or a quantized constant); every other node is
// lowered by its op rule, which reads its inputs through activation() /
// weights() / bias() / operand() and declares its outputs with
// define_output(). Data-movement ops and ops with fixed output parameters
// produce what they must; when the model's QuantizeLinear asks for other
// parameters, that QuantizeLinear becomes a Requantize node.
#include "quantize/lower/lowering.h"

#include <algorithm>

#include "tinyc/error.h"
#include "tinyc/int8_prepare.h"

namespace tinyc::lower {

Lowering::Lowering(const Graph& src) : src_(src) {
  out_.name = src.name;
  out_.source_path = src.source_path;
  out_.opsets = src.opsets;
}

Int8Lowering Lowering::run() {
  // All unsupported nodes at once, before doing any work.
  for (const Node& n : src_.nodes) {
    if (n.op_type == "QuantizeLinear" || n.op_type == "DequantizeLinear") continue;
    if (!n.domain.empty() || !op_lowerings().count(n.op_type)) unsupported_.push_back(n.name + "' (" + n.op_type + ")");
  }
  if (!unsupported_.empty()) {
    std::string list;
    for (const auto& u : unsupported_) list += (list.empty() ? "node '" : ", node '") + u;
    fail("no int8 meaning for " + std::to_string(unsupported_.size()) + " node(s): " + list);
  }
  lower_inputs();
  for (const Node& n : src_.nodes) lower_node(n);
  lower_outputs();
  out_.topo_sort();
  out_.remove_unused_tensors();
  int8::validate_int8_graph(out_);
  Int8Lowering r;
  r.graph = std::move(out_);
  r.notes = std::move(notes_);
  for (const auto& [i8, f] : float_names_)
    if (r.graph.has_tensor(i8)) r.float_names[i8] = f;
  return r;
}

namespace {
// Ops that may sit between a float graph input and its QuantizeLinear
// (exporters put a Reshape or Transpose there): they move bytes only, so the
// input can be quantized with the parameters found behind them.
bool is_layout_op(const std::string& op) {
  return op == "Reshape" || op == "Flatten" || op == "Squeeze" || op == "Unsqueeze" || op == "Transpose";
}
}  // namespace

void Lowering::lower_inputs() {
  for (const std::string& x : src_.inputs) {
    const Tensor& t = src_.tensor(x);
    if (t.dtype != DType::F32 && t.dtype != DType::I8 && t.dtype != DType::U8)
      fail("graph input '" + x + "' has dtype " + dtype_name(t.dtype) + "; int8 models take float32, int8 or uint8 inputs");
    const bool is_float = t.dtype == DType::F32;
    const char* boundary_op = is_float ? "QuantizeLinear" : "DequantizeLinear";
    // Breadth-first through layout ops to the first Q (float input) / DQ (int8 input).
    const Node* boundary = nullptr;
    std::vector<std::string> frontier = {x};
    while (!frontier.empty() && !boundary) {
      std::vector<std::string> next;
      for (const std::string& v : frontier)
        for (size_t c : src_.consumers(v)) {
          const Node& user = src_.nodes[c];
          if (user.op_type == boundary_op) {
            if (!boundary) boundary = &user;
          } else if (is_float && is_layout_op(user.op_type) && user.input(0) == v) {
            next.push_back(user.outputs.at(0));
          } else {
            fail_node(user.name, user.op_type,
                      "reads graph input '" + x + "' directly; the int8 pipeline needs every input to enter through "
                      "QuantizeLinear (float inputs) or DequantizeLinear (int8/uint8 inputs)");
          }
        }
      frontier = std::move(next);
    }
    if (!boundary) fail("graph input '" + x + "' reaches no " + boundary_op + ": tinyc cannot tell its int8 parameters");
    Tensor in(x, DType::I8, t.shape);
    in.quant = node_qparams(src_, *boundary, /*to_int8=*/true);
    if (in.quant->per_channel()) fail("graph input '" + x + "' is quantized per channel; activations must be per tensor");
    out_.add_tensor(in);
    out_.inputs.push_back(x);
    int8_of_[x] = x;
    float_names_[x] = x;
  }
}

void Lowering::lower_node(const Node& n) {
  if (n.op_type == "DequantizeLinear") return lower_dequantize(n);
  if (n.op_type == "QuantizeLinear") return lower_quantize(n);
  op_lowerings().at(n.op_type)(*this, n);
}

void Lowering::lower_dequantize(const Node& n) {
  const std::string& x = n.input(0);
  const std::string& y = n.outputs.at(0);
  if (src_.is_constant(x)) {
    Tensor c = src_.tensor(x);
    c.quant = node_qparams(src_, n, /*to_int8=*/false);
    if (c.dtype == DType::U8) c = uint8_to_int8(c);
    if (c.dtype != DType::I8 && c.dtype != DType::I32)
      reject(n, std::string("dequantizes a ") + dtype_name(c.dtype) + " constant; int8, uint8 or int32 expected");
    qconst_[y] = std::move(c);
    return;
  }
  auto it = int8_of_.find(x);
  if (it == int8_of_.end()) reject(n, "its input '" + x + "' is not a quantized tensor tinyc can follow");
  const QuantParams p = node_qparams(src_, n, /*to_int8=*/true);
  if (p != params(it->second))
    reject(n, "dequantizes '" + x + "' with other parameters than it was quantized with");
  int8_of_[y] = it->second;
}

void Lowering::lower_quantize(const Node& n) {
  const std::string& t = n.input(0);
  const std::string& tq = n.outputs.at(0);
  if (int8_of_.count(tq)) return;  // the producer already wrote it in these parameters
  const QuantParams p = node_qparams(src_, n, /*to_int8=*/true);
  if (p.per_channel()) reject(n, "quantizes an activation per channel; activations must be per tensor");
  auto it = int8_of_.find(t);
  if (it == int8_of_.end()) reject(n, "its input '" + t + "' has no int8 value (is it a float constant?)");
  const std::string name = params(it->second) == p ? it->second : requantize(it->second, p, tq);
  int8_of_[tq] = name;
  if (!float_names_.count(name)) float_names_[name] = t;
}

void Lowering::lower_outputs() {
  for (const std::string& o : src_.outputs) {
    auto it = int8_of_.find(o);
    if (it == int8_of_.end())
      fail("graph output '" + o + "' has no int8 value: it is computed in float without QuantizeLinear");
    const std::string i8 = it->second;
    if (i8 != o) {
      const bool taken = std::find(out_.inputs.begin(), out_.inputs.end(), i8) != out_.inputs.end() ||
                         std::find(out_.outputs.begin(), out_.outputs.end(), i8) != out_.outputs.end() ||
                         out_.has_tensor(o);
      if (taken) {
        // Keep both names: a copy (an int8 Reshape to the same shape is a plain copy).
        Tensor copy = out_.tensor(i8);
        copy.name = out_.has_tensor(o) ? out_.unique_name(o) : o;
        out_.add_tensor(copy);
        Node alias;
        alias.name = out_.unique_name(o + "_copy");
        alias.op_type = "Reshape";
        alias.inputs = {i8};
        alias.outputs = {copy.name};
        out_.nodes.push_back(alias);
        out_.outputs.push_back(copy.name);
        float_names_[copy.name] = o;
        continue;
      }
      Tensor t = out_.tensor(i8);
      out_.tensors.erase(i8);
      t.name = o;
      out_.add_tensor(t);
      for (Node& n : out_.nodes) {
        for (auto& in : n.inputs) if (in == i8) in = o;
        for (auto& ou : n.outputs) if (ou == i8) ou = o;
      }
      for (auto& [k, v] : int8_of_) if (v == i8) v = o;
      if (float_names_.count(i8)) {
        float_names_[o] = float_names_[i8];
        float_names_.erase(i8);
      }
    }
    out_.outputs.push_back(o);
  }
}

const std::string& Lowering::activation(const std::string& t, const Node& user) {
  auto it = int8_of_.find(t);
  if (it == int8_of_.end()) {
    if (src_.is_constant(t) || qconst_.count(t))
      reject(user, "input '" + t + "' is a constant where an activation is expected");
    reject(user, "input '" + t + "' is a float tensor without quantization parameters (no DequantizeLinear)");
  }
  return it->second;
}

const QuantParams& Lowering::params(const std::string& int8_name) const {
  const Tensor& t = out_.tensor(int8_name);
  if (!t.quant) fail("int8 tensor '" + int8_name + "' has no quantization parameters", ErrorKind::Internal);
  return *t.quant;
}

const Tensor* Lowering::constant(const std::string& t) const {
  auto it = qconst_.find(t);
  if (it != qconst_.end()) return &it->second;
  return src_.is_constant(t) ? &src_.tensor(t) : nullptr;
}

const Node* Lowering::first_quantize_of(const std::string& y) const {
  for (size_t c : src_.consumers(y))
    if (src_.nodes[c].op_type == "QuantizeLinear") return &src_.nodes[c];
  return nullptr;
}

bool Lowering::output_params(const std::string& y, QuantParams& q) const {
  const Node* qn = first_quantize_of(y);
  if (!qn) return false;
  q = node_qparams(src_, *qn, /*to_int8=*/true);
  return true;
}

std::string Lowering::define_output(const std::string& y, const Shape& shape, const QuantParams& q) {
  const Node* qn = first_quantize_of(y);
  const bool direct = qn && node_qparams(src_, *qn, true) == q;
  std::string name = direct ? qn->outputs.at(0) : y;
  if (out_.has_tensor(name)) name = out_.unique_name(name);
  Tensor t(name, DType::I8, shape);
  t.quant = q;
  out_.add_tensor(t);
  int8_of_[y] = name;
  if (direct) int8_of_[qn->outputs.at(0)] = name;
  float_names_[name] = y;
  return name;
}

std::string Lowering::requantize(const std::string& in, const QuantParams& q, const std::string& base_name) {
  Tensor t = out_.tensor(in);
  t.name = out_.unique_name(base_name);
  t.quant = q;
  t.is_constant = false;
  t.data.clear();
  out_.add_tensor(t);
  Node n;
  n.name = out_.unique_name(base_name + "_requantize");
  n.op_type = "Requantize";
  n.domain = "tinyc";
  n.inputs = {in};
  n.outputs = {t.name};
  out_.nodes.push_back(n);
  return t.name;
}

Node& Lowering::emit(const Node& like, const std::string& op_type, std::vector<std::string> inputs,
                     std::vector<std::string> outputs) {
  Node n;
  n.name = like.name;
  for (const Node& o : out_.nodes)
    if (o.name == n.name) { n.name = out_.unique_name(like.name); break; }
  n.op_type = op_type;
  n.domain = op_type == "Requantize" ? "tinyc" : "";
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  for (const auto& [k, v] : like.attrs)
    if (k.rfind("tinyc.", 0) == 0) n.attrs[k] = v;  // fused activation travels with the node
  out_.nodes.push_back(std::move(n));
  return out_.nodes.back();
}

void Lowering::note(const Node& n, const std::string& msg) { notes_.push_back({n.name, n.op_type, msg}); }

void Lowering::reject(const Node& n, const std::string& msg) const { fail_node(n.name, n.op_type, msg); }

Int8Lowering lower_to_int8_impl(const Graph& qdq) { return Lowering(qdq).run(); }

}  // namespace tinyc::lower

namespace tinyc {

Int8Lowering lower_to_int8(const Graph& qdq) {
  try {
    return lower::lower_to_int8_impl(qdq);
  } catch (const Error& e) {
    throw e.with_file(qdq.source_path);
  }
}

bool is_quantized_model(const Graph& g) {
  for (const Node& n : g.nodes)
    if (n.op_type == "QuantizeLinear" || n.op_type == "DequantizeLinear" || n.op_type.rfind("QLinear", 0) == 0 ||
        n.op_type == "ConvInteger" || n.op_type == "MatMulInteger")
      return true;
  return false;
}

}  // namespace tinyc

namespace tinyc::lower {

QuantParams Lowering::chosen_output_params(const Node& n, const std::string& y, const QuantParams* fallback) const {
  QuantParams q;
  if (output_params(y, q)) return q;
  if (fallback) return *fallback;
  reject(n, "output '" + y + "' has no quantization parameters (no QuantizeLinear follows it)");
}

}  // namespace tinyc::lower
