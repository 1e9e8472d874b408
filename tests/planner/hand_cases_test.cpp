// Small plans whose offsets were worked out by hand (the working is in the
// comments), one per rule: a chain, a residual block, in-place, aliases,
// alignment, zero-size buffers, and TFLite Micro's own greedy planner tests.
#include <doctest/doctest.h>

#include "planner/planner_fixtures.h"

using namespace tinyc;
using tinyc::test::buf;

namespace {

std::vector<int64_t> offsets_of(const std::string& strategy, const std::vector<PlanBuffer>& b,
                                const PlannerOptions& opts = {}) {
  return plan_with(strategy, b, opts).offsets;
}

}  // namespace

TEST_CASE("a chain: greedy_by_size reaches the lower bound") {
  // in -> op0 -> b -> op1 -> c -> op2 -> d. Live: step 0 in+b = 48, step 1 b+c = 40,
  // step 2 c+d = 12. Largest first: b 0; in (live with b) 32; c (live with b) 32;
  // d (live with c only) 0. Arena 48.
  const std::vector<PlanBuffer> b = {buf("in", 16, 0, 0), buf("b", 32, 0, 1), buf("c", 8, 1, 2), buf("d", 4, 2, 2)};
  CHECK(live_bytes_per_step(b) == std::vector<int64_t>{48, 40, 12});
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.offsets == std::vector<int64_t>{32, 0, 32, 0});
  CHECK(plan.arena_size == 48);
  CHECK(plan.lower_bound == 48);
  CHECK(plan.peak_step == 0);
  CHECK(plan.greedy_size == 48);
  CHECK(plan.strategy == "greedy_by_size");  // every strategy ties; the first wins
}

TEST_CASE("a residual block: the Add may reuse either input in place") {
  // x is read by conv1 (step 0) and by the Add (step 2); y = conv1(x), z = conv2(y),
  // w = Add(x, z) may reuse x or z, o = pool(w). Live: 64, 96, 96 (64 sharing), 40.
  const std::vector<PlanBuffer> base = {buf("x", 32, 0, 2), buf("y", 32, 0, 1), buf("z", 32, 1, 2),
                                        buf("w", 32, 2, 3), buf("o", 8, 3, 3)};
  std::vector<PlanBuffer> b = base;
  b[3].inplace_with = {0, 2};
  CHECK(live_bytes_per_step(b) == std::vector<int64_t>{64, 96, 64, 40});
  CHECK(live_bytes_per_step(base) == std::vector<int64_t>{64, 96, 96, 40});

  // Sizes tie: earlier first step first, then index: x 0, y 32, z 64; w may take
  // x's 0 or z's 64, lowest first: 0; o beside w: 32.
  CHECK(offsets_of("greedy_by_size", b) == std::vector<int64_t>{0, 32, 64, 0, 32});
  // Without in-place, w must avoid x and z: 32 (y is dead by step 2); o then 0.
  PlannerOptions no_inplace;
  no_inplace.allow_inplace = false;
  CHECK(offsets_of("greedy_by_size", b, no_inplace) == std::vector<int64_t>{0, 32, 64, 32, 0});
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.arena_size == 96);
  CHECK(plan.peak_step == 1);
}

TEST_CASE("in place: an activation reusing its input saves a whole buffer") {
  // in -> conv -> b -> relu -> c (may reuse b) -> pool -> d.
  // With in-place: step 0 in+b = 48, step 1 b,c share = 32, step 2 c+d = 40: bound 48.
  // Without: step 1 b+c = 64.
  std::vector<PlanBuffer> b = {buf("in", 16, 0, 0), buf("b", 32, 0, 1), buf("c", 32, 1, 2), buf("d", 8, 2, 2)};
  b[2].inplace_with = {1};
  // Largest first (b, c tie on size; b starts earlier): b 0; c takes b's offset 0;
  // in beside b: 32; d beside c: 32.
  const MemoryPlan with = plan_memory(b);
  CHECK(with.offsets == std::vector<int64_t>{32, 0, 0, 32});
  CHECK(with.arena_size == 48);
  CHECK(with.lower_bound == 48);

  // Without: b 0, c beside b 32, in beside b 32, d beside c 0.
  PlannerOptions off;
  off.allow_inplace = false;
  const MemoryPlan without = plan_memory(b, off);
  CHECK(without.offsets == std::vector<int64_t>{32, 0, 32, 0});
  CHECK(without.arena_size == 64);
  CHECK(without.lower_bound == 64);
  CHECK(without.peak_step == 1);
}

