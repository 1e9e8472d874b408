// Building small ONNX models in tests, directly with the onnx protobuf classes
// (so the frontend is tested on bytes it did not write itself).
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tinyc::test {

/// An attribute for ModelBuilder::node: name plus one kind of value.
struct Attr {
  std::string name;
  onnx::AttributeProto proto;
  static Attr i(const std::string& n, int64_t v);
  static Attr f(const std::string& n, float v);
  static Attr s(const std::string& n, const std::string& v);
  static Attr ints(const std::string& n, const std::vector<int64_t>& v);
  static Attr floats(const std::string& n, const std::vector<float>& v);
  static Attr tensor(const std::string& n, const onnx::TensorProto& t);
};

/// dims: a number is a fixed dimension; a name (dim_param) is symbolic.
struct Dim {
  int64_t value = -1;
  std::string param;
  Dim(int64_t v) : value(v) {}  // NOLINT: implicit on purpose, {1, "N", 3}
  Dim(int v) : value(v) {}  // NOLINT: a literal 0 would otherwise be ambiguous with const char*
  Dim(const char* p) : param(p) {}  // NOLINT
};

class ModelBuilder {
 public:
  explicit ModelBuilder(int64_t opset = 13, int64_t ir_version = 8);

  ModelBuilder& opset(const std::string& domain, int64_t version);
  ModelBuilder& input(const std::string& name, int elem_type, const std::vector<Dim>& dims);
  ModelBuilder& input_without_shape(const std::string& name, int elem_type);
  ModelBuilder& output(const std::string& name, int elem_type = 1);
  ModelBuilder& output(const std::string& name, int elem_type, const std::vector<Dim>& dims);
  ModelBuilder& init_f32(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& v);
  ModelBuilder& init_i64(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& v);
  ModelBuilder& init(const onnx::TensorProto& t);
  ModelBuilder& node(const std::string& op, const std::vector<std::string>& in, const std::vector<std::string>& out,
                     const std::vector<Attr>& attrs = {}, const std::string& name = "", const std::string& domain = "");

  onnx::ModelProto& proto() { return m_; }
  std::string bytes() const;
  /// Writes the model to `path`; returns path.
  std::string save(const std::string& path) const;

 private:
  onnx::ModelProto m_;
};

/// A float32 TensorProto with raw_data.
onnx::TensorProto f32_tensor(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& v);
/// An int64 TensorProto in int64_data.
onnx::TensorProto i64_tensor(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& v);

}  // namespace tinyc::test
