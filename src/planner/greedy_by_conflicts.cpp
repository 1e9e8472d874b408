// greedy_by_conflicts — after TVM USMP's greedy_by_conflicts:
//   1. count, for each planned buffer, the planned buffers whose lifetime
//      intersects its own (its conflicts);
//   2. order by conflicts, most first; ties: larger size, earlier first step,
//      lower index;
//   3. place each by first fit (preferring a legal in-place partner's offset).
// A buffer live beside many others constrains the layout most, so it goes
// first; TVM then places at the end of the highest conflicting buffer, tinyc
// uses first fit in the gaps, which is never worse for the same order.
#include <algorithm>

#include "planner/layout.h"
#include "planner/strategies.h"

namespace tinyc::planner {

Offsets greedy_by_conflicts(const Problem& p, const PlannerOptions&) {
  std::vector<int> order = p.planned;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const size_t ca = p.neighbors[static_cast<size_t>(a)].size(), cb = p.neighbors[static_cast<size_t>(b)].size();
    if (ca != cb) return ca > cb;
    if (p.size(a) != p.size(b)) return p.size(a) > p.size(b);
    return p.first[a] < p.first[b];
  });
  return place_in_order(p, order).offsets();
}

}  // namespace tinyc::planner
