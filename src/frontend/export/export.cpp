// export_onnx: Graph -> ModelProto -> file (atomically). Constants become
// initializers, intermediate shapes become value_info, fused activations are
// unfused, and QDQ graphs are raised to opset 13 (per-axis quantization).
#include <onnx/onnx_pb.h>

#include <set>

#include "frontend/export/export_steps.h"
#include "frontend/tensor_proto.h"
#include "npy/atomic_file.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

namespace tinyc {

namespace {

void set_value_info(onnx::ValueInfoProto* vi, const Tensor& t) {
  vi->set_name(t.name);
  auto* tt = vi->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(dtype_to_onnx(t.dtype));
  auto* shape = tt->mutable_shape();
  for (int64_t d : t.shape) shape->add_dim()->set_dim_value(d);
}

void set_attribute(onnx::AttributeProto* a, const std::string& name, const Attribute& v) {
  using AP = onnx::AttributeProto;
  a->set_name(name);
  switch (v.kind) {
    case Attribute::Kind::Int: a->set_type(AP::INT); a->set_i(v.i); break;
    case Attribute::Kind::Float: a->set_type(AP::FLOAT); a->set_f(v.f); break;
    case Attribute::Kind::String: a->set_type(AP::STRING); a->set_s(v.s); break;
    case Attribute::Kind::Ints: a->set_type(AP::INTS); for (int64_t x : v.ints) a->add_ints(x); break;
    case Attribute::Kind::Floats: a->set_type(AP::FLOATS); for (float x : v.floats) a->add_floats(x); break;
    case Attribute::Kind::Strings: a->set_type(AP::STRINGS); for (const auto& x : v.strings) a->add_strings(x); break;
    case Attribute::Kind::Tensor: a->set_type(AP::TENSOR); frontend::tensor_to_proto(v.t, a->mutable_t()); break;
  }
}

/// The IR version matching an opset (onnx's release table): 8 up to opset 18,
/// 9 for 19-20, 10 from 21.
int64_t ir_version_for(int64_t opset) { return opset <= 18 ? 8 : opset <= 20 ? 9 : 10; }

bool has_qdq(const Graph& g) {
  for (const Node& n : g.nodes)
    if (n.domain.empty() && (n.op_type == "QuantizeLinear" || n.op_type == "DequantizeLinear")) return true;
  return false;
}

onnx::ModelProto to_model(Graph g) {
  for (const auto& [name, t] : g.tensors)
    if (t.quant)
      fail("tensor '" + name + "' carries int8 quantization parameters: export_onnx writes float and QDQ graphs",
           ErrorKind::Internal);
  frontend::unfuse_activations(g);
  // QuantizeLinear/DequantizeLinear exist from opset 10 and take per-axis
  // parameters from 13: QDQ graphs are written at 13 or later.
  if (has_qdq(g) && g.opset("") < 13) frontend::upgrade_opset(g, 13);

  onnx::ModelProto m;
  m.set_ir_version(ir_version_for(g.opset("")));
  m.set_producer_name("tinyc");
  m.set_producer_version(TINYC_VERSION);
  for (const auto& [domain, version] : g.opsets) {
    auto* o = m.add_opset_import();
    o->set_domain(domain);
    o->set_version(version);
  }
  onnx::GraphProto* gp = m.mutable_graph();
  gp->set_name(g.name.empty() ? "tinyc" : g.name);

  std::set<std::string> used(g.outputs.begin(), g.outputs.end());
  for (const Node& n : g.nodes) used.insert(n.inputs.begin(), n.inputs.end());
  for (const auto& in : g.inputs) set_value_info(gp->add_input(), g.tensor(in));
  for (const auto& [name, t] : g.tensors)
    if (t.is_constant && used.count(name)) frontend::tensor_to_proto(t, gp->add_initializer());
  for (const Node& n : g.nodes) {
    auto* np = gp->add_node();
    np->set_name(n.name);
    np->set_op_type(n.op_type);
    if (!n.domain.empty()) np->set_domain(n.domain);
    for (const auto& i : n.inputs) np->add_input(i);
    for (const auto& o : n.outputs) np->add_output(o);
    for (const auto& [name, a] : n.attrs) set_attribute(np->add_attribute(), name, a);
    for (const auto& o : n.outputs) {
      if (o.empty() || g.is_graph_output(o)) continue;
      const Tensor& t = g.tensor(o);
      if (t.dtype != DType::Undefined) set_value_info(gp->add_value_info(), t);
    }
  }
  for (const auto& out : g.outputs) set_value_info(gp->add_output(), g.tensor(out));
  return m;
}

}  // namespace

void export_onnx(const Graph& g, const std::string& path) {
  std::string bytes;
  try {
    onnx::ModelProto m = to_model(g);
    if (!m.SerializeToString(&bytes)) fail("the model is too large to serialize (2 GB protobuf limit)");
  } catch (const Error& e) {
    throw e.with_file(path);
  }
  write_file_atomically(path, bytes);
}

}  // namespace tinyc
