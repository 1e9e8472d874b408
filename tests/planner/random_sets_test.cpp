// Properties over hundreds of seeded random buffer sets: every strategy's plan
// passes the checker and is at least the lower bound; plan_memory keeps the
// smallest; the exact search never loses to a greedy one.
#include <doctest/doctest.h>

#include <algorithm>

#include "planner/planner_fixtures.h"
#include "tinyc/error.h"

using namespace tinyc;
using tinyc::test::Rng;

namespace {

int64_t max_live(const std::vector<PlanBuffer>& b, bool inplace) {
  std::vector<PlanBuffer> copy = b;
  if (!inplace)
    for (PlanBuffer& x : copy) x.inplace_with.clear();
  const std::vector<int64_t> live = live_bytes_per_step(copy);
  return live.empty() ? 0 : *std::max_element(live.begin(), live.end());
}

void check_set(const std::vector<PlanBuffer>& b, const PlannerOptions& opts) {
  const int64_t bound = max_live(b, opts.allow_inplace);
  int64_t best_greedy = -1;
  for (const std::string& s : planner_strategies()) {
    if (s == "exact" && static_cast<int64_t>(b.size()) > opts.exact_max_buffers) continue;
    INFO("strategy " << s);
    const MemoryPlan plan = plan_with(s, b, opts);
    CHECK_NOTHROW(check_plan(b, plan));
    CHECK(plan.arena_size >= bound);
    CHECK(plan.lower_bound == bound);
    if (s != "exact") best_greedy = best_greedy < 0 ? plan.arena_size : std::min(best_greedy, plan.arena_size);
    if (s == "exact") CHECK(plan.arena_size <= best_greedy);
  }
  const MemoryPlan best = plan_memory(b, opts);
  CHECK_NOTHROW(check_plan(b, best));
  int64_t smallest = best.arena_size;
  for (const auto& [name, arena] : best.tried) smallest = std::min(smallest, arena);
  CHECK(best.arena_size == smallest);
  CHECK(best.greedy_size == best.tried.front().second);
  CHECK(best.lower_bound <= best.arena_size);
}

}  // namespace

TEST_CASE("random sets: plain buffers") {
  Rng rng(20240601);
  PlannerOptions opts;
  opts.exact_node_budget = 3000;  // plenty for these sizes; keeps the suite fast under ASan
  for (int i = 0; i < 200; ++i) {
    const auto b = test::random_buffers(rng, static_cast<int>(rng.in(1, 12)), static_cast<int>(rng.in(1, 10)), 64,
                                        /*with_specials=*/false);
    INFO("set " << i);
    check_set(b, opts);
  }
}

TEST_CASE("random sets: aliases, in-place declarations, zero sizes") {
  Rng rng(77);
  PlannerOptions opts;
  opts.exact_node_budget = 3000;
  for (int i = 0; i < 300; ++i) {
    const auto b = test::random_buffers(rng, static_cast<int>(rng.in(1, 14)), static_cast<int>(rng.in(1, 10)), 48,
                                        /*with_specials=*/true);
    INFO("set " << i);
    opts.allow_inplace = i % 4 != 0;
    check_set(b, opts);
  }
}

TEST_CASE("random sets: larger graphs (greedy strategies only)") {
  Rng rng(5);
  for (int i = 0; i < 20; ++i) {
    const auto b = test::random_buffers(rng, static_cast<int>(rng.in(20, 80)), static_cast<int>(rng.in(10, 60)),
                                        4096, /*with_specials=*/true);
    INFO("set " << i);
    check_set(b, {});
  }
}

TEST_CASE("the checker catches what a random corruption breaks") {
  // Shift one planned buffer onto another live one: the checker must object.
  Rng rng(99);
  int corrupted = 0;
  for (int i = 0; i < 100; ++i) {
    const auto b = test::random_buffers(rng, 8, 4, 32, /*with_specials=*/false);
    MemoryPlan plan = plan_memory(b);
    for (size_t x = 0; x < b.size(); ++x) {
      for (size_t y = 0; y < b.size(); ++y) {
        const bool live_together = b[x].first_step <= b[y].last_step && b[y].first_step <= b[x].last_step;
        if (x == y || !live_together || b[x].size == 0 || b[y].size == 0) continue;
        if (plan.offsets[y] % b[x].alignment != 0 || plan.offsets[y] + b[x].size > plan.arena_size) continue;
        MemoryPlan bad = plan;
        bad.offsets[x] = plan.offsets[y];
        CHECK_THROWS_AS(check_plan(b, bad), Error);
        ++corrupted;
        x = y = b.size();  // one corruption per set
      }
    }
  }
  CHECK(corrupted > 50);
}
