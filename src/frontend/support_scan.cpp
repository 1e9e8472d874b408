#include "frontend/support_scan.h"

#include "frontend/shapes/rule.h"
#include "frontend/tensor_proto.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

namespace tinyc::frontend {

std::string unsupported_type_reason(int t) {
  if (t < 0) return "is a sequence, map or optional, which tinyc does not support";
  if (t == 0) return "";  // unknown: decided later by shape inference
  DType d = dtype_from_onnx(t);
  // float16 values are read (as constant data) but never computed on.
  if (d == DType::Undefined || d == DType::F16)
    return "is " + onnx_type_name(t) + ", which tinyc does not compute in (float32 and integers)";
  return "";
}

namespace {

std::string label(const Node& n, int64_t opset) {
  std::string s = n.op_type + "-" + std::to_string(opset);
  if (!n.domain.empty()) s += " in " + n.domain;
  return s;
}

/// The first reason the node cannot be compiled, or "".
std::string node_reason(const ConvertedNode& c, int64_t opset, const std::map<std::string, int>& types, bool* unknown_op) {
  const Node& n = c.node;
  *unknown_op = false;
  std::string why;
  if (!is_supported_op(n.domain, n.op_type, opset, &why)) {
    *unknown_op = shapes::find_rule(n.domain, n.op_type) == nullptr;
    return why;
  }
  if (!c.bad_attrs.empty()) return c.bad_attrs.front();
  auto check_values = [&](const std::vector<std::string>& names, const char* role) -> std::string {
    for (const auto& v : names) {
      auto it = types.find(v);
      if (v.empty() || it == types.end()) continue;
      std::string r = unsupported_type_reason(it->second);
      if (!r.empty()) return std::string(role) + " '" + v + "' " + r;
    }
    return "";
  };
  if (std::string r = check_values(n.inputs, "input"); !r.empty()) return r;
  if (std::string r = check_values(n.outputs, "output"); !r.empty()) return r;
  const shapes::OpRule* rule = shapes::find_rule(n.domain, n.op_type);
  if (rule && rule->check) {
    try {
      return rule->check(n, opset);
    } catch (const Error& e) {  // an attribute of the wrong type
      return e.message();
    }
  }
  return "";
}

}  // namespace

std::vector<UnsupportedNode> scan_unsupported(const std::vector<ConvertedNode>& nodes,
                                          const std::map<std::string, int64_t>& opsets,
                                          const std::map<std::string, int>& types) {
  std::vector<UnsupportedNode> out;
  for (const ConvertedNode& c : nodes) {
    auto it = opsets.find(c.node.domain);
    const int64_t opset = it == opsets.end() ? 0 : it->second;
    bool unknown_op = false;
    std::string why = node_reason(c, opset, types, &unknown_op);
    if (why.empty()) continue;
    const Node& n = c.node;
    if (unknown_op)
      out.push_back({n.name, "node '" + n.name + "' (" + (n.domain.empty() ? n.op_type : label(n, opset)) + ")"});
    else
      out.push_back({n.name, "node '" + n.name + "' (" + label(n, opset) + "): " + why});
  }
  return out;
}

}  // namespace tinyc::frontend
