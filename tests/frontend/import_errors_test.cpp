// import_onnx refuses malformed or unsupported models with one-line Errors
// naming the file, and the node/op where one applies.
#include <doctest/doctest.h>

#include <fstream>

#include "common/test_util.h"
#include "frontend/model_builder.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

using namespace tinyc;
using test::Attr;
using test::ModelBuilder;

namespace {

/// The Error import_onnx_bytes throws for `b` (fails the test when none).
Error import_error(const ModelBuilder& b, const ImportOptions& o = {}) {
  try {
    import_onnx_bytes(b.bytes(), "model.onnx", o);
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    CHECK(e.file() == "model.onnx");
    return e;
  }
  FAIL("expected an Error");
  return Error("", "", "", "");
}

bool has(const Error& e, const std::string& s) { return std::string(e.what()).find(s) != std::string::npos; }

ModelBuilder relu_model(std::vector<test::Dim> dims) {
  ModelBuilder b;
  b.input("x", 1, dims).node("Relu", {"x"}, {"y"}, {}, "act").output("y");
  return b;
}

}  // namespace

TEST_CASE("files that are not ONNX models") {
  std::string dir = test::temp_dir("import-errors");
  try {
    import_onnx(dir + "/missing.onnx");
    FAIL("expected an Error");
  } catch (const Error& e) {
    CHECK(e.file() == dir + "/missing.onnx");
    CHECK(has(e, "no such file"));
  }
  CHECK_THROWS_AS(import_onnx(dir), Error);  // a folder
  CHECK_THROWS_WITH_AS(import_onnx_bytes("hello, this is text\n", "t.onnx"), doctest::Contains("t.onnx"), Error);
  CHECK_THROWS_WITH_AS(import_onnx_bytes("", "empty.onnx"), doctest::Contains("empty"), Error);
  std::string good = relu_model({1, 4}).bytes();
  CHECK_NOTHROW(import_onnx_bytes(good, "good.onnx"));
  CHECK_THROWS_WITH_AS(import_onnx_bytes(good.substr(0, good.size() - 5), "cut.onnx"),
                       doctest::Contains("truncated"), Error);
}

TEST_CASE("all unsupported nodes are listed in one Error") {
  ModelBuilder b(13);
  b.opset("com.example", 1);
  b.input("x", 1, {1, 3, 4, 4});
  b.init_f32("scales", {4}, {1, 1, 2, 2});
  b.node("Abs", {"x"}, {"a"}, {}, "first");
  b.node("Foo", {"a"}, {"f"}, {}, "second", "com.example");
  b.node("Resize", {"f", "", "scales"}, {"r"}, {Attr::s("mode", "linear")}, "third");
  b.node("Relu", {"r"}, {"y"}, {}, "fine");
  b.output("y");
  Error e = import_error(b);
  CHECK(has(e, "unsupported ops: node 'first' (Abs), node 'second' (Foo-1 in com.example), node 'third' (Resize-13): mode 'linear'"));
  CHECK_FALSE(has(e, "'fine'"));
}

TEST_CASE("the import report keeps unsupported nodes for inspect") {
  std::string dir = test::temp_dir("keep-unsupported");
  ModelBuilder b(13);
  b.input("x", 1, {2, 3});
  b.node("Abs", {"x"}, {"a"}, {}, "absolute");
  b.node("Relu", {"a"}, {"y"}, {}, "act");
  b.output("y");
  ImportReport report;
  Graph g = import_onnx_keeping_unsupported(b.save(dir + "/m.onnx"), {}, &report);
  CHECK(report.unsupported == std::vector<std::string>{"node 'absolute' (Abs)"});
  CHECK(report.unsupported_nodes.count("absolute"));
  CHECK(g.nodes.size() == 2);
  // ONNX shape inference knows Abs: its output and the Relu after it have shapes.
  CHECK(g.tensor("a").shape == Shape{2, 3});
  CHECK(g.tensor("y").shape == Shape{2, 3});
}

