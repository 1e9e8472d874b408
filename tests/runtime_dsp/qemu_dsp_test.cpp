// The DSP kernels on the emulated Cortex-M4 (QEMU mps2-an386), through the
// real code generator: randomized single-op models (convolutions of every
// variant, depthwise, fully connected, Add, pooling) compiled for cortex-m4
// with self-tests of several random inputs, built with the firmware template
// (inline assembly, real SXTB16/SMLAD/SMMLAR) and run: zero mismatching bytes
// against the int8 reference. Also one image at -Os.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "common/generated_build.h"
#include "common/test_util.h"
#include "one_node.h"
#include "qemu_helpers.h"
#include "tinyc/codegen.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;
namespace q = tinyc::test::qemu;

namespace {

struct ConvSpec {
  int in_c, h, w, out_c, k_h, k_w, stride, dil, pad;
  bool depthwise;
};

void conv_node(OneNode& t, const ConvSpec& s, Rng& r) {
  const int icg = s.depthwise ? 1 : s.in_c;
  const int taps = icg * s.k_h * s.k_w;
  const float s_in = r.log_uniform(0.01f, 0.3f);
  t.input("x", {1, s.in_c, s.h, s.w}, s_in, r.uniform(-128, 127), r);
  std::vector<float> sw(s.out_c);
  double mean = 0;
  for (float& v : sw) mean += (v = r.log_uniform(0.002f, 0.05f)) / s.out_c;
  t.weights("w", {s.out_c, icg, s.k_h, s.k_w}, sw, r.bytes(static_cast<size_t>(s.out_c) * taps));
  std::vector<int32_t> bias(s.out_c);
  for (int32_t& b : bias) b = r.uniform(-taps * 2000, taps * 2000);
  t.bias("b", bias);
  const float s_out = static_cast<float>(double(s_in) * mean * std::sqrt(double(taps)) * 5476.0 / 50.0);
  const int eff_h = (s.k_h - 1) * s.dil + 1, eff_w = (s.k_w - 1) * s.dil + 1;
  const int oh = (s.h + 2 * s.pad - eff_h) / s.stride + 1, ow = (s.w + 2 * s.pad - eff_w) / s.stride + 1;
  t.output("y", {1, s.out_c, oh, ow}, s_out, r.uniform(-128, 127));
  t.activation(random_activation(r, s_out));
  tinyc::Node& n = t.node();
  n.attrs["kernel_shape"] = Attribute::of_ints({s.k_h, s.k_w});
  n.attrs["strides"] = Attribute::of_ints({s.stride, s.stride});
  n.attrs["dilations"] = Attribute::of_ints({s.dil, s.dil});
  n.attrs["pads"] = Attribute::of_ints({s.pad, s.pad, s.pad, s.pad});
  n.attrs["group"] = Attribute::of_int(s.depthwise ? s.in_c : 1);
}

void fc_node(OneNode& t, int depth, int units, Rng& r) {
  const float s_in = r.log_uniform(0.01f, 0.3f);
  t.input("x", {1, depth}, s_in, r.uniform(-128, 127), r);
  t.weights("w", {units, depth}, {r.log_uniform(0.002f, 0.05f)}, r.bytes(static_cast<size_t>(units) * depth));
  std::vector<int32_t> bias(units);
  for (int32_t& b : bias) b = r.uniform(-depth * 2000, depth * 2000);
  t.bias("b", bias);
  const float s_out = static_cast<float>(double(s_in) * 0.01 * std::sqrt(double(depth)) * 5476.0 / 50.0);
  t.output("y", {1, units}, s_out, r.uniform(-128, 127));
  t.node().attrs["transB"] = Attribute::of_int(1);
}

void add_node(OneNode& t, const Shape& shape, Rng& r) {
  t.input("a", shape, r.log_uniform(0.01f, 0.3f), r.uniform(-128, 127), r);
  t.input("b", shape, r.log_uniform(0.01f, 0.3f), r.uniform(-128, 127), r);
  t.output("y", shape, 0.4f, r.uniform(-128, 127));
}

void pool_node(OneNode& t, int c, int h, int w, int k, int stride, int pad, Rng& r) {
  const float s = r.log_uniform(0.01f, 0.3f);
  const int32_t zp = r.uniform(-128, 127);
  t.input("x", {1, c, h, w}, s, zp, r);
  t.output("y", {1, c, (h + 2 * pad - k) / stride + 1, (w + 2 * pad - k) / stride + 1}, s, zp);
  tinyc::Node& n = t.node();
  n.attrs["kernel_shape"] = Attribute::of_ints({k, k});
  n.attrs["strides"] = Attribute::of_ints({stride, stride});
  n.attrs["pads"] = Attribute::of_ints({pad, pad, pad, pad});
}

// Compiles the node for cortex-m4 with a 3-sample self-test, builds, runs in
// QEMU. `inplace`: input and output in the arena, and the plan must overlap
// them (the kernel runs with output == input): a smaller arena than without.
void run_in_qemu(OneNode& t, const std::string& label, const std::string& expect_kernel, unsigned seed,
                 const std::string& opt = "-O2", bool inplace = false) {
  INFO(label);
  t.finish();
  tinyc::CodegenOptions opts;
  opts.name = "op";
  opts.target = tinyc::find_target("cortex-m4");
  opts.io_in_arena = inplace;
  for (const std::string& in : t.graph().inputs)
    opts.selftest_inputs.push_back(tinyc::test::random_int8(t.graph().tensor(in), 3, seed++));
  const tinyc::CodegenResult r = tinyc::generate_code(t.graph(), opts);
  CHECK(std::find(r.kernels.begin(), r.kernels.end(), expect_kernel) != r.kernels.end());
  if (inplace) {  // the arena shrinks by the overlap of input and output
    tinyc::CodegenOptions apart = opts;
    apart.planner.allow_inplace = false;
    CHECK(r.plan.arena_size < tinyc::generate_code(t.graph(), apart).plan.arena_size);
  }
  const std::string dir = tinyc::test::temp_dir("dsp-qemu") + "/op";
  tinyc::write_output_dir(r, dir, false);
  const std::string fw = tinyc::test::temp_dir("dsp-qemu-fw");
  const tinyc::test::CommandResult b = q::build_image(dir, "op", fw, opt);
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  const tinyc::test::CommandResult run = q::run_image(fw + "/image.elf");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out == "selftest: 0 mismatching bytes\n");
}

}  // namespace

