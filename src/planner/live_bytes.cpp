// Bytes live per step: the lower bound every plan must reach.
//
// At step s every planned root whose effective lifetime covers s needs bytes of
// its own, except where in-place sharing is legal. Overlap is only allowed
// between legal in-place pairs at the same offset, so the buffers live at s
// fall into groups sharing one offset, each group a clique of legal pairs,
// and they need the sum over groups of the group's largest size. Usually a
// group is a pair (one buffer dying at s, one born at s), but a buffer living
// only at step s may be both, so the general case is a partition into cliques.
// The bound subtracts the best saving (sum - max of each group) any partition
// gives: exactly, by a subset DP, when at most 12 buffers at the step have a
// live partner; beyond that by a relaxation (each such buffer saves at most
// min(its size, its largest partner's)) that can only over-estimate the
// saving, so the result stays a valid lower bound.
#include <algorithm>

#include "planner/problem.h"

namespace tinyc::planner {
namespace {

constexpr size_t kExactGroupLimit = 12;

// Largest total saving over partitions of `items` into cliques of legal pairs.
int64_t best_sharing_saving(const Problem& p, const std::vector<int>& items) {
  const size_t k = items.size();
  if (k > kExactGroupLimit) {
    int64_t total = 0;
    for (int a : items) {
      int64_t best = 0;
      for (int b : items)
        if (p.inplace_pair(a, b)) best = std::max(best, std::min(p.size(a), p.size(b)));
      total += best;
    }
    return total;
  }
  const size_t full = size_t{1} << k;
  std::vector<int64_t> saving(full, -1);  // -1: not a clique
  saving[0] = 0;
  for (size_t mask = 1; mask < full; ++mask) {
    size_t low = 0;
    while (!(mask >> low & 1)) ++low;
    const size_t rest = mask & (mask - 1);
    if (saving[rest] < 0) continue;
    bool clique = true;
    for (size_t j = 0; j < k && clique; ++j)
      if ((rest >> j & 1) && !p.inplace_pair(items[low], items[j])) clique = false;
    if (!clique) continue;
    int64_t sum = p.size(items[low]), biggest = p.size(items[low]);
    for (size_t j = 0; j < k; ++j)
      if (rest >> j & 1) sum += p.size(items[j]), biggest = std::max(biggest, p.size(items[j]));
    saving[mask] = sum - biggest;
  }
  std::vector<int64_t> best(full, 0);
  for (size_t mask = 1; mask < full; ++mask) {
    const size_t low = mask & (~mask + 1);
    const size_t others = mask ^ low;
    // Every group containing the lowest item: `low` plus a subset of the others.
    for (size_t sub = others;; sub = (sub - 1) & others) {
      if (saving[sub | low] >= 0) best[mask] = std::max(best[mask], saving[sub | low] + best[others ^ sub]);
      if (sub == 0) break;
    }
  }
  return best[full - 1];
}

}  // namespace

std::vector<int64_t> live_bytes(const Problem& p) {
  std::vector<int64_t> live(static_cast<size_t>(p.num_steps), 0);
  // Buffers that may share at step s: those with a partner, at its first or last step.
  std::vector<std::vector<int>> sharing(live.size());
  for (int r : p.planned) {
    for (int s = p.first[r]; s <= p.last[r]; ++s) live[static_cast<size_t>(s)] += p.size(r);
    if (p.partners[r].empty()) continue;
    sharing[static_cast<size_t>(p.first[r])].push_back(r);
    if (p.last[r] != p.first[r]) sharing[static_cast<size_t>(p.last[r])].push_back(r);
  }
  for (size_t s = 0; s < live.size(); ++s)
    if (sharing[s].size() > 1) live[s] -= best_sharing_saving(p, sharing[s]);
  return live;
}

}  // namespace tinyc::planner

namespace tinyc {

std::vector<int64_t> live_bytes_per_step(const std::vector<PlanBuffer>& buffers) {
  const planner::Problem p = planner::build_problem(buffers, /*allow_inplace=*/true);
  return planner::live_bytes(p);
}

}  // namespace tinyc
