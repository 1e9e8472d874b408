// upgrade_opset: rewriting nodes into their opset-13 form. Only the ops whose
// interface changed between opset 7 and 13 need it; every other supported op
// means the same at 13.
#include <map>

#include "frontend/export/export_steps.h"
#include "tinyc/error.h"

namespace tinyc::frontend {

namespace {

struct Upgrader {
  Graph& g;
  int64_t from, to;
  std::vector<Node> out;

  std::string add_ints(const Node& n, const std::string& what, const std::vector<int64_t>& v) {
    std::string name = g.unique_name(n.name + "_" + what);
    g.add_tensor(Tensor::from_int64(name, {static_cast<int64_t>(v.size())}, v));
    return name;
  }
  std::string add_float(const Node& n, const std::string& what, const std::vector<float>& v, Shape s) {
    std::string name = g.unique_name(n.name + "_" + what);
    g.add_tensor(Tensor::from_float(name, std::move(s), v));
    return name;
  }
  /// Moves an ints attribute into input `index` (padding skipped inputs with "").
  void attr_to_input(Node& n, const std::string& attr, size_t index) {
    if (!n.has_attr(attr)) return;
    std::string t = add_ints(n, attr, n.attr_ints(attr));
    n.attrs.erase(attr);
    if (n.inputs.size() <= index) n.inputs.resize(index + 1);
    n.inputs[index] = t;
  }
  /// Clip-6..10 min/max attributes -> optional scalar inputs.
  void clip(Node& n) {
    if (from >= 11) return;
    const bool lo = n.has_attr("min"), hi = n.has_attr("max");
    if (lo) n.inputs.push_back(add_float(n, "min", {n.attr_float("min", 0)}, {}));
    if (hi) {
      if (!lo) n.inputs.push_back("");
      n.inputs.push_back(add_float(n, "max", {n.attr_float("max", 0)}, {}));
    }
    n.attrs.erase("min");
    n.attrs.erase("max");
  }
  void pad(Node& n) {
    if (from >= 11) return;
    n.inputs.push_back(add_ints(n, "pads", n.attr_ints("pads")));
    if (n.has_attr("value")) n.inputs.push_back(add_float(n, "value", {n.attr_float("value", 0)}, {}));
    n.attrs.erase("pads");
    n.attrs.erase("value");
  }
  void slice(Node& n) {
    if (from >= 10) return;
    attr_to_input(n, "starts", 1);
    attr_to_input(n, "ends", 2);
    attr_to_input(n, "axes", 3);
  }
  void axes_input(Node& n) {
    if (from < 13) attr_to_input(n, "axes", 1);
  }
  void dropout(Node& n) { n.attrs.erase("ratio"); }            // an input from 12; inference ignores it
  void batchnorm(Node& n) { n.attrs.erase("spatial"); }        // only spatial=1 is imported

  /// Softmax before 13 normalises over all dimensions from `axis` on (as a 2-D
  /// matrix); from 13 over `axis` only. Equal when axis is the last dimension;
  /// otherwise Reshape to 2-D, Softmax, Reshape back.
  void softmax(Node& n) {
    if (from >= 13) return;
    const Shape& x = g.tensor(n.inputs.at(0)).shape;
    const int64_t r = static_cast<int64_t>(x.size());
    int64_t axis = n.attr_int("axis", 1);
    if (axis < 0) axis += r;
    if (axis == r - 1) {
      n.attrs["axis"] = Attribute::of_int(-1);
      out.push_back(std::move(n));
      return;
    }
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < r; ++i) (i < axis ? outer : inner) *= x[i];
    const std::string y = n.outputs.at(0);
    Tensor flat(g.unique_name(y + "_2d"), g.tensor(y).dtype, {outer, inner});
    Tensor soft(g.unique_name(y + "_2d_softmax"), flat.dtype, flat.shape);
    g.add_tensor(flat);
    g.add_tensor(soft);
    Node to2d, back;
    to2d.name = g.unique_name(n.name + "_to_2d");
    to2d.op_type = back.op_type = "Reshape";
    to2d.inputs = {n.inputs[0], add_ints(n, "shape_2d", {outer, inner})};
    to2d.outputs = {flat.name};
    back.name = g.unique_name(n.name + "_back");
    back.inputs = {soft.name, add_ints(n, "shape_nd", x)};
    back.outputs = {y};
    n.inputs = {flat.name};
    n.outputs = {soft.name};
    n.attrs["axis"] = Attribute::of_int(-1);
    out.push_back(std::move(to2d));
    out.push_back(std::move(n));
    out.push_back(std::move(back));
  }

  /// Upsample (nearest: output pixel i reads input floor(i / scale)) and
  /// Resize-10 become Resize-13 with asymmetric coordinates and floor rounding.
  void resize(Node& n) {
    std::string scales;
    if (n.op_type == "Upsample" && from < 9) {
      std::vector<float> s = n.attr_floats("scales");
      scales = add_float(n, "scales", s, {static_cast<int64_t>(s.size())});
      n.attrs.erase("scales");
    } else if (n.op_type == "Upsample" || from < 11) {
      scales = n.inputs.at(1);
    } else {
      return;  // already Resize-11+
    }
    n.op_type = "Resize";
    n.inputs = {n.inputs.at(0), "", scales};
    n.attrs["coordinate_transformation_mode"] = Attribute::of_string("asymmetric");
    n.attrs["nearest_mode"] = Attribute::of_string("floor");
  }

  using Rewrite = void (Upgrader::*)(Node&);
  /// The ops whose form changed before opset 13. Softmax emits its own nodes.
  static const std::map<std::string, Rewrite>& rewrites() {
    static const std::map<std::string, Rewrite> t = {
        {"Clip", &Upgrader::clip},           {"Pad", &Upgrader::pad},
        {"Slice", &Upgrader::slice},         {"Squeeze", &Upgrader::axes_input},
        {"Unsqueeze", &Upgrader::axes_input}, {"Upsample", &Upgrader::resize},
        {"Resize", &Upgrader::resize},       {"Dropout", &Upgrader::dropout},
        {"BatchNormalization", &Upgrader::batchnorm},
    };
    return t;
  }

  void run() {
    const std::vector<Node> nodes = std::move(g.nodes);
    for (Node n : nodes) {
      if (n.domain.empty() && n.op_type == "Softmax") {
        softmax(n);
        continue;
      }
      auto it = n.domain.empty() ? rewrites().find(n.op_type) : rewrites().end();
      if (it != rewrites().end()) (this->*(it->second))(n);
      out.push_back(std::move(n));
    }
    g.nodes = std::move(out);
    g.opsets[""] = to;
  }
};

}  // namespace

void upgrade_opset(Graph& g, int64_t target) {
  const int64_t from = g.opset("");
  if (target > 13) fail("upgrade_opset goes to opset 13 at most", ErrorKind::Internal);
  if (from >= target) return;
  Upgrader{g, from, target, {}}.run();
}

}  // namespace tinyc::frontend