TEST_CASE("symbolic and unknown dimensions") {
  ModelBuilder b = relu_model({"batch", 8});
  Error e = import_error(b);
  CHECK(has(e, "input 'x'"));
  CHECK(has(e, "'batch'"));
  CHECK(has(e, "--shape x=1x8"));

  ImportOptions by_dim;
  by_dim.dim_values["batch"] = 3;
  CHECK(import_onnx_bytes(b.bytes(), "m.onnx", by_dim).tensor("y").shape == Shape{3, 8});
  ImportOptions by_input;
  by_input.input_shapes["x"] = {2, 8};
  CHECK(import_onnx_bytes(b.bytes(), "m.onnx", by_input).tensor("y").shape == Shape{2, 8});

  ImportOptions contradicts;
  contradicts.input_shapes["x"] = {2, 9};
  CHECK(import_error(b, contradicts).kind() == ErrorKind::Usage);
  ImportOptions unknown;
  unknown.input_shapes["nope"] = {1};
  CHECK(import_error(b, unknown).kind() == ErrorKind::Usage);

  ModelBuilder no_shape;
  no_shape.input_without_shape("x", 1).node("Relu", {"x"}, {"y"}).output("y");
  CHECK(has(import_error(no_shape), "--shape x="));
}

TEST_CASE("zero, negative and absurd dimensions") {
  CHECK(has(import_error(relu_model({1, 0})), "zero dimension"));
  ImportOptions neg;
  neg.input_shapes["x"] = {1, -4};
  CHECK(has(import_error(relu_model({1, 4}), neg), "negative"));
  ImportOptions small;
  small.max_elements = 1000;
  CHECK(has(import_error(relu_model({100, 100}), small), "more than 1000 elements"));
  // A constant of absurd size is refused before anything is allocated.
  ModelBuilder huge;
  onnx::TensorProto t = test::f32_tensor("w", {1 << 20, 1 << 20}, {});
  huge.input("x", 1, {1}).init(t).node("Add", {"x", "w"}, {"y"}).output("y");
  CHECK(has(import_error(huge), "initializer 'w'"));
}

TEST_CASE("initializer data shorter than its shape") {
  ModelBuilder b;
  b.input("x", 1, {2, 3}).init_f32("w", {2, 3}, {1, 2, 3, 4, 5}).node("Add", {"x", "w"}, {"y"}, {}, "add").output("y");
  Error e = import_error(b);
  CHECK(has(e, "initializer 'w'"));
  CHECK(has(e, "20 bytes"));
}

TEST_CASE("graph structure: cycles, duplicates, dangling names") {
  SUBCASE("a cycle names a node on it") {
    ModelBuilder b;
    b.input("x", 1, {2}).node("Add", {"x", "b"}, {"a"}, {}, "n1").node("Relu", {"a"}, {"b"}, {}, "n2").output("b");
    Error e = import_error(b);
    CHECK(has(e, "cycle"));
    CHECK((e.node() == "n1" || e.node() == "n2"));
  }
  SUBCASE("an output listed twice") {
    ModelBuilder b = relu_model({2});
    b.output("y");
    CHECK(has(import_error(b), "listed twice"));
  }
  SUBCASE("two nodes producing one value") {
    ModelBuilder b;
    b.input("x", 1, {2}).node("Relu", {"x"}, {"y"}, {}, "a").node("Sigmoid", {"x"}, {"y"}, {}, "b").output("y");
    Error e = import_error(b);
    CHECK(has(e, "'y'"));
  }
  SUBCASE("a node reading a value nothing produces") {
    ModelBuilder b;
    b.input("x", 1, {2}).node("Add", {"x", "ghost"}, {"y"}, {}, "a").output("y");
    CHECK(has(import_error(b), "'ghost'"));
  }
  SUBCASE("nodes out of order are sorted") {
    ModelBuilder b;
    b.input("x", 1, {2}).node("Relu", {"a"}, {"y"}, {}, "second").node("Sigmoid", {"x"}, {"a"}, {}, "first").output("y");
    Graph g = import_onnx_bytes(b.bytes(), "m.onnx");
    REQUIRE(g.nodes.size() == 2);
    CHECK(g.nodes[0].name == "first");
  }
}

TEST_CASE("opsets outside 7..22 and unknown domains") {
  ModelBuilder old(6);
  old.input("x", 1, {2}).node("Relu", {"x"}, {"y"}).output("y");
  CHECK(has(import_error(old), "opset 6"));
  ModelBuilder future(23, 10);
  future.input("x", 1, {2}).node("Relu", {"x"}, {"y"}).output("y");
  CHECK(has(import_error(future), "opset 23"));
}

