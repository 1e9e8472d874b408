// greedy_by_breadth — "by operator", after microTVM's greedy_by_operator:
//   1. walk the steps in execution order;
//   2. at each step, take the planned buffers born there, largest first
//      (ties: lower index);
//   3. place each by first fit (preferring a legal in-place partner's offset).
// Following the execution order lets an op's output land exactly where the
// buffers that just died were, which suits chains of ops whose sizes shrink.
#include <algorithm>

#include "planner/layout.h"
#include "planner/strategies.h"

namespace tinyc::planner {

Offsets greedy_by_breadth(const Problem& p, const PlannerOptions&) {
  std::vector<int> order = p.planned;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (p.first[a] != p.first[b]) return p.first[a] < p.first[b];
    return p.size(a) > p.size(b);
  });
  return place_in_order(p, order).offsets();
}

}  // namespace tinyc::planner
