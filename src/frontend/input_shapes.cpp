#include "frontend/input_shapes.h"

#include <algorithm>
#include <set>

#include "frontend/support_scan.h"
#include "frontend/tensor_proto.h"
#include "tinyc/error.h"

namespace tinyc::frontend {

namespace {

[[noreturn]] void fail_usage(const std::string& msg) { fail(msg, ErrorKind::Usage); }

/// "Nx3x32x32" with dim_params by name, "?" for unknown dims.
std::string declared_str(const onnx::TensorShapeProto& s) {
  if (s.dim_size() == 0) return "scalar";
  std::string r;
  for (int i = 0; i < s.dim_size(); ++i) {
    if (i) r += "x";
    const auto& d = s.dim(i);
    r += d.has_dim_value() ? std::to_string(d.dim_value()) : d.has_dim_param() && !d.dim_param().empty() ? d.dim_param() : "?";
  }
  return r;
}

std::string suggestion(const std::string& input, const onnx::TensorShapeProto& s) {
  std::string example;
  for (int i = 0; i < s.dim_size(); ++i) {
    if (i) example += "x";
    const auto& d = s.dim(i);
    example += d.has_dim_value() && d.dim_value() > 0 ? std::to_string(d.dim_value()) : "1";
  }
  return "give it with --shape " + input + "=" + (example.empty() ? "..." : example);
}

}  // namespace

std::map<std::string, Shape> resolve_input_shapes(onnx::GraphProto& g, const ImportOptions& opts) {
  std::set<std::string> initializers;
  for (const auto& i : g.initializer()) initializers.insert(i.name());
  std::map<std::string, Shape> out;
  std::set<std::string> params_seen;
  std::vector<std::string> input_names;

  for (const auto& vi : g.input()) {
    if (initializers.count(vi.name())) continue;
    input_names.push_back(vi.name());
    for (const auto& d : vi.type().tensor_type().shape().dim())
      if (d.has_dim_param()) params_seen.insert(d.dim_param());
  }
  // Options naming nothing are typos: say so before anything else.
  for (const auto& [name, shape] : opts.input_shapes)
    if (std::find(input_names.begin(), input_names.end(), name) == input_names.end()) {
      std::string list;
      for (const auto& n : input_names) list += (list.empty() ? "" : ", ") + n;
      fail_usage("--shape names '" + name + "', which is not an input of the model (inputs: " + list + ")");
    }
  for (const auto& [param, value] : opts.dim_values)
    if (!params_seen.count(param))
      fail_usage("--shape names '" + param + "', which is neither an input nor a symbolic dimension of the model");

  for (auto& vi : *g.mutable_input()) {
    if (initializers.count(vi.name())) continue;
    const std::string& name = vi.name();
    if (!vi.type().has_tensor_type()) fail("input '" + name + "' is not a tensor (sequence, map or optional), which tinyc does not support");
    auto* tt = vi.mutable_type()->mutable_tensor_type();
    std::string bad_type = unsupported_type_reason(tt->elem_type());
    if (tt->elem_type() == 0) bad_type = "has no element type";
    if (!bad_type.empty()) fail("input '" + name + "' " + bad_type);
    const bool declared = tt->has_shape();  // before mutable_shape(), which creates one
    auto* sp = tt->mutable_shape();

    Shape shape;
    auto given = opts.input_shapes.find(name);
    if (given != opts.input_shapes.end()) {
      shape = given->second;
      for (int64_t d : shape)
        if (d <= 0) fail_usage("--shape " + name + "=" + shape_str(shape) + " has a zero or negative dimension");
      if (declared) {
        if (sp->dim_size() != static_cast<int>(shape.size()))
          fail_usage("--shape " + name + "=" + shape_str(shape) + " has rank " + std::to_string(shape.size()) +
                     ", the model's input is " + declared_str(*sp));
        for (int i = 0; i < sp->dim_size(); ++i)
          if (sp->dim(i).has_dim_value() && sp->dim(i).dim_value() > 0 && sp->dim(i).dim_value() != shape[i])
            fail_usage("--shape " + name + "=" + shape_str(shape) + " contradicts the model's input shape " + declared_str(*sp));
      }
    } else {
      if (!declared) fail("input '" + name + "' has no declared shape: " + suggestion(name, *sp));
      for (int i = 0; i < sp->dim_size(); ++i) {
        const auto& d = sp->dim(i);
        if (d.has_dim_value()) {
          shape.push_back(d.dim_value());
          continue;
        }
        if (d.has_dim_param() && !d.dim_param().empty()) {
          auto v = opts.dim_values.find(d.dim_param());
          if (v != opts.dim_values.end()) {
            shape.push_back(v->second);
            continue;
          }
          fail("input '" + name + "' has symbolic dimension '" + d.dim_param() + "' (shape " + declared_str(*sp) +
               "): " + suggestion(name, *sp) + " or --shape " + d.dim_param() + "=1");
        }
        fail("input '" + name + "' has an unknown dimension " + std::to_string(i) + " (shape " + declared_str(*sp) +
             "): " + suggestion(name, *sp));
      }
    }
    int64_t count = 1;
    for (int64_t d : shape) {
      if (d <= 0)
        fail("input '" + name + "' has a " + (d == 0 ? "zero" : "negative") + " dimension (shape " + shape_str(shape) + ")");
      if (count > opts.max_elements / d) {
        fail("input '" + name + "' has more than " + std::to_string(opts.max_elements) + " elements (shape " +
             shape_str(shape) + ")");
      }
      count *= d;
    }
    sp->clear_dim();
    for (int64_t d : shape) sp->add_dim()->set_dim_value(d);
    out[name] = shape;
  }
  return out;
}

}  // namespace tinyc::frontend
