// One real model per MLPerf Tiny task: the int8 activation buffers of the
// imported, lowered graph (one step per node) are planned; the plan must pass
// the checker and come within 5% of the lower bound.
#include <doctest/doctest.h>

#include "common/test_util.h"
#include "planner/planner_fixtures.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/quantize.h"

using namespace tinyc;

namespace {

void plan_real_model(const std::string& name) {
  const std::string dir = test::shared_models_dir();
  if (dir.empty()) {
    test::report_skip("planner on " + name, "../shared/models not present");
    return;
  }
  Graph g = import_onnx(dir + "/mlperf-tiny-onnx/" + name + "_qdq_int8io.onnx");
  run_float_pipeline(g);
  expand_qoperators(g);
  const Graph int8 = lower_to_int8(g).graph;
  const std::vector<PlanBuffer> buffers = test::activation_buffers(int8);
  REQUIRE(buffers.size() >= int8.nodes.size());

  const MemoryPlan plan = plan_memory(buffers);
  CHECK_NOTHROW(check_plan(buffers, plan));
  CHECK(plan.lower_bound > 0);
  CHECK(plan.arena_size >= plan.lower_bound);
  CHECK(plan.arena_size * 100 <= plan.lower_bound * 105);
  CHECK(plan.arena_size <= plan.greedy_size);
  // Sharing must never hurt: planning without in-place gives at least as much.
  PlannerOptions no_inplace;
  no_inplace.allow_inplace = false;
  const MemoryPlan without = plan_memory(buffers, no_inplace);
  CHECK(without.arena_size >= plan.arena_size);
  MESSAGE(name << ": " << buffers.size() << " buffers, " << int8.nodes.size() << " steps; arena " << plan.arena_size
               << " B (" << plan.strategy << "), lower bound " << plan.lower_bound << " B at step "
               << plan.peak_step << ", greedy_by_size " << plan.greedy_size << " B; without in-place "
               << without.arena_size << " B (bound " << without.lower_bound << " B)");
}

}  // namespace

TEST_CASE("planner on a real model: ic (ResNet-8)") { plan_real_model("ic"); }
TEST_CASE("planner on a real model: kws (DS-CNN)") { plan_real_model("kws"); }
TEST_CASE("planner on a real model: vww (MobileNetV1)") { plan_real_model("vww"); }
TEST_CASE("planner on a real model: ad (autoencoder)") { plan_real_model("ad"); }
