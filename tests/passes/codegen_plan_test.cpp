// generate_code's memory choices, end to end on small int8 graphs: the node
// order (schedule_for_memory, taken only when the planner's arena is smaller)
// and the in-place ring given back by convolutions the plan does not run in
// place. Each generated folder is built and checked against the int8
// reference on the host.
#include <doctest/doctest.h>

#include "common/generated_build.h"
#include "common/test_util.h"
#include "passes/ir_text.h"
#include "tinyc/codegen.h"
#include "tinyc/pipeline.h"
#include "tinyc_rt/dsp_pack.h"

using namespace tinyc;
using tinyc::test::parse_ir;

namespace {

// Calibrates and lowers a parsed float graph with one input.
Int8Lowering lowered(const Graph& cleaned, uint32_t seed) {
  const std::vector<Tensor> calib{test::random_calibration(cleaned.tensor(cleaned.inputs[0]), 8, seed)};
  return build_int8(cleaned, &calib);
}

CodegenResult compiled(const Graph& int8, const std::string& target) {
  CodegenOptions opts;
  opts.name = "m";
  opts.target = find_target(target);
  opts.io_in_arena = true;
  opts.selftest_inputs.push_back(test::random_int8(int8.tensor(int8.inputs[0]), 4, 7));
  return generate_code(int8, opts);
}

int host_check(const CodegenResult& r, const std::string& tag) {
  const std::string dir = test::temp_dir(tag) + "/m";
  write_output_dir(r, dir, false);
  return test::host_selftest(dir, "m");
}

int64_t planned_size(const CodegenResult& r, const std::string& suffix) {
  for (const PlanBuffer& b : r.buffers)
    if (b.name.size() >= suffix.size() && b.name.compare(b.name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return b.size;
  return -1;
}

}  // namespace

TEST_CASE("generate_code runs the interleaved towers in the scheduled order: smaller arena, same outputs") {
  // Int8 convolutions: 1x1 widening to 32 channels then narrowing to 2, two
  // towers listed interleaved, added at the end.
  const Graph cleaned = parse_ir(R"(
    graph towers (opset 13)
      input  %x : f32[1,4,8,8]
      const  %wa1 : f32[32,4,1,1]  (128 values)
      const  %wb1 : f32[32,4,1,1]  (128 values)
      const  %wa2 : f32[2,32,1,1]  (64 values)
      const  %wb2 : f32[2,32,1,1]  (64 values)
      %a1 : f32[1,32,8,8] = Conv(%x, %wa1) {kernel_shape=[1,1]}  # node a1
      %b1 : f32[1,32,8,8] = Conv(%x, %wb1) {kernel_shape=[1,1]}  # node b1
      %a2 : f32[1,2,8,8] = Conv(%a1, %wa2) {kernel_shape=[1,1]}  # node a2
      %b2 : f32[1,2,8,8] = Conv(%b1, %wb2) {kernel_shape=[1,1]}  # node b2
      %y : f32[1,2,8,8] = Add(%a2, %b2)  # node add
      output %y
  )");
  const Int8Lowering low = lowered(cleaned, 12345);
  const CodegenResult r = compiled(low.graph, "host");
  // In the model's order both 2,048-byte tensors are live at b1; scheduled,
  // one of them and a 128-byte one.
  REQUIRE(r.model_order_arena > 0);
  CHECK(r.plan.arena_size < r.model_order_arena);
  CHECK(r.model_order_arena >= 256 + 2 * 2048);
  CHECK(r.plan.arena_size <= 256 + 2048 + 128 + 256);
  CHECK(format_summary(low.graph, r).find("nodes reordered for memory") != std::string::npos);
  CHECK(host_check(r, "sched") == 0);
}

TEST_CASE("a graph already in its best order compiles in it (no reordering reported)") {
  const Graph cleaned = parse_ir(R"(
    graph chain (opset 13)
      input  %x : f32[1,4,8,8]
      const  %w1 : f32[8,4,1,1]  (32 values)
      const  %w2 : f32[4,8,1,1]  (32 values)
      %a : f32[1,8,8,8] = Conv(%x, %w1) {kernel_shape=[1,1]}  # node a
      %y : f32[1,4,8,8] = Conv(%a, %w2) {kernel_shape=[1,1]}  # node b
      output %y
  )");
  const CodegenResult r = compiled(lowered(cleaned, 99).graph, "host");
  CHECK(r.model_order_arena == -1);
  CHECK(format_summary(lowered(cleaned, 99).graph, r).find("reordered") == std::string::npos);
}

TEST_CASE("a convolution not run in place gives its ring back: scratch and arena shrink, outputs stay exact") {
  // x is read again by the Add, so the 3x3 convolution cannot run in place
  // over it; its scratch keeps only what a call not in place uses.
  const Graph cleaned = parse_ir(R"(
    graph residual (opset 13)
      input  %x : f32[1,8,16,16]
      const  %w : f32[8,8,3,3]  (576 values)
      %c : f32[1,8,16,16] = Conv(%x, %w) {kernel_shape=[3,3], pads=[1,1,1,1]}  # node conv
      %y : f32[1,8,16,16] = Add(%c, %x)  # node add
      output %y
  )");
  const Int8Lowering low = lowered(cleaned, 2024);
  tinyc_rt::ConvParams cp{};
  cp.batch = 1;
  cp.in_h = cp.in_w = cp.out_h = cp.out_w = 16;
  cp.in_c = cp.out_c = 8;
  cp.k_h = cp.k_w = 3;
  cp.stride_h = cp.stride_w = cp.dil_h = cp.dil_w = 1;
  cp.pad_top = cp.pad_left = 1;
  cp.groups = cp.ch_mult = 1;
  const int64_t ring = static_cast<int64_t>(tinyc_rt::dsp_pack::conv_ring_bytes(&cp));
  const int64_t full = static_cast<int64_t>(tinyc_rt::dsp_pack::conv_scratch_size(&cp));
  REQUIRE(ring > 0);

  const CodegenResult dsp = compiled(low.graph, "cortex-m4");
  CHECK(planned_size(dsp, "_scratch") == full - ring);
  for (const OpSummary& o : dsp.ops)  // and the summary reports what is reserved
    if (o.kernel == "conv2d_s8_dsp") CHECK(o.scratch_bytes == full - ring);
  // x, the conv output and the scratch; the Add runs in place.
  CHECK(dsp.plan.arena_size == 2 * 2048 + full - ring);
  CHECK(host_check(dsp, "ring_dsp") == 0);

  // Portable kernels: the scratch is the ring alone, and all of it goes.
  const CodegenResult portable = compiled(low.graph, "host");
  CHECK(planned_size(portable, "_rows") == 0);
  CHECK(portable.plan.arena_size == 2 * 2048);
  CHECK(host_check(portable, "ring_host") == 0);
}


TEST_CASE("pooling without top/left padding runs in place over its input when that lowers the arena") {
  // At the pool, the 4,096-byte input and the 1,024-byte output would both be
  // live; in place the output takes the input's place.
  const Graph cleaned = parse_ir(R"(
    graph pooled (opset 13)
      input  %x : f32[1,1,64,64]
      const  %w : f32[2,1,1,1]  (2 values)
      %p : f32[1,1,32,32] = MaxPool(%x) {kernel_shape=[2,2], strides=[2,2]}  # node pool
      %y : f32[1,2,32,32] = Conv(%p, %w) {kernel_shape=[1,1]}  # node conv
      output %y
  )");
  const Int8Lowering low = lowered(cleaned, 77);
  for (const char* target : {"host", "cortex-m4"}) {
    INFO("target " << target);
    const CodegenResult r = compiled(low.graph, target);
    CHECK(r.plan.arena_size < 4096 + 1024);
    CHECK(r.plan.arena_size >= 4096);
    CHECK(host_check(r, std::string("pool_") + target) == 0);
  }
}
