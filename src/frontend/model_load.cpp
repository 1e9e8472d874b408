#include "frontend/model_load.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <climits>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

namespace fs = std::filesystem;

namespace tinyc::frontend {

std::string read_model_file(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path, "", "", "no such file");
  if (fs::is_directory(path, ec)) throw Error(path, "", "", "is a folder, not a model file");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "", "", "cannot open the file for reading");
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw Error(path, "", "", "cannot read the file");
  return ss.str();
}

onnx::ModelProto parse_model(const std::string& bytes) {
  if (bytes.empty()) fail("empty file, not an ONNX model");
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    fail("file is larger than 2 GB, the protobuf limit: store the weights as external data");
  onnx::ModelProto m;
  google::protobuf::io::ArrayInputStream raw(bytes.data(), static_cast<int>(bytes.size()));
  google::protobuf::io::CodedInputStream in(&raw);
  // The default limit (64 MB) would refuse larger models; the whole buffer is already in memory.
  in.SetTotalBytesLimit(INT_MAX);
  if (!m.ParseFromCodedStream(&in) || !in.ConsumedEntireMessage())
    fail("not an ONNX model: the protobuf is malformed or truncated");
  // Random bytes can happen to parse as an (almost) empty protobuf message.
  if (!m.has_graph()) fail("not an ONNX model: it has no graph");
  if (m.ir_version() <= 0) fail("not an ONNX model: ir_version is missing");
  return m;
}

namespace {

/// Where an external tensor's bytes are, from its key/value list.
struct ExternalRef {
  std::string location;
  uint64_t offset = 0;
  bool has_length = false;
  uint64_t length = 0;
};

uint64_t parse_size(const std::string& tensor, const std::string& key, const std::string& v) {
  if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos)
    fail("tensor '" + tensor + "': external data " + key + " '" + v + "' is not a non-negative integer");
  return std::stoull(v);
}

ExternalRef parse_ref(const onnx::TensorProto& t) {
  ExternalRef r;
  for (const auto& kv : t.external_data()) {
    if (kv.key() == "location") r.location = kv.value();
    else if (kv.key() == "offset") r.offset = parse_size(t.name(), "offset", kv.value());
    else if (kv.key() == "length") { r.length = parse_size(t.name(), "length", kv.value()); r.has_length = true; }
  }
  if (r.location.empty()) fail("tensor '" + t.name() + "': external data has no location");
  return r;
}

/// The file `location` names, checked to stay inside `base` (already canonical).
fs::path resolve_inside(const std::string& tensor, const fs::path& base, const std::string& location) {
  fs::path rel(location);
  if (rel.is_absolute() || location[0] == '/' || location[0] == '\\')
    fail("tensor '" + tensor + "': external data location '" + location + "' is an absolute path; it must be relative to the model's folder");
  for (const auto& part : rel)
    if (part == "..")
      fail("tensor '" + tensor + "': external data location '" + location + "' leaves the model's folder");
  std::error_code ec;
  fs::path full = fs::canonical(base / rel, ec);  // follows symlinks
  if (ec) fail("tensor '" + tensor + "': external data file '" + location + "' cannot be opened: " + ec.message());
  auto b = base.begin(), f = full.begin();
  for (; b != base.end(); ++b, ++f)
    if (f == full.end() || *f != *b)
      fail("tensor '" + tensor + "': external data location '" + location + "' resolves outside the model's folder (symlink)");
  if (!fs::is_regular_file(full, ec))
    fail("tensor '" + tensor + "': external data location '" + location + "' is not a regular file");
  return full;
}

void load_one(onnx::TensorProto& t, const fs::path& base) {
  ExternalRef r = parse_ref(t);
  fs::path file = resolve_inside(t.name(), base, r.location);
  std::error_code ec;
  uint64_t size = fs::file_size(file, ec);
  if (ec) fail("tensor '" + t.name() + "': cannot read external data file '" + r.location + "'");
  if (r.offset > size || (r.has_length && r.length > size - r.offset))
    fail("tensor '" + t.name() + "': external data file '" + r.location + "' has " + std::to_string(size) +
         " bytes, fewer than offset + length");
  uint64_t length = r.has_length ? r.length : size - r.offset;
  if (length > static_cast<uint64_t>(INT_MAX)) fail("tensor '" + t.name() + "': external data larger than 2 GB");
  std::ifstream f(file, std::ios::binary);
  std::string data(static_cast<size_t>(length), '\0');
  f.seekg(static_cast<std::streamoff>(r.offset));
  if (!f.read(data.data(), static_cast<std::streamsize>(length)))
    fail("tensor '" + t.name() + "': cannot read external data file '" + r.location + "'");
  t.clear_external_data();
  t.set_data_location(onnx::TensorProto::DEFAULT);
  t.set_raw_data(std::move(data));
}

template <class F>
void for_each_tensor(onnx::GraphProto& g, F fn) {
  for (auto& t : *g.mutable_initializer()) fn(t);
  for (auto& n : *g.mutable_node())
    for (auto& a : *n.mutable_attribute()) {
      if (a.has_t()) fn(*a.mutable_t());
      for (auto& t : *a.mutable_tensors()) fn(t);
    }
}

}  // namespace

void load_external_data(onnx::ModelProto& m, const std::string& base_dir) {
  fs::path base;
  bool resolved = false;
  for_each_tensor(*m.mutable_graph(), [&](onnx::TensorProto& t) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL) return;
    if (base_dir.empty()) fail("tensor '" + t.name() + "': external data is not available for a model read from memory");
    if (!resolved) {
      std::error_code ec;
      base = fs::canonical(base_dir.empty() ? "." : base_dir, ec);
      if (ec) fail("cannot resolve the model's folder '" + base_dir + "': " + ec.message());
      resolved = true;
    }
    load_one(t, base);
  });
}

}  // namespace tinyc::frontend

namespace tinyc {

std::vector<DeclaredInput> declared_inputs(const std::string& path) {
  try {
    onnx::ModelProto m = frontend::parse_model(frontend::read_model_file(path));
    std::set<std::string> initializers;
    for (const auto& i : m.graph().initializer()) initializers.insert(i.name());
    std::vector<DeclaredInput> out;
    for (const auto& vi : m.graph().input()) {
      if (initializers.count(vi.name())) continue;
      DeclaredInput d;
      d.name = vi.name();
      const auto& tt = vi.type().tensor_type();
      d.dtype = dtype_from_onnx(tt.elem_type());
      d.has_shape = tt.has_shape();
      for (const auto& dim : tt.shape().dim()) {
        d.dims.push_back(dim.has_dim_value() && dim.dim_value() > 0 ? dim.dim_value() : -1);
        d.params.push_back(dim.has_dim_param() ? dim.dim_param() : "");
      }
      out.push_back(std::move(d));
    }
    return out;
  } catch (const Error& e) {
    throw e.with_file(path);
  }
}

}  // namespace tinyc
