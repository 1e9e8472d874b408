// The DSP kernels through the real code generator: which runtime files a
// Cortex-M4/M7 folder carries (each kernel's file, arm_dsp/ before
// portable/; the two folders never define one symbol twice), and
// whole models compiled for cortex-m4 whose generated folders — built on the
// host, where the arm_dsp sources run on dsp.h's fallbacks — reproduce the int8
// reference byte for byte (their self-tests; the MLPerf Tiny models also
// against TensorFlow Lite Micro's own outputs).
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "codegen/emit.h"
#include "common/generated_build.h"
#include "common/test_util.h"
#include "passes/ir_text.h"
#include "tinyc/codegen.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"
#include "tinyc/reference.h"

using namespace tinyc;

namespace {

// The kernels a runtime source defines: "Status name(" and "size_t name(" at line start.
std::set<std::string> defined_kernels(const std::string& text) {
  std::set<std::string> names;
  const std::regex def(R"((?:^|\n)(?:Status|size_t) ([a-z0-9_]+)\()");
  for (std::sregex_iterator it(text.begin(), text.end(), def), end; it != end; ++it) names.insert((*it)[1]);
  return names;
}

std::vector<std::string> sources_of(const std::vector<std::string>& files) {
  std::vector<std::string> cpp;
  for (const std::string& f : files)
    if (f.size() > 4 && f.compare(f.size() - 4, 4, ".cpp") == 0) cpp.push_back(f);
  return cpp;
}

CodegenResult compile_for(const Graph& int8, const std::string& target, std::vector<Tensor> selftest) {
  CodegenOptions opts;
  opts.name = "m";
  opts.target = find_target(target);
  opts.selftest_inputs = std::move(selftest);
  return generate_code(int8, opts);
}

bool uses(const CodegenResult& r, const std::string& kernel) {
  return std::find(r.kernels.begin(), r.kernels.end(), kernel) != r.kernels.end();
}

}  // namespace

TEST_CASE("an arm_dsp file defines every kernel of its portable namesake or none of them") {
  // Every kernel: arm_dsp/ first on a DSP target, then portable/. A file
  // defining some but not all of its namesake's kernels would put both files
  // in one folder with a symbol defined twice.
  const auto& all = embedded_runtime_files();
  int whole = 0, beside = 0;
  for (const auto& file : all) {  // no structured binding: clang 14's INFO cannot capture one
    const std::string& path = file.first;
    if (path.rfind("kernels/arm_dsp/", 0) != 0 || path.compare(path.size() - 4, 4, ".cpp") != 0) continue;
    const std::string portable = "kernels/portable/" + path.substr(std::string("kernels/arm_dsp/").size());
    INFO(path);
    REQUIRE(all.count(portable) == 1);
    const std::set<std::string> dsp = defined_kernels(file.second), base = defined_kernels(all.at(portable));
    REQUIRE(!base.empty());
    int shared = 0;
    for (const std::string& k : base) shared += static_cast<int>(dsp.count(k));
    CHECK((shared == 0 || shared == static_cast<int>(base.size())));
    (shared == 0 ? beside : whole) += 1;
    if (shared == 0)  // then it adds kernels of its own, the *_dsp ones
      for (const std::string& k : dsp) {
        const bool own = k.find("_dsp") != std::string::npos || k.find("_table") != std::string::npos;
        CHECK_MESSAGE(own, k);
      }
  }
  CHECK(whole == 1);   // pooling
  CHECK(beside == 4);  // conv2d, dwconv2d, fully_connected, add
}

TEST_CASE("runtime files: the DSP kernels from arm_dsp on cortex-m4/m7, the rest portable; host and m0+ portable") {
  for (const char* t : {"cortex-m4", "cortex-m7"}) {
    const std::vector<std::string> src = sources_of(codegen::runtime_files_for(
        {"conv2d_s8_dsp", "conv2d_s8", "maxpool_s8", "softmax_s8", "add_s8_table", "add_s8"}, find_target(t)));
    CHECK(src == std::vector<std::string>{"kernels/arm_dsp/conv2d.cpp", "kernels/portable/conv2d.cpp",
                                          "kernels/arm_dsp/pooling.cpp", "kernels/portable/softmax.cpp",
                                          "kernels/arm_dsp/add.cpp", "kernels/portable/add.cpp"});
  }
  for (const char* t : {"host", "cortex-m0plus"}) {
    const std::vector<std::string> files =
        codegen::runtime_files_for({"conv2d_s8", "maxpool_s8", "softmax_s8", "add_s8"}, find_target(t));
    CHECK(sources_of(files) == std::vector<std::string>{"kernels/portable/conv2d.cpp", "kernels/portable/pooling.cpp",
                                                        "kernels/portable/softmax.cpp", "kernels/portable/add.cpp"});
    for (const std::string& f : files) CHECK(f.find("arm_dsp") == std::string::npos);
  }
}