TEST_CASE("DSP kernels in QEMU: random single-op models, zero mismatches") {
  if (!q::target_tools_available("DSP kernels in QEMU")) return;
  Rng r(801);
  const std::vector<ConvSpec> convs = {
      {64, 5, 5, 64, 1, 1, 1, 1, 0, false},  // pointwise, odd pixel count
      {13, 7, 6, 9, 3, 3, 1, 1, 1, false},   // odd channels, padding
      {3, 11, 10, 8, 3, 3, 2, 1, 1, false},  // 27 taps, stride 2
      {1, 12, 7, 5, 4, 2, 2, 1, 2, false},   // one input channel, wide padding
      {8, 9, 9, 6, 3, 3, 1, 2, 2, false},    // dilation
      {16, 6, 6, 16, 3, 3, 1, 1, 1, true},   // depthwise 3x3
      {10, 7, 8, 10, 3, 3, 2, 1, 1, true},   // depthwise, channel tail, stride 2
      {8, 8, 8, 8, 5, 5, 1, 2, 4, true},     // depthwise 5x5, dilation 2
  };
  unsigned seed = 100;
  for (const ConvSpec& s : convs) {
    OneNode t("Conv");
    conv_node(t, s, r);
    run_in_qemu(t, "conv in_c " + std::to_string(s.in_c) + " out_c " + std::to_string(s.out_c) + " k" +
                       std::to_string(s.k_h) + "x" + std::to_string(s.k_w),
                s.depthwise ? "dwconv2d_s8_dsp" : "conv2d_s8_dsp", seed += 10);
  }
  for (const auto& [depth, units] : std::vector<std::pair<int, int>>{{70, 13}, {128, 8}, {300, 9}}) {
    OneNode t("Gemm");
    fc_node(t, depth, units, r);
    run_in_qemu(t, "fc " + std::to_string(depth) + "x" + std::to_string(units), "fully_connected_s8_dsp", seed += 10);
  }
  {
    OneNode t("Add");
    add_node(t, {1, 13, 5, 7}, r);
    run_in_qemu(t, "add", "add_s8_table", seed += 10);
  }
  {
    OneNode t("AveragePool");
    pool_node(t, 12, 7, 7, 3, 2, 1, r);
    run_in_qemu(t, "avgpool", "avgpool_s8", seed += 10);
  }
  {
    OneNode t("MaxPool");
    pool_node(t, 10, 6, 6, 2, 2, 0, r);
    run_in_qemu(t, "maxpool", "maxpool_s8", seed += 10);
  }
  {
    OneNode t("Conv");
    conv_node(t, {12, 6, 5, 7, 3, 3, 1, 1, 1, false}, r);
    run_in_qemu(t, "conv at -Os", "conv2d_s8_dsp", seed += 10, "-Os");
  }
}

TEST_CASE("DSP convolutions in place in QEMU (output over the input, ring of saved rows): zero mismatches") {
  if (!q::target_tools_available("DSP convolutions in place in QEMU")) return;
  Rng r(802);
  const std::vector<ConvSpec> convs = {
      {16, 8, 6, 16, 3, 3, 1, 1, 1, true},   // depthwise 3x3 (the unrolled nine taps)
      {10, 7, 5, 10, 3, 3, 1, 1, 1, true},   // depthwise, channel tail
      {8, 9, 9, 8, 5, 5, 1, 2, 4, true},     // depthwise 5x5 dilation 2: ring of 5 rows
      {12, 6, 5, 12, 3, 3, 1, 1, 1, false},  // conv 3x3: pixel pairs straddle rows (width 5)
      {6, 7, 1, 5, 3, 3, 1, 1, 1, false},    // width 1: every pair straddles two rows
      {32, 5, 5, 32, 1, 1, 1, 1, 0, false},  // pointwise: no ring
  };
  unsigned seed = 300;
  for (const ConvSpec& s : convs) {
    OneNode t("Conv");
    conv_node(t, s, r);
    run_in_qemu(t, std::string(s.depthwise ? "dwconv" : "conv") + " in place, in_c " + std::to_string(s.in_c) + " " +
                       std::to_string(s.h) + "x" + std::to_string(s.w) + " k" + std::to_string(s.k_h),
                s.depthwise ? "dwconv2d_s8_dsp" : "conv2d_s8_dsp", seed += 10, "-O2", /*inplace=*/true);
  }
}