TEST_CASE("in place is ignored when the lifetimes do not touch exactly") {
  // c declares b, but b is still read at step 2 (a residual), after c is written at 1.
  std::vector<PlanBuffer> b = {buf("b", 32, 0, 2), buf("c", 32, 1, 2)};
  b[1].inplace_with = {0};
  CHECK(live_bytes_per_step(b) == std::vector<int64_t>{32, 64, 64});
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.offsets == std::vector<int64_t>{0, 32});
  // Declared the wrong way round (b lists c, but c is not dead when b is written).
  std::vector<PlanBuffer> r = {buf("b", 32, 0, 1), buf("c", 32, 1, 2)};
  r[0].inplace_with = {1};
  CHECK(plan_memory(r).offsets == std::vector<int64_t>{0, 32});
}

TEST_CASE("in place: a one-step buffer between two partners") {
  // a dies at step 1, t lives only at step 1, c is born at 1; t may reuse a, c may
  // reuse t and a: all three can share one offset, so step 1 needs only 10 bytes.
  std::vector<PlanBuffer> b = {buf("a", 10, 0, 1, 1), buf("t", 1, 1, 1, 1), buf("c", 10, 1, 2, 1)};
  b[1].inplace_with = {0};
  b[2].inplace_with = {1, 0};
  CHECK(live_bytes_per_step(b) == std::vector<int64_t>{10, 10, 10});
  // Largest first: a 0; c on a 0; t on a and c 0.
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.offsets == std::vector<int64_t>{0, 0, 0});
  CHECK(plan.arena_size == 10);
  // If c may not reuse a, a and c need 20 bytes at step 1; t fits on either.
  b[2].inplace_with = {1};
  CHECK(live_bytes_per_step(b) == std::vector<int64_t>{10, 20, 10});
  CHECK(plan_memory(b).arena_size == 20);
}

TEST_CASE("aliases share their target's offset and keep it alive") {
  // b = conv(in) at step 0; v = Reshape(b) is read at steps 2 and 3, so b lives 0..3.
  // c (step 2, read at 3), d (step 3). Live: 48, 32, 48, 56.
  std::vector<PlanBuffer> b = {buf("in", 16, 0, 0), buf("b", 32, 0, 1), buf("v", 32, 1, 3), buf("c", 16, 2, 3),
                               buf("d", 8, 3, 3)};
  b[2].alias_of = 1;
  CHECK(live_bytes_per_step(b) == std::vector<int64_t>{48, 32, 48, 56});
  // Roots largest first: b 0; in, c tie at 16 (in starts earlier): in 32; c 32
  // (in is dead, b is not); d above b and c: 48.
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.offsets == std::vector<int64_t>{32, 0, 0, 32, 48});
  CHECK(plan.arena_size == 56);
  CHECK(plan.lower_bound == 56);
  CHECK(plan.peak_step == 3);
}

TEST_CASE("alias chains extend the root's lifetime to the end of the chain") {
  // w -> v -> b: b lives 0..4 through w, so e (step 3) cannot reuse b's bytes.
  std::vector<PlanBuffer> b = {buf("b", 64, 0, 0), buf("v", 64, 1, 1), buf("w", 32, 2, 4), buf("e", 16, 3, 3)};
  b[1].alias_of = 0;
  b[2].alias_of = 1;
  for (const std::string& s : planner_strategies()) {
    INFO(s);
    CHECK(offsets_of(s, b) == std::vector<int64_t>{0, 0, 0, 64});
  }
  // Without the chain (w an empty buffer of its own), e fits in b's bytes.
  b[2].alias_of = -1;
  b[2].size = 0;
  CHECK(offsets_of("greedy_by_size", b)[3] == 0);
}

TEST_CASE("alignment: offsets are multiples of each buffer's alignment") {
  // a 10 B (align 4) steps 0..1, b 6 B (align 16) steps 1..2, c 3 B (align 1) steps 0..2:
  // all three live at step 1, bound 19.
  const std::vector<PlanBuffer> b = {buf("a", 10, 0, 1, 4), buf("b", 6, 1, 2, 16), buf("c", 3, 0, 2, 1)};
  // Largest first: a 0; b after a, aligned to 16: 16; c after a: 10. Arena 22.
  CHECK(offsets_of("greedy_by_size", b) == std::vector<int64_t>{0, 16, 10});
  // Optimum: b must sit at 0 (at 16 it ends at 22); a then at 8 (first multiple of 4
  // after 6); the 2 bytes at 6..8 are too few for c, so c at 18: arena 21.
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.strategy == "exact");
  CHECK(plan.offsets == std::vector<int64_t>{8, 0, 18});
  CHECK(plan.arena_size == 21);
  CHECK(plan.lower_bound == 19);
  CHECK(plan.greedy_size == 22);
}