TEST_CASE("a grouped and a plain convolution on cortex-m4: arm_dsp/conv2d.cpp and portable/conv2d.cpp link together") {
  const Graph cleaned = test::parse_ir(R"(
    graph grouped (opset 13)
      input  %x : f32[1,4,8,8]
      const  %wg : f32[4,2,3,3]  (72 values)
      const  %wp : f32[8,4,1,1]  (32 values)
      %g : f32[1,4,8,8] = Conv(%x, %wg) {kernel_shape=[3,3], pads=[1,1,1,1], group=2}  # node grouped
      %y : f32[1,8,8,8] = Conv(%g, %wp) {kernel_shape=[1,1]}  # node plain
      output %y
  )");
  const std::vector<Tensor> calib = {test::random_calibration(cleaned.tensor("x"), 8, 3)};
  const Int8Lowering low = build_int8(cleaned, &calib);
  const CodegenResult r = compile_for(low.graph, "cortex-m4", {test::random_int8(low.graph.tensor("x"), 4, 5)});
  CHECK(uses(r, "conv2d_s8"));
  CHECK(uses(r, "conv2d_s8_dsp"));
  CHECK(r.files.count("runtime/kernels/arm_dsp/conv2d.cpp") == 1);
  CHECK(r.files.count("runtime/kernels/portable/conv2d.cpp") == 1);
  const std::string dir = test::temp_dir("dsp-grouped") + "/m";
  write_output_dir(r, dir, false);
  CHECK(test::host_selftest(dir, "m") == 0);
}

TEST_CASE("tiny models compiled for cortex-m4 use the DSP kernels and match the int8 reference (host build)") {
  for (const char* m : {"tiny_kws", "tiny_vww", "tiny_ic", "tiny_ad"}) {
    INFO(m);
    const std::string base = test::fixture(std::string(m) + "/");
    const std::vector<Tensor> calib = {read_npy(base + "calib.npy")};
    const Int8Lowering low = build_int8(load_model(base + m + ".onnx"), &calib);
    const Tensor& decl = low.graph.tensor(low.graph.inputs.at(0));
    const CodegenResult r = compile_for(low.graph, "cortex-m4", {test::random_int8(decl, 4, 11)});
    CHECK((uses(r, "conv2d_s8_dsp") || uses(r, "fully_connected_s8_dsp")));
    const std::string dir = test::temp_dir("dsp-tiny") + "/" + m;
    write_output_dir(r, dir, false);
    CHECK(test::host_selftest(dir, "m") == 0);
  }
}

TEST_CASE("MLPerf Tiny models compiled for cortex-m4: the host build reproduces the reference and TFLM") {
  const std::string shared = test::shared_models_dir();
  if (shared.empty()) {
    test::report_skip("MLPerf Tiny models through the DSP kernels", "../shared/models is absent");
    return;
  }
  for (const char* m : {"kws", "vww", "ic", "ad"}) {
    INFO(m);
    const std::string base = shared + "/mlperf-tiny-onnx/" + m;
    const Int8Lowering low = build_int8(load_model(base + "_qdq_int8io.onnx"), nullptr);
    const Tensor& decl = low.graph.tensor(low.graph.inputs.at(0));
    const Tensor input = int8_input_data(read_npy(base + ".input_int8.npy"), decl);
    // The reference is bit-exact with TFLM on these models (tests/int8); the
    // golden output pins that the self-test's expectations are TFLM's.
    const Tensor tflm = read_npy(base + ".output_tflm_int8.npy");
    Tensor one = decl;
    one.data = input.data;
    const std::vector<Tensor> ref = run_int8(low.graph, {one});
    REQUIRE(ref.at(0).size() == tflm.size());
    CHECK(std::equal(ref[0].data.begin(), ref[0].data.end(), tflm.data.begin()));

    const CodegenResult r = compile_for(low.graph, "cortex-m4", {input});
    CHECK((uses(r, "conv2d_s8_dsp") || uses(r, "fully_connected_s8_dsp")));
    CHECK(!uses(r, "conv2d_s8"));  // every layer fits the packed kernels
    CHECK(!uses(r, "fully_connected_s8"));
    const std::string dir = test::temp_dir("dsp-mlperf") + "/" + m;
    write_output_dir(r, dir, false);
    CHECK(test::host_selftest(dir, "m") == 0);
  }
}
