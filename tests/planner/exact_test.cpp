// The exact search: it reaches the lower bound on buffer sets built to make
// that possible, and equals a brute-force optimum (every offset tried) on
// small random sets.
#include <doctest/doctest.h>

#include <algorithm>

#include "planner/planner_fixtures.h"

using namespace tinyc;
using tinyc::test::Rng;

namespace {

bool live_together(const PlanBuffer& a, const PlanBuffer& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

// Can buffers k.. be placed below `arena`, given offsets of 0..k-1? Tries every
// aligned offset: slow, obviously right, and shares nothing with the planner.
bool fits(const std::vector<PlanBuffer>& b, std::vector<int64_t>& off, size_t k, int64_t arena) {
  if (k == b.size()) return true;
  for (int64_t o = 0; o + b[k].size <= arena; o += b[k].alignment) {
    bool ok = true;
    for (size_t j = 0; j < k && ok; ++j)
      ok = !live_together(b[j], b[k]) || o + b[k].size <= off[j] || off[j] + b[j].size <= o;
    if (!ok) continue;
    off[k] = o;
    if (fits(b, off, k + 1, arena)) return true;
  }
  return false;
}

int64_t brute_force_optimum(const std::vector<PlanBuffer>& b, int64_t from) {
  std::vector<int64_t> off(b.size(), 0);
  for (int64_t arena = from;; ++arena)
    if (fits(b, off, 0, arena)) return arena;
}

}  // namespace

TEST_CASE("exact reaches the lower bound on exact tilings") {
  Rng rng(4242);
  int greedy_missed = 0;
  for (int i = 0; i < 150; ++i) {
    const int64_t width = 4 * rng.in(4, 16);
    const auto b = test::tiled_buffers(rng, static_cast<int>(rng.in(6, 14)), width, static_cast<int>(rng.in(3, 10)), 4);
    INFO("set " << i << ", width " << width);
    const MemoryPlan plan = plan_with("exact", b);
    CHECK(plan.lower_bound == width);
    CHECK(plan.arena_size == width);
    CHECK(plan_memory(b).arena_size == width);
    if (plan.greedy_size > width) ++greedy_missed;
  }
  // Some sets are hard enough that the search matters (greedy_by_size misses 6).
  CHECK(greedy_missed > 0);
}

TEST_CASE("exact equals a brute-force optimum on small sets") {
  Rng rng(31337);
  int beaten = 0;
  for (int i = 0; i < 120; ++i) {
    // Sizes and alignments in 4-byte units keep the brute force small.
    std::vector<PlanBuffer> b;
    const int n = static_cast<int>(rng.in(2, 7));
    for (int k = 0; k < n; ++k) {
      const int first = static_cast<int>(rng.in(0, 3));
      b.push_back(test::buf("t" + std::to_string(k), 4 * rng.in(1, 5), first,
                            static_cast<int>(std::min<int64_t>(3, first + rng.in(0, 2))), rng.chance(20) ? 8 : 4));
    }
    INFO("set " << i);
    const MemoryPlan plan = plan_with("exact", b);
    const int64_t optimum = brute_force_optimum(b, plan.lower_bound);
    CHECK(plan.arena_size == optimum);
    if (plan.greedy_size > optimum) ++beaten;
  }
  CHECK(beaten > 0);
}

TEST_CASE("exact keeps the best greedy plan when its budget runs out") {
  // A tiling that greedy_by_size does not solve (found by the test above's generator).
  Rng rng(4242);
  for (int i = 0; i < 150; ++i) {
    const int64_t width = 4 * rng.in(4, 16);
    const auto b = test::tiled_buffers(rng, static_cast<int>(rng.in(6, 14)), width, static_cast<int>(rng.in(3, 10)), 4);
    const MemoryPlan full = plan_memory(b);
    if (full.greedy_size == width) continue;
    PlannerOptions starved;
    starved.exact_node_budget = 1;
    int64_t best_greedy = full.greedy_size;
    for (const auto& [name, arena] : full.tried)
      if (name != "exact") best_greedy = std::min(best_greedy, arena);
    CHECK(plan_with("exact", b, starved).arena_size == best_greedy);
    CHECK(full.arena_size == width);
    return;
  }
  FAIL("no tiling that greedy_by_size misses");
}

TEST_CASE("exact uses in-place sharing") {
  // b (32) dies at step 1 where c (32) is born and may reuse it; s (8) lives 0..1
  // and e (24) 1..2. Sharing b/c, the bound is 64 at step 1 (b/c 32, s 8, e 24);
  // without sharing it is 96.
  std::vector<PlanBuffer> b = {test::buf("b", 32, 0, 1), test::buf("c", 32, 1, 2), test::buf("s", 8, 0, 1),
                               test::buf("e", 24, 1, 2)};
  b[1].inplace_with = {0};
  const MemoryPlan plan = plan_with("exact", b);
  CHECK(plan.lower_bound == 64);
  CHECK(plan.arena_size == 64);
  CHECK(plan.offsets[0] == plan.offsets[1]);
  PlannerOptions off;
  off.allow_inplace = false;
  const MemoryPlan apart = plan_with("exact", b, off);
  CHECK(apart.lower_bound == 96);
  CHECK(apart.arena_size == 96);
}
