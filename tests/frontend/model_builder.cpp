#include "frontend/model_builder.h"

#include <fstream>
#include <stdexcept>

namespace tinyc::test {

Attr Attr::i(const std::string& n, int64_t v) {
  Attr a{n, {}};
  a.proto.set_type(onnx::AttributeProto::INT);
  a.proto.set_i(v);
  return a;
}
Attr Attr::f(const std::string& n, float v) {
  Attr a{n, {}};
  a.proto.set_type(onnx::AttributeProto::FLOAT);
  a.proto.set_f(v);
  return a;
}
Attr Attr::s(const std::string& n, const std::string& v) {
  Attr a{n, {}};
  a.proto.set_type(onnx::AttributeProto::STRING);
  a.proto.set_s(v);
  return a;
}
Attr Attr::ints(const std::string& n, const std::vector<int64_t>& v) {
  Attr a{n, {}};
  a.proto.set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a.proto.add_ints(x);
  return a;
}
Attr Attr::floats(const std::string& n, const std::vector<float>& v) {
  Attr a{n, {}};
  a.proto.set_type(onnx::AttributeProto::FLOATS);
  for (float x : v) a.proto.add_floats(x);
  return a;
}
Attr Attr::tensor(const std::string& n, const onnx::TensorProto& t) {
  Attr a{n, {}};
  a.proto.set_type(onnx::AttributeProto::TENSOR);
  *a.proto.mutable_t() = t;
  return a;
}

ModelBuilder::ModelBuilder(int64_t opset, int64_t ir_version) {
  m_.set_ir_version(ir_version);
  m_.set_producer_name("tinyc-tests");
  m_.mutable_graph()->set_name("test");
  auto* o = m_.add_opset_import();
  o->set_domain("");
  o->set_version(opset);
}

ModelBuilder& ModelBuilder::opset(const std::string& domain, int64_t version) {
  for (auto& o : *m_.mutable_opset_import())
    if (o.domain() == domain) {
      o.set_version(version);
      return *this;
    }
  auto* o = m_.add_opset_import();
  o->set_domain(domain);
  o->set_version(version);
  return *this;
}

namespace {
void set_type(onnx::ValueInfoProto* v, const std::string& name, int elem_type, const std::vector<Dim>* dims) {
  v->set_name(name);
  auto* tt = v->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(elem_type);
  if (!dims) return;
  auto* shape = tt->mutable_shape();
  for (const Dim& d : *dims) {
    auto* dim = shape->add_dim();
    if (!d.param.empty()) dim->set_dim_param(d.param);
    else if (d.value >= 0) dim->set_dim_value(d.value);
  }
}
}  // namespace

ModelBuilder& ModelBuilder::input(const std::string& name, int elem_type, const std::vector<Dim>& dims) {
  set_type(m_.mutable_graph()->add_input(), name, elem_type, &dims);
  return *this;
}
ModelBuilder& ModelBuilder::input_without_shape(const std::string& name, int elem_type) {
  set_type(m_.mutable_graph()->add_input(), name, elem_type, nullptr);
  return *this;
}
ModelBuilder& ModelBuilder::output(const std::string& name, int elem_type) {
  set_type(m_.mutable_graph()->add_output(), name, elem_type, nullptr);
  return *this;
}
ModelBuilder& ModelBuilder::output(const std::string& name, int elem_type, const std::vector<Dim>& dims) {
  set_type(m_.mutable_graph()->add_output(), name, elem_type, &dims);
  return *this;
}
ModelBuilder& ModelBuilder::init_f32(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& v) {
  return init(f32_tensor(name, dims, v));
}
ModelBuilder& ModelBuilder::init_i64(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& v) {
  return init(i64_tensor(name, dims, v));
}
ModelBuilder& ModelBuilder::init(const onnx::TensorProto& t) {
  *m_.mutable_graph()->add_initializer() = t;
  return *this;
}
ModelBuilder& ModelBuilder::node(const std::string& op, const std::vector<std::string>& in,
                                 const std::vector<std::string>& out, const std::vector<Attr>& attrs,
                                 const std::string& name, const std::string& domain) {
  auto* n = m_.mutable_graph()->add_node();
  n->set_op_type(op);
  n->set_name(name);
  n->set_domain(domain);
  for (const auto& i : in) n->add_input(i);
  for (const auto& o : out) n->add_output(o);
  for (const auto& a : attrs) {
    auto* p = n->add_attribute();
    *p = a.proto;
    p->set_name(a.name);
  }
  return *this;
}

std::string ModelBuilder::bytes() const {
  std::string s;
  if (!m_.SerializeToString(&s)) throw std::runtime_error("cannot serialize the test model");
  return s;
}

std::string ModelBuilder::save(const std::string& path) const {
  std::ofstream f(path, std::ios::binary);
  f << bytes();
  if (!f) throw std::runtime_error("cannot write " + path);
  return path;
}

onnx::TensorProto f32_tensor(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& v) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t.add_dims(d);
  t.set_raw_data(std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
  return t;
}

onnx::TensorProto i64_tensor(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& v) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::INT64);
  for (int64_t d : dims) t.add_dims(d);
  for (int64_t x : v) t.add_int64_data(x);
  return t;
}

}  // namespace tinyc::test
