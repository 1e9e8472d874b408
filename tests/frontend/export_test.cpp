// export_onnx: round trips, unfused activations, QDQ graphs raised to opset 13
// with the same meaning, atomic writes.
#include <doctest/doctest.h>

#include <filesystem>
#include <limits>
#include <random>

#include "common/test_util.h"
#include "frontend/graph_compare.h"
#include "frontend/model_builder.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"
#include "tinyc/reference.h"

using namespace tinyc;
using test::Attr;
using test::ModelBuilder;
namespace fs = std::filesystem;

namespace {

Graph round_trip(const Graph& g, const std::string& tag, const ImportOptions& o = {}) {
  std::string path = test::temp_dir("export-" + tag) + "/out.onnx";
  export_onnx(g, path);
  return import_onnx(path, o);
}

Tensor random_input(const Tensor& like, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-2.f, 2.f);
  std::vector<float> v(static_cast<size_t>(like.size()));
  for (float& x : v) x = u(rng);
  Tensor t = Tensor::from_float(like.name, like.shape, v);
  t.is_constant = false;
  return t;
}

}  // namespace

TEST_CASE("import -> export -> import gives the same graph (shared models)") {
  std::string models = test::shared_models_dir();
  if (models.empty()) {
    test::report_skip("export round trip of shared models", "../shared/models is absent");
    return;
  }
  for (const char* rel : {"mlperf-tiny-onnx/kws_float.onnx", "mlperf-tiny-onnx/ic_qdq.onnx", "mlperf-tiny-onnx/vww_qdq_int8io.onnx",
                          "emx-onnx-cgen/micro_kws_m_static_qoperator.onnx", "z-ant/beer.onnx", "onnx2c/test/mnist/model.onnx"}) {
    CAPTURE(rel);
    Graph a = import_onnx(models + "/" + rel);
    Graph b = round_trip(a, "shared");
    test::check_same_graph(a, b);
  }
}

TEST_CASE("fused activations are written as Relu / Clip nodes") {
  ModelBuilder mb(13);
  mb.input("x", 1, {1, 2, 4, 4}).init_f32("w", {3, 2, 1, 1}, std::vector<float>(6, 0.5f));
  mb.node("Conv", {"x", "w"}, {"c"}, {}, "conv").node("Relu", {"c"}, {"y"}, {}, "unused").output("y");
  Graph g = import_onnx_bytes(mb.bytes(), "m.onnx");
  // Fuse by hand the way the passes do: the Conv writes y, with a Clip(0, 6).
  g.nodes.pop_back();
  g.nodes[0].outputs = {"y"};
  g.nodes[0].attrs["tinyc.activation"] = Attribute::of_string("Clip");
  g.nodes[0].attrs["tinyc.act_min"] = Attribute::of_float(0.f);
  g.nodes[0].attrs["tinyc.act_max"] = Attribute::of_float(6.f);
  g.remove_unused_tensors();
  Graph back = round_trip(g, "unfuse");
  REQUIRE(back.nodes.size() == 2);
  CHECK(back.nodes[0].op_type == "Conv");
  CHECK(back.nodes[1].op_type == "Clip");
  CHECK(back.nodes[1].outputs == std::vector<std::string>{"y"});  // the graph output keeps its name
  for (const Node& n : back.nodes)
    for (const auto& [k, a] : n.attrs) CHECK(k.rfind("tinyc.", 0) != 0);
  REQUIRE(back.nodes[1].inputs.size() == 3);
  CHECK(back.tensor(back.nodes[1].inputs[1]).to_float() == std::vector<float>{0.f});
  CHECK(back.tensor(back.nodes[1].inputs[2]).to_float() == std::vector<float>{6.f});

  g.nodes[0].attrs["tinyc.activation"] = Attribute::of_string("Relu");
  g.nodes[0].attrs.erase("tinyc.act_min");
  g.nodes[0].attrs["tinyc.act_max"] = Attribute::of_float(std::numeric_limits<float>::infinity());
  Graph relu = round_trip(g, "unfuse-relu");
  REQUIRE(relu.nodes.size() == 2);
  CHECK(relu.nodes[1].op_type == "Relu");
}

TEST_CASE("a QDQ graph at opset 10 is written at opset 13 and computes the same") {
  // Every op whose form changed between 10 and 13: Clip (attributes),
  // Pad (pads attribute), Unsqueeze/Squeeze (axes attribute), Softmax over
  // two trailing axes (2-D coercion), Dropout (ratio attribute).
  ModelBuilder mb(10);
  mb.input("x", 1, {1, 2, 3});
  onnx::TensorProto q;
  q.set_name("q");
  q.set_data_type(onnx::TensorProto::INT8);
  q.add_dims(1);
  q.add_int32_data(40);
  mb.init(q).init_f32("s", {}, {0.05f});
  mb.node("DequantizeLinear", {"q", "s"}, {"bias"}, {}, "dq");
  mb.node("Add", {"x", "bias"}, {"a"}, {}, "add");
  mb.node("Clip", {"a"}, {"c"}, {Attr::f("min", -1.f), Attr::f("max", 1.5f)}, "clip");
  mb.node("Pad", {"c"}, {"p"}, {Attr::ints("pads", {0, 0, 1, 0, 0, 0}), Attr::f("value", 0.25f)}, "pad");
  mb.node("Unsqueeze", {"p"}, {"u"}, {Attr::ints("axes", {0})}, "unsq");
  mb.node("Dropout", {"u"}, {"d"}, {Attr::f("ratio", 0.3f)}, "drop");
  mb.node("Softmax", {"d"}, {"sm"}, {Attr::i("axis", 2)}, "softmax");
  mb.node("Squeeze", {"sm"}, {"y"}, {Attr::ints("axes", {0})}, "sq");
  mb.output("y", 1, {1, 2, 4});
  Graph a = import_onnx_bytes(mb.bytes(), "m.onnx");
  Graph b = round_trip(a, "upgrade");
  CHECK(b.opset("") == 13);
  CHECK(b.tensor("y").shape == Shape{1, 2, 4});
  Tensor x = random_input(a.tensor("x"), 7);
  std::vector<float> ya = run_float(a, {x})[0].to_float(), yb = run_float(b, {x})[0].to_float();
  REQUIRE(ya.size() == yb.size());
  for (size_t i = 0; i < ya.size(); ++i) CHECK(ya[i] == doctest::Approx(yb[i]).epsilon(1e-6));
}

TEST_CASE("export writes atomically and refuses int8 graphs") {
  ModelBuilder mb(13);
  mb.input("x", 1, {2}).node("Relu", {"x"}, {"y"}).output("y");
  Graph g = import_onnx_bytes(mb.bytes(), "m.onnx");
  std::string dir = test::temp_dir("export-atomic");
  CHECK_THROWS_AS(export_onnx(g, dir + "/missing/folder/out.onnx"), Error);
  CHECK_FALSE(fs::exists(dir + "/missing"));
  Graph q = g;
  q.tensor("y").quant = QuantParams{{0.1f}, {0}, 0};
  CHECK_THROWS_AS(export_onnx(q, dir + "/q.onnx"), Error);
  CHECK_FALSE(fs::exists(dir + "/q.onnx"));
  export_onnx(g, dir + "/ok.onnx");
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename() == "ok.onnx");  // no temporaries left
}
