// The int8 reference interpreter: evaluates an int8 graph node by node with
// the plain kernels of this folder.
#include <cmath>
#include <set>

#include "reference/int8/kernels.h"
#include "tinyc/error.h"
#include "tinyc/reference.h"

namespace tinyc {
namespace ref8 {

const std::map<std::string, Kernel>& kernels() {
  static const std::map<std::string, Kernel> t = [] {
    std::map<std::string, Kernel> m;
    register_conv_fc(m);
    register_elementwise(m);
    register_pool_softmax(m);
    register_movement(m);
    return m;
  }();
  return t;
}

}  // namespace ref8

std::vector<Tensor> run_int8(const Graph& g, const std::vector<Tensor>& inputs, const NodeObserver& observer) {
  if (inputs.size() != g.inputs.size())
    fail("the model takes " + std::to_string(g.inputs.size()) + " input(s), got " + std::to_string(inputs.size()), ErrorKind::Usage);
  std::map<std::string, Tensor> values;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& decl = g.tensor(g.inputs[i]);
    const Tensor& v = inputs[i];
    if (v.dtype != DType::I8) fail("input '" + decl.name + "' must be int8, got " + dtype_name(v.dtype), ErrorKind::Usage);
    if (v.size() != decl.size() || v.data.size() != decl.byte_size())
      fail("input '" + decl.name + "' must have shape " + shape_str(decl.shape) + ", got " + shape_str(v.shape), ErrorKind::Usage);
    Tensor t = decl;
    t.data = v.data;
    values[decl.name] = std::move(t);
  }
  // Last use of every value, so memory is released as the run goes.
  std::map<std::string, size_t> last_use;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const auto& in : g.nodes[i].inputs) last_use[in] = i;
  const std::set<std::string> outputs(g.outputs.begin(), g.outputs.end());

  for (size_t ni = 0; ni < g.nodes.size(); ++ni) {
    const Node& n = g.nodes[ni];
    auto k = ref8::kernels().find(n.op_type);
    if (k == ref8::kernels().end()) fail_node(n.name, n.op_type, "has no int8 reference kernel");
    std::vector<const Tensor*> in;
    for (const auto& name : n.inputs) {
      if (name.empty()) { in.push_back(nullptr); continue; }
      auto v = values.find(name);
      if (v != values.end()) in.push_back(&v->second);
      else if (g.is_constant(name)) in.push_back(&g.tensor(name));
      else throw Error("", n.name, n.op_type, "input '" + name + "' has no value", ErrorKind::Internal);
    }
    Tensor out = g.tensor(n.outputs.at(0));
    out.is_constant = false;
    out.allocate();
    k->second(g, n, in, out);
    if (observer) observer(n, std::vector<Tensor>{out});
    values[out.name] = std::move(out);
    for (const auto& name : n.inputs)
      if (!name.empty() && last_use[name] == ni && !outputs.count(name)) values.erase(name);
  }
  std::vector<Tensor> result;
  for (const auto& o : g.outputs) {
    auto v = values.find(o);
    if (v == values.end()) fail("output '" + o + "' was not computed", ErrorKind::Internal);
    result.push_back(v->second);
  }
  return result;
}

Tensor quantize_tensor(const Tensor& x, const QuantParams& q) {
  Tensor r(x.name, DType::I8, x.shape);
  r.quant = q;
  r.allocate();
  const std::vector<float> v = x.to_float();
  int8_t* d = r.ptr<int8_t>();
  for (size_t i = 0; i < v.size(); ++i) {
    // QuantizeLinear: round half to even, saturate.
    const float s = std::nearbyint(v[i] / q.scale[0]) + static_cast<float>(q.zero_point[0]);
    d[i] = static_cast<int8_t>(std::fmin(127.0f, std::fmax(-128.0f, std::isnan(s) ? 0.0f : s)));
  }
  return r;
}

Tensor dequantize_tensor(const Tensor& q, const QuantParams& p) {
  std::vector<float> v(q.size());
  const int8_t* d = q.ptr<int8_t>();
  for (size_t i = 0; i < v.size(); ++i) v[i] = p.scale[0] * static_cast<float>(d[i] - p.zero_point[0]);
  Tensor r = Tensor::from_float(q.name, q.shape, v);
  r.is_constant = false;
  return r;
}

}  // namespace tinyc
