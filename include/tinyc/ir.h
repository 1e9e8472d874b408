// tinyc — the graph IR: one representation from import to emission.
//
// A Graph holds named tensors and a list of nodes in topological order. Node
// inputs and outputs refer to tensors by name (an empty name is an omitted
// optional input). Semantics of every node are the ONNX operator's at the
// graph's opset, in the ONNX layout (NCHW); tinyc-specific additions are
// attributes whose names start with "tinyc." (see docs/ir.md):
//
//   tinyc.activation = "Relu" | "Clip"   a fused activation applied to the output
//   tinyc.act_min, tinyc.act_max          its float bounds (Relu: 0, +inf)
//
// Tensors carry a concrete shape (symbolic dimensions are resolved at import),
// a dtype, optional quantization parameters, and, for constants, their data.
// A float graph has F32 activations (possibly with QuantizeLinear /
// DequantizeLinear nodes: "QDQ form"); an int8 graph (see quantize.h) has I8
// activations each with QuantParams, I8 weights and I32 biases.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tinyc {

enum class DType : uint8_t { Undefined, F32, F64, F16, I8, U8, I16, U16, I32, I64, Bool };

/// Bytes per element (0 for Undefined).
size_t dtype_size(DType t);
/// "float32", "int8", ... (the numpy names).
const char* dtype_name(DType t);
/// ONNX TensorProto.DataType code <-> DType (Undefined when tinyc has no such type).
DType dtype_from_onnx(int onnx_type);
int dtype_to_onnx(DType t);

using Shape = std::vector<int64_t>;
/// Product of dimensions (1 for a scalar).
int64_t num_elements(const Shape& s);
/// "1x3x32x32" ("scalar" for rank 0).
std::string shape_str(const Shape& s);

/// Affine quantization: real = scale * (q - zero_point).
/// One entry: per tensor. Several: per channel along `axis`.
struct QuantParams {
  std::vector<float> scale;
  std::vector<int32_t> zero_point;
  int axis = 0;
  bool per_channel() const { return scale.size() > 1; }
  bool operator==(const QuantParams& o) const {
    return scale == o.scale && zero_point == o.zero_point && (!per_channel() || axis == o.axis);
  }
  bool operator!=(const QuantParams& o) const { return !(*this == o); }
};

struct Tensor {
  std::string name;
  DType dtype = DType::F32;
  Shape shape;
  std::optional<QuantParams> quant;
  bool is_constant = false;
  std::vector<uint8_t> data;  ///< constant or runtime values: little-endian, row-major

  Tensor() = default;
  Tensor(std::string n, DType t, Shape s) : name(std::move(n)), dtype(t), shape(std::move(s)) {}

  int64_t size() const { return num_elements(shape); }
  size_t byte_size() const { return static_cast<size_t>(size()) * dtype_size(dtype); }
  /// Allocates zeroed data for the shape and dtype.
  void allocate() { data.assign(byte_size(), 0); }

  template <class T> T* ptr() { return reinterpret_cast<T*>(data.data()); }
  template <class T> const T* ptr() const { return reinterpret_cast<const T*>(data.data()); }

  /// Values converted to float / int64 whatever the dtype (Bool as 0/1).
  std::vector<float> to_float() const;
  std::vector<int64_t> to_int64() const;

  /// Constant tensors from host values.
  static Tensor from_float(std::string name, Shape shape, const std::vector<float>& v);
  static Tensor from_int64(std::string name, Shape shape, const std::vector<int64_t>& v);
  template <class T>
  static Tensor from_values(std::string name, DType t, Shape shape, const std::vector<T>& v) {
    Tensor r(std::move(name), t, std::move(shape));
    r.is_constant = true;
    r.data.resize(v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(r.data.data(), v.data(), r.data.size());
    return r;
  }
};

struct Attribute {
  /// Tensor: a constant tensor value (ONNX TENSOR attributes, e.g. ConstantOfShape's
  /// `value`, whose dtype decides the output's dtype).
  enum class Kind { Int, Float, String, Ints, Floats, Strings, Tensor };
  Kind kind = Kind::Int;
  int64_t i = 0;
  float f = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<float> floats;
  std::vector<std::string> strings;
  tinyc::Tensor t;  ///< Kind::Tensor only

  static Attribute of_int(int64_t v);
  static Attribute of_float(float v);
  static Attribute of_string(std::string v);
  static Attribute of_ints(std::vector<int64_t> v);
  static Attribute of_floats(std::vector<float> v);
  static Attribute of_strings(std::vector<std::string> v);
  static Attribute of_tensor(tinyc::Tensor v) {
    Attribute a;
    a.kind = Kind::Tensor;
    a.t = std::move(v);
    return a;
  }
};

struct Node {
  std::string name;
  std::string op_type;
  std::string domain;  ///< "" for the default ONNX domain, "com.microsoft", ...
  std::vector<std::string> inputs;   ///< "" marks an omitted optional input
  std::vector<std::string> outputs;
  std::map<std::string, Attribute> attrs;

  bool has_attr(const std::string& k) const { return attrs.count(k) != 0; }
  int64_t attr_int(const std::string& k, int64_t dflt) const;
  float attr_float(const std::string& k, float dflt) const;
  std::string attr_string(const std::string& k, const std::string& dflt) const;
  std::vector<int64_t> attr_ints(const std::string& k, const std::vector<int64_t>& dflt = {}) const;
  std::vector<float> attr_floats(const std::string& k, const std::vector<float>& dflt = {}) const;

  /// The i-th input name, or "" when absent.
  const std::string& input(size_t i) const;
  bool has_input(size_t i) const { return i < inputs.size() && !inputs[i].empty(); }
  /// "op 'name'" for messages.
  std::string describe() const;
};

struct Graph {
  std::string name;
  std::string source_path;                 ///< the file it came from, for messages
  std::map<std::string, int64_t> opsets;   ///< domain -> version ("" is ai.onnx)
  std::vector<std::string> inputs;         ///< graph inputs (never constants)
  std::vector<std::string> outputs;
  std::map<std::string, Tensor> tensors;   ///< every value by name
  std::vector<Node> nodes;                 ///< topological order

  int64_t opset(const std::string& domain = "") const;

  bool has_tensor(const std::string& n) const { return tensors.count(n) != 0; }
  Tensor& tensor(const std::string& n);              ///< throws Error when missing
  const Tensor& tensor(const std::string& n) const;
  bool is_constant(const std::string& n) const;
  /// Adds (or replaces) a tensor, returns a reference to it.
  Tensor& add_tensor(Tensor t);

  /// Index of the node producing `n`, or -1 (graph input, constant, or unknown).
  int producer(const std::string& n) const;
  /// Indices of nodes reading `n`.
  std::vector<size_t> consumers(const std::string& n) const;
  bool is_graph_output(const std::string& n) const;

  /// A tensor or node name not used yet, built from `base`.
  std::string unique_name(const std::string& base) const;

  /// Reorders nodes topologically (stable). Throws Error naming a node on a cycle
  /// or on an input that nothing produces.
  void topo_sort();
  /// Drops tensors that no node, input or output refers to.
  void remove_unused_tensors();
};

}  // namespace tinyc
