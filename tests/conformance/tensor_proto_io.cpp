// TensorProto and ModelProto reading for the conformance tests (see tensor_proto_io.h).
#include "conformance/tensor_proto_io.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace tinyc::conformance {
namespace {

bool read_bytes(const std::string& path, std::string& bytes) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  bytes = ss.str();
  return true;
}

template <class Src, class Dst>
void copy_as(const Src& field, Tensor& t) {
  t.data.resize(static_cast<size_t>(field.size()) * sizeof(Dst));
  for (int i = 0; i < field.size(); ++i) {
    const Dst v = static_cast<Dst>(field.Get(i));
    std::memcpy(t.data.data() + static_cast<size_t>(i) * sizeof(Dst), &v, sizeof(Dst));
  }
}

}  // namespace

bool load_tensor_proto(const std::string& path, Tensor& out, std::string& why) {
  std::string bytes;
  onnx::TensorProto p;
  if (!read_bytes(path, bytes) || !p.ParseFromString(bytes)) {
    why = "cannot read " + path;
    return false;
  }
  const DType dt = dtype_from_onnx(p.data_type());
  if (dt == DType::Undefined) {
    why = "element type " + std::to_string(p.data_type()) + " has no tinyc dtype";
    return false;
  }
  // Sequence and optional test data parse as a TensorProto too, with nonsense
  // dimensions: refuse anything that is not a plausible tensor.
  int64_t count = 1;
  for (int64_t d : p.dims()) {
    if (d < 0 || (d > 0 && count > (int64_t{1} << 31) / d)) {
      why = path + " is not a tensor of a sensible shape";
      return false;
    }
    count *= d;
  }
  out = Tensor(p.name(), dt, Shape(p.dims().begin(), p.dims().end()));
  if (p.has_raw_data()) {
    out.data.assign(p.raw_data().begin(), p.raw_data().end());  // little-endian, as on this host
  } else {
    switch (dt) {
      case DType::F32: copy_as<decltype(p.float_data()), float>(p.float_data(), out); break;
      case DType::F64: copy_as<decltype(p.double_data()), double>(p.double_data(), out); break;
      case DType::I64: copy_as<decltype(p.int64_data()), int64_t>(p.int64_data(), out); break;
      case DType::I32: copy_as<decltype(p.int32_data()), int32_t>(p.int32_data(), out); break;
      case DType::I16: copy_as<decltype(p.int32_data()), int16_t>(p.int32_data(), out); break;
      case DType::U16:
      case DType::F16: copy_as<decltype(p.int32_data()), uint16_t>(p.int32_data(), out); break;
      case DType::I8: copy_as<decltype(p.int32_data()), int8_t>(p.int32_data(), out); break;
      case DType::U8:
      case DType::Bool: copy_as<decltype(p.int32_data()), uint8_t>(p.int32_data(), out); break;
      case DType::Undefined: break;
    }
  }
  if (out.data.size() != out.byte_size()) {
    why = path + ": " + std::to_string(out.data.size()) + " bytes for shape " + shape_str(out.shape);
    return false;
  }
  return true;
}

bool read_model_summary(const std::string& path, ModelSummary& out, std::string& why) {
  std::string bytes;
  onnx::ModelProto m;
  if (!read_bytes(path, bytes) || !m.ParseFromString(bytes)) {
    why = "cannot read " + path;
    return false;
  }
  std::set<std::string> inits;
  for (const auto& t : m.graph().initializer()) inits.insert(t.name());
  out = ModelSummary();
  for (const auto& v : m.graph().input())
    if (!inits.count(v.name())) out.inputs.push_back(v.name());
  for (const auto& v : m.graph().output()) out.outputs.push_back(v.name());
  for (const auto& n : m.graph().node()) {
    const std::string d = n.domain() == "ai.onnx" ? std::string() : n.domain();
    out.ops.push_back(d.empty() ? n.op_type() : d + ":" + n.op_type());
  }
  return true;
}

std::string model_with_constant_inputs(const std::string& path, const std::vector<Tensor>& values) {
  std::string bytes;
  onnx::ModelProto m;
  if (!read_bytes(path, bytes) || !m.ParseFromString(bytes)) return "";
  onnx::GraphProto* g = m.mutable_graph();
  for (const Tensor& v : values) {
    onnx::TensorProto* t = g->add_initializer();
    t->set_name(v.name);
    t->set_data_type(dtype_to_onnx(v.dtype));
    for (int64_t d : v.shape) t->add_dims(d);
    t->set_raw_data(std::string(v.data.begin(), v.data.end()));
    // Drop it from the graph inputs (IR 4+ keeps initializers out of them).
    auto* in = g->mutable_input();
    for (int i = 0; i < in->size(); ++i)
      if (in->Get(i).name() == v.name) {
        in->DeleteSubrange(i, 1);
        break;
      }
  }
  if (m.ir_version() < 4) m.set_ir_version(4);
  return m.SerializeAsString();
}

}  // namespace tinyc::conformance
