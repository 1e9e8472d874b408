#include "frontend/proto_nodes.h"

#include <set>

#include "frontend/tensor_proto.h"
#include "tinyc/error.h"

namespace tinyc::frontend {

namespace {

using AP = onnx::AttributeProto;

/// The attribute's type, inferred from the field that is set when an old
/// model leaves `type` UNDEFINED.
int attr_type(const AP& a) {
  if (a.type() != AP::UNDEFINED) return a.type();
  if (a.has_f()) return AP::FLOAT;
  if (a.has_i()) return AP::INT;
  if (a.has_s()) return AP::STRING;
  if (a.has_t()) return AP::TENSOR;
  if (a.has_g()) return AP::GRAPH;
  if (a.floats_size()) return AP::FLOATS;
  if (a.strings_size()) return AP::STRINGS;
  return AP::INTS;
}

/// Converts one attribute; returns the reason when the IR cannot hold it.
std::string convert_attr(const AP& a, int64_t max_elements, Attribute* out) {
  switch (attr_type(a)) {
    case AP::FLOAT: *out = Attribute::of_float(a.f()); return "";
    case AP::INT: *out = Attribute::of_int(a.i()); return "";
    case AP::STRING: *out = Attribute::of_string(a.s()); return "";
    case AP::FLOATS: *out = Attribute::of_floats({a.floats().begin(), a.floats().end()}); return "";
    case AP::INTS: *out = Attribute::of_ints({a.ints().begin(), a.ints().end()}); return "";
    case AP::STRINGS: *out = Attribute::of_strings({a.strings().begin(), a.strings().end()}); return "";
    case AP::TENSOR:
      try {
        *out = Attribute::of_tensor(tensor_from_proto(a.t(), max_elements));
        return "";
      } catch (const Error& e) {
        return "attribute '" + a.name() + "': " + e.message();
      }
    default: return "attribute '" + a.name() + "' is a graph, sparse tensor or type, which tinyc does not support";
  }
}

}  // namespace

std::vector<ConvertedNode> convert_nodes(const onnx::GraphProto& g, int64_t max_elements) {
  std::vector<ConvertedNode> out;
  std::set<std::string> names;
  for (const auto& np : g.node())
    if (!np.name().empty()) names.insert(np.name());
  std::set<std::string> used;
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& np = g.node(i);
    ConvertedNode c;
    Node& n = c.node;
    n.op_type = np.op_type();
    n.domain = np.domain() == "ai.onnx" ? "" : np.domain();
    std::string base = np.name().empty() ? np.op_type() + "_" + std::to_string(i) : np.name();
    n.name = base;
    // Generated or repeated names get a suffix so every node has its own.
    for (int k = 1; used.count(n.name) || (np.name().empty() && names.count(n.name)); ++k)
      n.name = base + "_" + std::to_string(k);
    used.insert(n.name);
    n.inputs.assign(np.input().begin(), np.input().end());
    n.outputs.assign(np.output().begin(), np.output().end());
    for (const auto& a : np.attribute()) {
      Attribute attr;
      std::string why = convert_attr(a, max_elements, &attr);
      if (!why.empty()) c.bad_attrs.push_back(why);
      else n.attrs[a.name()] = std::move(attr);
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::map<std::string, int> declared_types(const onnx::GraphProto& g) {
  std::map<std::string, int> t;
  auto add_vi = [&t](const onnx::ValueInfoProto& v) {
    if (!v.has_type()) return;
    // Sequences, maps and optionals have no tensor element type: mark them so they are refused.
    t[v.name()] = v.type().has_tensor_type() ? v.type().tensor_type().elem_type() : -1;
  };
  for (const auto& v : g.input()) add_vi(v);
  for (const auto& v : g.output()) add_vi(v);
  for (const auto& v : g.value_info()) add_vi(v);
  for (const auto& i : g.initializer()) t[i.name()] = i.data_type();
  for (const auto& n : g.node())
    if (n.op_type() == "Constant" && n.output_size() == 1)
      for (const auto& a : n.attribute())
        if (a.name() == "value" && a.has_t()) t[n.output(0)] = a.t().data_type();
  return t;
}

}  // namespace tinyc::frontend
