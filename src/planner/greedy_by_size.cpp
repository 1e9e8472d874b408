// greedy_by_size — TensorFlow Lite Micro's GreedyMemoryPlanner:
//   1. order the planned buffers by size, largest first; ties: earlier first
//      step, then lower index (deterministic);
//   2. place each at the lowest aligned offset where it overlaps none of the
//      already placed buffers whose lifetime intersects its own (first fit in
//      the gaps between them), preferring a legal in-place partner's offset.
// Big buffers go first because they are the hardest to fit into gaps later.
// Without in-place pairs and with alignment 1 this reproduces TFLM's offsets
// (TFLM breaks size ties by index alone; the first-step tie-break is tinyc's).
#include <algorithm>

#include "planner/layout.h"
#include "planner/strategies.h"

namespace tinyc::planner {

Offsets greedy_by_size(const Problem& p, const PlannerOptions&) {
  std::vector<int> order = p.planned;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (p.size(a) != p.size(b)) return p.size(a) > p.size(b);
    return p.first[a] < p.first[b];
  });
  return place_in_order(p, order).offsets();
}

}  // namespace tinyc::planner
