// dump_ir: the graph as readable, stable text (the form pass tests compare).
//
//   graph NAME (opset 13[, com.microsoft 1])
//     input  %x : f32[1,1,8,8]
//     const  %w : f32[8,1,3,3]  (72 values)        more than 8 values: a count
//     const  %s : i64[2] = [1, 64]                  up to 8 values: the values
//     %c : f32[1,8,8,8] = Conv(%x, %w, _) {group=1, kernel_shape=[3,3]}  # node conv1
//     output %c
//
// Tensors print as dtype[dims] plus q(s=..., z=...) or q(axis=A, N scales)
// when quantized; "_" is an omitted optional input or output; attributes are
// sorted by name; floats print with 6 significant digits and always look like
// floats (0.0, 1e-05, inf) so that they read apart from ints.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "tinyc/passes.h"

namespace tinyc {
namespace {

constexpr int64_t kMaxValuesShown = 8;

const char* short_dtype(DType t) {
  switch (t) {
    case DType::F32: return "f32";
    case DType::F64: return "f64";
    case DType::F16: return "f16";
    case DType::I8: return "i8";
    case DType::U8: return "u8";
    case DType::I16: return "i16";
    case DType::U16: return "u16";
    case DType::I32: return "i32";
    case DType::I64: return "i64";
    case DType::Bool: return "bool";
    case DType::Undefined: break;
  }
  return "?";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// A float that cannot be mistaken for an int: "0.0", "2.5", "1e-05", "inf".
std::string float_text(float v) {
  std::string s = number(v);
  if (s.find_first_of(".eni") == std::string::npos) s += ".0";
  return s;
}

template <class T, class F>
std::string list(const std::vector<T>& v, F fmt, const char* sep = ",") {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + fmt(v[i]);
  return s + "]";
}

std::string quoted(const std::string& s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') r += '\\';
    r += c;
  }
  return r + "\"";
}

std::string type_text(const Tensor& t) {
  std::string s = short_dtype(t.dtype) + list(t.shape, [](int64_t d) { return std::to_string(d); });
  if (!t.quant || t.quant->scale.empty()) return s;
  const QuantParams& q = *t.quant;
  if (q.per_channel()) return s + " q(axis=" + std::to_string(q.axis) + ", " + std::to_string(q.scale.size()) + " scales)";
  return s + " q(s=" + number(q.scale[0]) + ", z=" + std::to_string(q.zero_point.empty() ? 0 : q.zero_point[0]) + ")";
}

std::string value_name(const Graph& g, const std::string& name) {
  if (name.empty()) return "_";
  auto it = g.tensors.find(name);
  return "%" + name + (it == g.tensors.end() ? "" : " : " + type_text(it->second));
}

std::string values_text(const Tensor& t) {
  if (t.size() > kMaxValuesShown || t.data.size() < t.byte_size()) return "  (" + std::to_string(t.size()) + " values)";
  const bool is_float = t.dtype == DType::F32 || t.dtype == DType::F64 || t.dtype == DType::F16;
  std::vector<std::string> v;
  if (is_float) {
    for (float f : t.to_float()) v.push_back(number(f));
  } else {
    for (int64_t i : t.to_int64()) v.push_back(std::to_string(i));
  }
  if (t.shape.empty() && v.size() == 1) return " = " + v[0];
  return " = " + list(v, [](const std::string& s) { return s; }, ", ");
}

std::string attr_text(const Attribute& a) {
  auto ints = [](int64_t i) { return std::to_string(i); };
  switch (a.kind) {
    case Attribute::Kind::Int: return std::to_string(a.i);
    case Attribute::Kind::Float: return float_text(a.f);
    case Attribute::Kind::String: return quoted(a.s);
    case Attribute::Kind::Ints: return list(a.ints, ints);
    case Attribute::Kind::Floats: return list(a.floats, float_text);
    case Attribute::Kind::Strings: return list(a.strings, quoted);
    case Attribute::Kind::Tensor: return "tensor(" + type_text(a.t) + values_text(a.t) + ")";
  }
  return "?";
}

std::string node_text(const Graph& g, const Node& n) {
  std::string s;
  for (size_t i = 0; i < n.outputs.size(); ++i) s += (i ? ", " : "") + value_name(g, n.outputs[i]);
  s += " = " + (n.domain.empty() ? "" : n.domain + ".") + n.op_type + "(";
  for (size_t i = 0; i < n.inputs.size(); ++i) s += (i ? ", " : "") + (n.inputs[i].empty() ? "_" : "%" + n.inputs[i]);
  s += ")";
  if (!n.attrs.empty()) {
    std::string attrs;
    for (const auto& [k, a] : n.attrs) attrs += (attrs.empty() ? "" : ", ") + k + "=" + attr_text(a);
    s += " {" + attrs + "}";
  }
  if (!n.name.empty()) s += "  # node " + n.name;
  return s;
}

}  // namespace

std::string dump_ir(const Graph& g) {
  std::ostringstream out;
  out << "graph " << (g.name.empty() ? "_" : g.name) << " (opset " << g.opset();
  for (const auto& [domain, version] : g.opsets)
    if (!domain.empty()) out << ", " << domain << " " << version;
  out << ")\n";
  for (const auto& in : g.inputs) out << "  input  " << value_name(g, in) << "\n";
  for (const auto& [name, t] : g.tensors)
    if (t.is_constant) out << "  const  " << value_name(g, name) << values_text(t) << "\n";
  for (const Node& n : g.nodes) out << "  " << node_text(g, n) << "\n";
  for (const auto& o : g.outputs) out << "  output %" << o << "\n";
  return out.str();
}

}  // namespace tinyc
