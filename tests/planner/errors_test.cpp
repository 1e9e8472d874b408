// Errors: malformed buffers, unknown strategies, and the --ram-limit message.
#include <doctest/doctest.h>

#include "planner/planner_fixtures.h"
#include "tinyc/error.h"

using namespace tinyc;
using tinyc::test::buf;

namespace {

Error planning_error(const std::vector<PlanBuffer>& b, const PlannerOptions& opts = {},
                     const std::string& strategy = "") {
  try {
    if (strategy.empty())
      plan_memory(b, opts);
    else
      plan_with(strategy, b, opts);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error");
  return Error("", "", "", "");
}

}  // namespace

TEST_CASE("malformed buffers are internal errors naming the buffer") {
  std::vector<PlanBuffer> b = {buf("a", -4, 0, 1)};
  CHECK(std::string(planning_error(b).what()) == "memory planner: buffer 'a': negative size -4");
  CHECK(planning_error(b).kind() == ErrorKind::Internal);

  b = {buf("a", 4, 3, 1)};
  CHECK(std::string(planning_error(b).what()) ==
        "memory planner: buffer 'a': bad lifetime [3, 1] (steps are >= 0 and first_step <= last_step)");
  b = {buf("a", 4, -1, 1)};
  CHECK(std::string(planning_error(b).what()).find("bad lifetime [-1, 1]") != std::string::npos);
  b = {buf("a", 4, 0, 1, 0)};
  CHECK(std::string(planning_error(b).what()) == "memory planner: buffer 'a': alignment 0 (must be >= 1)");

  b = {buf("a", 4, 0, 1), buf("", 4, 0, 1)};
  b[1].alias_of = 5;
  CHECK(std::string(planning_error(b).what()) ==
        "memory planner: buffer #1: alias_of 5 is not another buffer's index");
  b[1].alias_of = 1;
  CHECK(std::string(planning_error(b).what()).find("alias_of 1 is not another buffer's index") != std::string::npos);
  b[1].alias_of = 0;
  b[1].size = 8;
  CHECK(std::string(planning_error(b).what()) ==
        "memory planner: buffer #1: alias of 'a' is larger than it (8 B > 4 B)");
  b[1].size = 4;
  b[1].alias_of = -1;
  b[1].inplace_with = {2};
  CHECK(std::string(planning_error(b).what()) ==
        "memory planner: buffer #1: inplace_with 2 is not another buffer's index");
}

TEST_CASE("an alias cycle is an error listing the cycle") {
  std::vector<PlanBuffer> b = {buf("x", 4, 0, 1), buf("a", 4, 0, 1), buf("b", 4, 0, 1), buf("c", 4, 0, 1)};
  b[1].alias_of = 2;
  b[2].alias_of = 3;
  b[3].alias_of = 1;
  const std::string msg = planning_error(b).what();
  CHECK(msg.find("memory planner: alias cycle ") == 0);
  for (const char* name : {"'a'", "'b'", "'c'"}) CHECK(msg.find(name) != std::string::npos);
  CHECK(msg.find("'x'") == std::string::npos);
}

TEST_CASE("unknown and inapplicable strategies are usage errors") {
  const std::vector<PlanBuffer> b = {buf("a", 4, 0, 1)};
  const Error e = planning_error(b, {}, "best_fit");
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK(std::string(e.what()) ==
        "unknown planner strategy 'best_fit' (strategies: greedy_by_size, greedy_by_conflicts, greedy_by_breadth, "
        "exact)");
  PlannerOptions small;
  small.exact_max_buffers = 0;
  CHECK(planning_error(b, small, "exact").kind() == ErrorKind::Usage);
  // plan_memory simply leaves the exact search out (of both rounds: with and
  // without in-place sharing).
  const MemoryPlan plan = plan_memory(b, small);
  CHECK(plan.tried.size() == 6);
  for (const auto& [name, arena] : plan.tried) CHECK(name.find("exact") == std::string::npos);
}

TEST_CASE("ram_limit: one line listing what is live at the peak") {
  // The chain of hand_cases_test: arena 48, all of it live at step 0.
  const std::vector<PlanBuffer> chain = {buf("in", 16, 0, 0), buf("conv2_out", 32, 0, 1), buf("c", 8, 1, 2),
                                         buf("d", 4, 2, 2)};
  PlannerOptions opts;
  opts.ram_limit = 40;
  const Error e = planning_error(chain, opts);
  CHECK(e.kind() == ErrorKind::Model);
  CHECK(std::string(e.what()) ==
        "arena 48 B exceeds --ram-limit 40 B; at step 0 (peak) live: conv2_out 32 B, in 16 B; "
        "even a perfect plan needs 48 B");
  opts.ram_limit = 48;
  CHECK(plan_memory(chain, opts).arena_size == 48);

  // Alignment keeps the arena (21) above the bound (19): a limit of 20 fails, and
  // the message does not claim that no plan could fit.
  const std::vector<PlanBuffer> aligned = {buf("a", 10, 0, 1, 4), buf("b", 6, 1, 2, 16), buf("c", 3, 0, 2, 1)};
  opts.ram_limit = 20;
  CHECK(std::string(planning_error(aligned, opts).what()) ==
        "arena 21 B exceeds --ram-limit 20 B; at step 1 (peak) live: a 10 B, b 6 B, c 3 B");
  opts.ram_limit = -1;
  CHECK(planning_error(aligned, opts).kind() == ErrorKind::Usage);
}

TEST_CASE("ram_limit: a wide peak is summarised on one line") {
  std::vector<PlanBuffer> wide;
  for (int i = 0; i < 11; ++i) wide.push_back(buf("t" + std::to_string(i), 4 * (i + 1), 0, 0));
  PlannerOptions opts;
  opts.ram_limit = 100;
  const std::string msg = planning_error(wide, opts).what();
  CHECK(msg ==
        "arena 264 B exceeds --ram-limit 100 B; at step 0 (peak) live: t10 44 B, t9 40 B, t8 36 B, t7 32 B, "
        "t6 28 B, t5 24 B, t4 20 B, t3 16 B, and 3 more; even a perfect plan needs 264 B");
  CHECK(msg.find('\n') == std::string::npos);
}
