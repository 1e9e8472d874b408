// Every model in ../shared/models imports (symbolic batch dimensions fixed the
// way --shape would), except the ones using ops tinyc does not implement,
// which must fail with the unsupported-op Error naming the op.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include <onnx/onnx_pb.h>

#include "common/test_util.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

using namespace tinyc;
namespace fs = std::filesystem;

namespace {

std::string models() { return test::shared_models_dir(); }

/// The op each unsupported model must be refused for (from the models' README and their graphs).
const std::map<std::string, std::string> kUnsupported = {
    {"onnx2c/test/simple_networks/lstm_k1_b1_r1.onnx", "LSTM"},
    {"onnx2c/test/simple_networks/lstm_k1_b1_r1_relu.onnx", "LSTM"},
    {"onnx2c/test/simple_networks/treeensembleclassifier.onnx", "TreeEnsembleClassifier"},
    {"onnx2c/test/simple_networks/random_uniform.onnx", "RandomUniform"},
    {"onnx2c/test/simple_networks/scalar_abs.onnx", "Abs"},
    {"onnx2c/test/simple_networks/fp_float16.onnx", "Cast-22"},
    {"onnx2c/test/simple_networks/fp_bfloat16.onnx", "Cast-22"},
};

/// Options fixing every symbolic dimension of the model's inputs to 1 (as
/// `--shape NAME=1` would), read from the model itself.
ImportOptions options_for(const std::string& path) {
  std::string bytes;
  test::read_file(path, bytes);
  onnx::ModelProto m;
  ImportOptions o;
  if (!m.ParseFromString(bytes)) return o;
  for (const auto& in : m.graph().input())
    for (const auto& d : in.type().tensor_type().shape().dim())
      if (d.has_dim_param()) o.dim_values[d.dim_param()] = 1;
  return o;
}

}  // namespace

TEST_CASE("every shared model imports or is refused for its unsupported op") {
  if (models().empty()) {
    test::report_skip("shared model import", "../shared/models is absent");
    return;
  }
  int imported = 0, refused = 0;
  for (const auto& entry : fs::recursive_directory_iterator(models())) {
    if (entry.path().extension() != ".onnx") continue;
    std::string rel = fs::relative(entry.path(), models()).string();
    CAPTURE(rel);
    auto unsupported = kUnsupported.find(rel);
    if (unsupported == kUnsupported.end()) {
      Graph g;
      CHECK_NOTHROW(g = import_onnx(entry.path().string(), options_for(entry.path().string())));
      CHECK(!g.nodes.empty());
      CHECK(!g.outputs.empty());
      for (const auto& o : g.outputs) CHECK(g.tensor(o).dtype != DType::Undefined);
      ++imported;
    } else {
      try {
        import_onnx(entry.path().string(), options_for(entry.path().string()));
        FAIL("expected the unsupported-op error for " << unsupported->second);
      } catch (const Error& e) {
        std::string msg = e.what();
        CHECK(msg.find("unsupported ops") != std::string::npos);
        CHECK(msg.find(unsupported->second) != std::string::npos);
        CHECK(msg.find(rel.substr(rel.rfind('/') + 1)) != std::string::npos);  // names the file
        CHECK(msg.find('\n') == std::string::npos);
      }
      ++refused;
    }
  }
  CHECK(imported >= 40);
  CHECK(refused == static_cast<int>(kUnsupported.size()));
}

TEST_CASE("shapes of real models match their known architecture") {
  if (models().empty()) {
    test::report_skip("shared model shapes", "../shared/models is absent");
    return;
  }
  SUBCASE("MLPerf Tiny VWW: MobileNetV1-0.25 at 96x96 ends in 2 classes") {
    Graph g = import_onnx(models() + "/mlperf-tiny-onnx/vww_float.onnx");
    CHECK(g.tensor(g.inputs[0]).shape == Shape{1, 3, 96, 96});
    CHECK(g.tensor(g.outputs[0]).shape == Shape{1, 2});
    // 27 convolutions (14 standard/pointwise + 13 depthwise) in MobileNetV1.
    int convs = 0, depthwise = 0;
    for (const Node& n : g.nodes)
      if (n.op_type == "Conv") {
        ++convs;
        if (n.attr_int("group", 1) > 1) ++depthwise;
      }
    CHECK(convs == 27);
    CHECK(depthwise == 13);
  }
  SUBCASE("PyTorch wake-word model: the Shape->Gather->Unsqueeze->Concat->Reshape chain resolves") {
    ImportOptions o;
    o.dim_values["batch_size"] = 1;
    Graph g = import_onnx(models() + "/z-ant/wakeWord.onnx", o);
    // 1x1x40x32 -> conv(pad 1) 40x32 -> pool 20x16 -> conv 20x16 -> pool 10x8; 2nd conv has 32 channels? read it:
    const Node* reshape = nullptr;
    for (const Node& n : g.nodes)
      if (n.op_type == "Reshape") reshape = &n;
    REQUIRE(reshape);
    const Shape& pooled = g.tensor(reshape->inputs[0]).shape;
    REQUIRE(pooled.size() == 4);
    CHECK(pooled[2] == 10);
    CHECK(pooled[3] == 8);
    CHECK(g.tensor(reshape->outputs[0]).shape == Shape{1, pooled[1] * 10 * 8});
  }
  SUBCASE("a symbolic batch set to 4 flows to the output") {
    ImportOptions o;
    o.dim_values["batch"] = 4;
    Graph g = import_onnx(models() + "/emx-onnx-cgen/slice_dynamic_batch.onnx", o);
    // in0: batch x 3 x 4, Slice axes=[2] starts=[1] ends=[3].
    CHECK(g.tensor(g.outputs[0]).shape == Shape{4, 3, 2});
  }
  SUBCASE("the opset-8 MNIST model (inputs that are also initializers) has one real input") {
    Graph g = import_onnx(models() + "/onnx2c/test/mnist/model.onnx");
    CHECK(g.inputs == std::vector<std::string>{"Input3"});
    CHECK(g.tensor(g.outputs[0]).shape == Shape{1, 10});
  }
}

TEST_CASE("a symbolic batch without a value names the input and suggests --shape") {
  if (models().empty()) {
    test::report_skip("symbolic batch error", "../shared/models is absent");
    return;
  }
  try {
    import_onnx(models() + "/z-ant/wakeWord.onnx");
    FAIL("expected an Error");
  } catch (const Error& e) {
    std::string msg = e.what();
    CHECK(msg.find("wakeWord.onnx") != std::string::npos);
    CHECK(msg.find("'mfcc'") != std::string::npos);
    CHECK(msg.find("batch_size") != std::string::npos);
    CHECK(msg.find("--shape mfcc=1x1x40x32") != std::string::npos);
  }
}