TEST_CASE("an alias group is aligned for every member") {
  // v (align 16) views r (align 4): r must land on a multiple of 16.
  std::vector<PlanBuffer> b = {buf("x", 12, 0, 1, 4), buf("r", 8, 1, 1, 4), buf("v", 8, 1, 2, 16)};
  b[2].alias_of = 1;
  // Largest first: x 0; r after x, on a multiple of 16: 16 (12 would do for r alone).
  CHECK(offsets_of("greedy_by_size", b) == std::vector<int64_t>{0, 16, 16});
  // Best: r 0, x after it at 8: arena 20, the bound (both live at step 1).
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.offsets == std::vector<int64_t>{8, 0, 0});
  CHECK(plan.arena_size == 20);
}

TEST_CASE("zero-size buffers take no room") {
  std::vector<PlanBuffer> b = {buf("a", 16, 0, 2), buf("empty", 0, 0, 2), buf("b", 16, 1, 1), buf("view", 0, 1, 3)};
  b[3].alias_of = 2;
  // The empty view still keeps b alive to step 3.
  CHECK(live_bytes_per_step(b) == std::vector<int64_t>{16, 32, 32, 16});
  const MemoryPlan plan = plan_memory(b);
  CHECK(plan.offsets == std::vector<int64_t>{0, 0, 16, 16});
  CHECK(plan.arena_size == 32);
  const MemoryPlan none = plan_memory({buf("e", 0, 0, 0)});
  CHECK(none.arena_size == 0);
  CHECK(none.lower_bound == 0);
  CHECK(plan_memory({}).arena_size == 0);
}

// TensorFlow Lite Micro's greedy_memory_planner_test.cc, with its expected values
// (TFLM does not align offsets itself: alignment 1).
TEST_CASE("greedy_by_size matches TFLite Micro's GreedyMemoryPlanner tests") {
  SUBCASE("TestGreedyBasics") {
    const std::vector<PlanBuffer> b = {buf("0", 10, 0, 1, 1), buf("1", 20, 2, 3, 1)};
    const MemoryPlan plan = plan_with("greedy_by_size", b);
    CHECK(plan.offsets == std::vector<int64_t>{0, 0});
    CHECK(plan.arena_size == 20);
  }
  SUBCASE("TestGreedyMedium") {
    // By size: 50 at 0; 40 (steps 3-4) at 0; 30 (2-3) above 40: 40; 20 (1-2) above
    // 50 would hit 30's [40,70): 70; 10 (0-1) in the gap above 50: 50. Arena 90.
    const std::vector<PlanBuffer> b = {buf("0", 10, 0, 1, 1), buf("1", 20, 1, 2, 1), buf("2", 30, 2, 3, 1),
                                       buf("3", 40, 3, 4, 1), buf("4", 50, 0, 1, 1)};
    const MemoryPlan plan = plan_with("greedy_by_size", b);
    CHECK(plan.offsets == std::vector<int64_t>{50, 70, 40, 0, 0});
    CHECK(plan.arena_size == 90);
  }
  SUBCASE("TestOverlapCase") {
    const std::vector<PlanBuffer> b = {buf("0", 100, 0, 1, 1), buf("1", 50, 2, 3, 1), buf("2", 20, 1, 2, 1)};
    const MemoryPlan plan = plan_with("greedy_by_size", b);
    CHECK(plan.offsets == std::vector<int64_t>{0, 0, 100});
    CHECK(plan.arena_size == 120);
  }
}

TEST_CASE("greedy_by_conflicts and greedy_by_breadth follow their orders") {
  // a 8 B live 0..3 conflicts with b, c, d; b 24 B 0..0, c 16 B 1..1, d 24 B 2..3.
  const std::vector<PlanBuffer> b = {buf("a", 8, 0, 3), buf("b", 24, 0, 0), buf("c", 16, 1, 1), buf("d", 24, 2, 3)};
  // Conflicts first: a (3) at 0; then b, c, d (1 each) by size: b 8, d 8, c 8. Arena 32.
  CHECK(offsets_of("greedy_by_conflicts", b) == std::vector<int64_t>{0, 8, 8, 8});
  // Largest first: b 0, d 0, c 0, a above all: 24. Arena 32.
  CHECK(offsets_of("greedy_by_size", b) == std::vector<int64_t>{24, 0, 0, 0});
  // By step: step 0 b (24) then a (8): b 0, a 24; step 1 c 0; step 2 d 0.
  CHECK(offsets_of("greedy_by_breadth", b) == std::vector<int64_t>{24, 0, 0, 0});
}