TEST_CASE("newer opsets (18-22) import without libonnx's checker") {
  ModelBuilder b(18, 9);
  b.input("x", 1, {2, 3, 4}).init_i64("axes", {1}, {1});
  b.node("ReduceMean", {"x", "axes"}, {"m"}, {Attr::i("keepdims", 0)}, "mean").node("Relu", {"m"}, {"y"}).output("y");
  Graph g = import_onnx_bytes(b.bytes(), "m.onnx");
  CHECK(g.tensor("y").shape == Shape{2, 4});

  ModelBuilder wrong(18, 9);
  wrong.input("x", 1, {2, 3}).node("Relu", {"x"}, {"y"}, {}, "act").output("y", 1, {3, 2});
  Error e = import_error(wrong);
  CHECK(e.node() == "act");
  CHECK(has(e, "3x2"));
}

TEST_CASE("Constant nodes and typed data fields become constant tensors") {
  ModelBuilder b(13);
  onnx::TensorProto i8;
  i8.set_name("q");
  i8.set_data_type(onnx::TensorProto::INT8);
  i8.add_dims(3);
  for (int v : {-128, 0, 127}) i8.add_int32_data(v);
  onnx::TensorProto half;  // 1.0, -2.0 as float16 bits in int32_data
  half.set_name("h");
  half.set_data_type(onnx::TensorProto::FLOAT16);
  half.add_dims(2);
  half.add_int32_data(0x3c00);
  half.add_int32_data(0xc000);
  onnx::TensorProto fl;
  fl.set_name("fl");
  fl.set_data_type(onnx::TensorProto::FLOAT);
  fl.add_dims(2);
  fl.add_float_data(0.5f);
  fl.add_float_data(-1.5f);
  b.input("x", 1, {2}).init(i8).init(half).init(fl);
  b.node("Constant", {}, {"c"}, {Attr::floats("value_floats", {3.f, 4.f})});
  b.node("Constant", {}, {"k"}, {Attr::tensor("value", test::i64_tensor("", {1}, {2}))});
  b.node("Add", {"x", "c"}, {"s"}).node("Add", {"s", "fl"}, {"y"}).output("y");
  Graph g = import_onnx_bytes(b.bytes(), "m.onnx");
  CHECK(g.nodes.size() == 2);  // the Constant nodes became tensors
  CHECK(g.is_constant("c"));
  CHECK(g.tensor("c").to_float() == std::vector<float>{3.f, 4.f});
  CHECK(g.tensor("fl").to_float() == std::vector<float>{0.5f, -1.5f});
  // Unused constants are dropped; the used ones keep their values.
  CHECK_FALSE(g.has_tensor("q"));
  CHECK_FALSE(g.has_tensor("k"));
}

TEST_CASE("typed int8 and float16 initializers keep their values") {
  ModelBuilder b(13);
  onnx::TensorProto i8;
  i8.set_name("q");
  i8.set_data_type(onnx::TensorProto::INT8);
  i8.add_dims(3);
  for (int v : {-128, 0, 127}) i8.add_int32_data(v);
  b.input("x", 1, {3}).init(i8).init_f32("s", {}, {0.5f});
  b.node("DequantizeLinear", {"q", "s"}, {"d"}).node("Add", {"x", "d"}, {"y"}).output("y");
  Graph g = import_onnx_bytes(b.bytes(), "m.onnx");
  CHECK(g.tensor("q").dtype == DType::I8);
  CHECK(g.tensor("q").to_int64() == std::vector<int64_t>{-128, 0, 127});
}

TEST_CASE("unnamed nodes get names messages can use") {
  ModelBuilder b;
  b.input("x", 1, {2}).node("Relu", {"x"}, {"a"}).node("Relu", {"a"}, {"y"}).output("y");
  Graph g = import_onnx_bytes(b.bytes(), "m.onnx");
  REQUIRE(g.nodes.size() == 2);
  CHECK(g.nodes[0].name == "Relu_0");
  CHECK(g.nodes[1].name == "Relu_1");
}
