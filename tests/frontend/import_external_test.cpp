// External data (resolved inside the model's folder only) and models over
// protobuf's default 64 MB limit.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/test_util.h"
#include "frontend/model_builder.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

using namespace tinyc;
using test::ModelBuilder;
namespace fs = std::filesystem;

namespace {

/// A model Add(x, w) whose w (4 floats) lives in `location` at offset 16.
std::string external_model(const std::string& dir, const std::string& location) {
  onnx::TensorProto w;
  w.set_name("w");
  w.set_data_type(onnx::TensorProto::FLOAT);
  w.add_dims(4);
  w.set_data_location(onnx::TensorProto::EXTERNAL);
  auto kv = [&w](const char* k, const std::string& v) {
    auto* e = w.add_external_data();
    e->set_key(k);
    e->set_value(v);
  };
  kv("location", location);
  kv("offset", "16");
  kv("length", "16");
  ModelBuilder b(13);
  b.input("x", 1, {4}).init(w).node("Add", {"x", "w"}, {"y"}).output("y");
  return b.save(dir + "/model.onnx");
}

void write_weights(const std::string& path) {
  std::string bytes(16, 'x');
  float v[4] = {1.f, 2.f, 3.f, 4.f};
  bytes.append(reinterpret_cast<char*>(v), 16);
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string import_message(const std::string& path) {
  try {
    import_onnx(path);
  } catch (const Error& e) {
    CHECK(e.file() == path);
    return e.what();
  }
  FAIL("expected an Error");
  return "";
}

}  // namespace

TEST_CASE("external data beside the model is loaded") {
  std::string dir = test::temp_dir("external");
  fs::create_directory(dir + "/data");
  write_weights(dir + "/data/w.bin");
  Graph g = import_onnx(external_model(dir, "data/w.bin"));
  CHECK(g.tensor("w").to_float() == std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("external data outside the model's folder is refused") {
  std::string root = test::temp_dir("external-escape");
  fs::create_directory(root + "/model");
  write_weights(root + "/secret.bin");
  std::string model = external_model(root + "/model", "../secret.bin");
  CHECK(import_message(model).find("leaves the model's folder") != std::string::npos);
  model = external_model(root + "/model", root + "/secret.bin");
  CHECK(import_message(model).find("absolute") != std::string::npos);
  REQUIRE(symlink((root + "/secret.bin").c_str(), (root + "/model/link.bin").c_str()) == 0);
  model = external_model(root + "/model", "link.bin");
  CHECK(import_message(model).find("symlink") != std::string::npos);
  model = external_model(root + "/model", "missing.bin");
  CHECK(import_message(model).find("missing.bin") != std::string::npos);
  std::ofstream(root + "/model/short.bin") << "tiny";
  model = external_model(root + "/model", "short.bin");
  CHECK(import_message(model).find("fewer than offset + length") != std::string::npos);
  std::string bytes;
  test::read_file(external_model(root + "/model", "link.bin"), bytes);
  CHECK_THROWS_WITH_AS(import_onnx_bytes(bytes, "mem.onnx"), doctest::Contains("read from memory"), Error);
}

TEST_CASE("a model over 64 MB loads") {
  // 4096 x 4480 float32 weights: 73.4 MB, above protobuf's default limit.
  const int64_t k = 4096, n = 4480;
  std::vector<float> w(static_cast<size_t>(k * n));
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 251);
  ModelBuilder b(13);
  b.input("x", 1, {1, k}).init_f32("w", {k, n}, w).node("MatMul", {"x", "w"}, {"y"}).output("y");
  w = {};
  std::string path = b.save(test::temp_dir("large") + "/large.onnx");
  b = ModelBuilder();
  CHECK(fs::file_size(path) > (64u << 20));
  Graph g = import_onnx(path);
  CHECK(g.tensor("y").shape == Shape{1, n});
  const Tensor& wt = g.tensor("w");
  REQUIRE(wt.data.size() == static_cast<size_t>(k * n * 4));
  CHECK(wt.ptr<float>()[k * n - 1] == static_cast<float>((k * n - 1) % 251));
}
