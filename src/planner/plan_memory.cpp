// plan_memory and plan_with: run strategies from the table, turn their
// offsets into a MemoryPlan, add the facts (lower bound, peak step, greedy
// size), verify with the independent checker, and enforce the RAM limit.
#include <algorithm>

#include "planner/strategies.h"
#include "tinyc/error.h"

namespace tinyc {
namespace {

using planner::Offsets;
using planner::Problem;

// Every buffer gets an offset: planned roots their own, zero-size roots 0,
// aliases their root's.
MemoryPlan to_plan(const Problem& p, const Offsets& offsets, const std::string& strategy) {
  MemoryPlan plan;
  plan.strategy = strategy;
  plan.offsets.assign(p.root.size(), 0);
  for (int r : p.planned) plan.offsets[static_cast<size_t>(r)] = offsets[static_cast<size_t>(r)];
  for (size_t b = 0; b < p.root.size(); ++b) plan.offsets[b] = plan.offsets[static_cast<size_t>(p.root[b])];
  plan.arena_size = planner::arena_of(p, offsets);
  return plan;
}

void add_facts(const Problem& p, const PlannerOptions& opts, MemoryPlan& plan) {
  const std::vector<int64_t> live = planner::live_bytes(p);
  if (!live.empty()) {
    const auto peak = std::max_element(live.begin(), live.end());  // the first peak
    plan.lower_bound = *peak;
    plan.peak_step = static_cast<int>(peak - live.begin());
  }
  plan.greedy_size = planner::arena_of(p, planner::greedy_by_size(p, opts));
}

std::string live_at_peak(const Problem& p, int step) {
  std::vector<int> live;
  for (int r : p.planned)
    if (p.first[r] <= step && step <= p.last[r]) live.push_back(r);
  std::stable_sort(live.begin(), live.end(), [&](int a, int b) { return p.size(a) > p.size(b); });
  constexpr size_t kShown = 8;  // one readable line, even for wide graphs
  std::string s;
  for (size_t i = 0; i < live.size() && i < kShown; ++i) {
    const std::string& name = p.name(live[i]);
    s += (i ? ", " : "") + (name.empty() ? "#" + std::to_string(live[i]) : name) + " " +
         std::to_string(p.size(live[i])) + " B";
  }
  if (live.size() > kShown) s += ", and " + std::to_string(live.size() - kShown) + " more";
  return s;
}

void enforce_ram_limit(const Problem& p, const PlannerOptions& opts, const MemoryPlan& plan) {
  if (opts.ram_limit < 0) fail("--ram-limit must be >= 0 (got " + std::to_string(opts.ram_limit) + ")", ErrorKind::Usage);
  if (opts.ram_limit == 0 || plan.arena_size <= opts.ram_limit) return;
  std::string msg = "arena " + std::to_string(plan.arena_size) + " B exceeds --ram-limit " +
                    std::to_string(opts.ram_limit) + " B; at step " + std::to_string(plan.peak_step) +
                    " (peak) live: " + live_at_peak(p, plan.peak_step);
  if (plan.lower_bound > opts.ram_limit)
    msg += "; even a perfect plan needs " + std::to_string(plan.lower_bound) + " B";
  fail(msg, ErrorKind::Model);
}

// The checker sees the rules the strategies used: no in-place declarations
// when in-place is off, so a plan relying on one would be rejected.
void verify(const std::vector<PlanBuffer>& buffers, const PlannerOptions& opts, const MemoryPlan& plan) {
  if (opts.allow_inplace) return check_plan(buffers, plan);
  std::vector<PlanBuffer> strict = buffers;
  for (PlanBuffer& b : strict) b.inplace_with.clear();
  check_plan(strict, plan);
}

MemoryPlan finish(const std::vector<PlanBuffer>& buffers, const Problem& p, const PlannerOptions& opts,
                  MemoryPlan plan, std::vector<std::pair<std::string, int64_t>> tried) {
  add_facts(p, opts, plan);
  plan.tried = std::move(tried);
  verify(buffers, opts, plan);
  enforce_ram_limit(p, opts, plan);
  return plan;
}

const planner::Strategy& find_strategy(const std::string& name) {
  for (const planner::Strategy& s : planner::strategy_table())
    if (name == s.name) return s;
  std::string known;
  for (const std::string& n : planner_strategies()) known += (known.empty() ? "" : ", ") + n;
  fail("unknown planner strategy '" + name + "' (strategies: " + known + ")", ErrorKind::Usage);
}

}  // namespace

std::vector<std::string> planner_strategies() {
  std::vector<std::string> names;
  for (const planner::Strategy& s : planner::strategy_table()) names.push_back(s.name);
  return names;
}

MemoryPlan plan_memory(const std::vector<PlanBuffer>& buffers, const PlannerOptions& opts) {
  const Problem p = planner::build_problem(buffers, opts.allow_inplace);
  MemoryPlan best;
  std::vector<std::pair<std::string, int64_t>> tried;
  auto try_all = [&](const Problem& problem, const std::string& suffix) {
    for (const planner::Strategy& s : planner::strategy_table()) {
      if (!s.applies(problem, opts)) continue;
      MemoryPlan plan = to_plan(problem, s.run(problem, opts), s.name + suffix);
      tried.emplace_back(plan.strategy, plan.arena_size);
      // Strictly smaller only: on a tie the earlier strategy in the table wins.
      if (tried.size() == 1 || plan.arena_size < best.arena_size) best = std::move(plan);
    }
  };
  try_all(p, "");
  // The greedy strategies take an in-place offset whenever it does not grow
  // the arena *so far*, which can cost more later: the same strategies
  // without in-place sharing are candidates too (any of their plans is valid).
  if (opts.allow_inplace) try_all(planner::build_problem(buffers, false), " (no in-place)");
  return finish(buffers, p, opts, std::move(best), std::move(tried));
}

MemoryPlan plan_with(const std::string& strategy, const std::vector<PlanBuffer>& buffers, const PlannerOptions& opts) {
  const planner::Strategy& s = find_strategy(strategy);
  const Problem p = planner::build_problem(buffers, opts.allow_inplace);
  if (!s.applies(p, opts))
    fail("planner strategy '" + strategy + "' does not apply: " + std::to_string(p.planned.size()) +
             " planned buffers (it takes at most " + std::to_string(opts.exact_max_buffers) + ")",
         ErrorKind::Usage);
  MemoryPlan plan = to_plan(p, s.run(p, opts), s.name);
  const int64_t arena = plan.arena_size;
  return finish(buffers, p, opts, std::move(plan), {{strategy, arena}});
}

}  // namespace tinyc
