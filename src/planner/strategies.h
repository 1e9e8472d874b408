// The strategy table: every planning strategy with its name, a one-line
// summary, when it applies, and the function that places the planned roots.
// plan_memory tries them in table order and keeps the smallest arena; on a tie
// the earlier one wins, so the order is also the tie-break.
#pragma once

#include <cstdint>
#include <vector>

#include "planner/problem.h"

namespace tinyc::planner {

/// Offsets of the planned roots (indexed by buffer; other entries unused).
using Offsets = std::vector<int64_t>;

struct Strategy {
  const char* name;
  const char* summary;
  bool (*applies)(const Problem&, const PlannerOptions&);
  Offsets (*run)(const Problem&, const PlannerOptions&);
};

const std::vector<Strategy>& strategy_table();

Offsets greedy_by_size(const Problem& p, const PlannerOptions& opts);
Offsets greedy_by_conflicts(const Problem& p, const PlannerOptions& opts);
Offsets greedy_by_breadth(const Problem& p, const PlannerOptions& opts);
Offsets exact_search(const Problem& p, const PlannerOptions& opts);
bool exact_search_applies(const Problem& p, const PlannerOptions& opts);

/// End of the highest planned root under `offsets`.
int64_t arena_of(const Problem& p, const Offsets& offsets);

}  // namespace tinyc::planner
