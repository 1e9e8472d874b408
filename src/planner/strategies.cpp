// The strategy table (see strategies.h). Order matters: it is the tie-break.
#include "planner/strategies.h"

#include <algorithm>

namespace tinyc::planner {
namespace {

bool always(const Problem&, const PlannerOptions&) { return true; }

}  // namespace

const std::vector<Strategy>& strategy_table() {
  static const std::vector<Strategy> table = {
      {"greedy_by_size", "largest buffer first, first fit (TFLite Micro's GreedyMemoryPlanner)", always,
       greedy_by_size},
      {"greedy_by_conflicts", "most conflicting buffer first, first fit (after TVM USMP)", always,
       greedy_by_conflicts},
      {"greedy_by_breadth", "buffers in execution order, largest first within a step, first fit", always,
       greedy_by_breadth},
      {"exact", "branch and bound over first-fit placement orders, for small graphs", exact_search_applies,
       exact_search},
  };
  return table;
}

int64_t arena_of(const Problem& p, const Offsets& offsets) {
  int64_t arena = 0;
  for (int r : p.planned) arena = std::max(arena, offsets[static_cast<size_t>(r)] + p.size(r));
  return arena;
}

}  // namespace tinyc::planner
