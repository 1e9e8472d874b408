// check_plan: the independent overlap checker. It shares no code with the
// strategies (not even alias resolution): a bug there must not hide itself
// here. It checks, throwing an Error for the first violation:
//   1. the plan has one offset per buffer and a non-negative arena;
//   2. every buffer lies in [0, arena_size) and is aligned, and an alias sits
//      at its target's offset;
//   3. any two buffers of different alias groups whose group lifetimes
//      intersect have disjoint byte ranges, unless they are a legal in-place
//      pair (declared in either group, the listed group's last step equal to
//      the declaring group's first step) at exactly the same offset.
#include <algorithm>
#include <set>
#include <utility>

#include "tinyc/error.h"
#include "tinyc/planner.h"

namespace tinyc {
namespace {

[[noreturn]] void bad_plan(const std::string& what) { fail("memory plan: " + what, ErrorKind::Internal); }

std::string label(const std::vector<PlanBuffer>& bufs, size_t i) {
  return bufs[i].name.empty() ? "#" + std::to_string(i) : "'" + bufs[i].name + "'";
}

std::string range(int64_t offset, int64_t size) {
  return "[" + std::to_string(offset) + ", " + std::to_string(offset + size) + ")";
}

struct Groups {
  std::vector<size_t> root;       // per buffer
  std::vector<int> first, last;   // per buffer: its group's lifetime hull
};

Groups alias_groups(const std::vector<PlanBuffer>& bufs) {
  const size_t n = bufs.size();
  Groups g{std::vector<size_t>(n), std::vector<int>(n), std::vector<int>(n)};
  for (size_t i = 0; i < n; ++i) {
    size_t r = i;
    for (size_t hops = 0; bufs[r].alias_of >= 0; ++hops) {
      const auto next = static_cast<size_t>(bufs[r].alias_of);
      if (next >= n || hops >= n) bad_plan("buffer " + label(bufs, i) + " has a broken or cyclic alias_of chain");
      r = next;
    }
    g.root[i] = r;
  }
  for (size_t i = 0; i < n; ++i) g.first[i] = bufs[i].first_step, g.last[i] = bufs[i].last_step;
  for (size_t i = 0; i < n; ++i) {
    g.first[g.root[i]] = std::min(g.first[g.root[i]], bufs[i].first_step);
    g.last[g.root[i]] = std::max(g.last[g.root[i]], bufs[i].last_step);
  }
  for (size_t i = 0; i < n; ++i) g.first[i] = g.first[g.root[i]], g.last[i] = g.last[g.root[i]];
  return g;
}

// Legal in-place pairs, as (smaller root, larger root).
std::set<std::pair<size_t, size_t>> legal_pairs(const std::vector<PlanBuffer>& bufs, const Groups& g) {
  std::set<std::pair<size_t, size_t>> pairs;
  for (size_t b = 0; b < bufs.size(); ++b) {
    for (int q : bufs[b].inplace_with) {
      if (q < 0 || static_cast<size_t>(q) >= bufs.size()) bad_plan("buffer " + label(bufs, b) + " has a bad inplace_with index");
      const size_t rb = g.root[b], rq = g.root[static_cast<size_t>(q)];
      if (rb != rq && g.last[rq] == g.first[rb]) pairs.insert({std::min(rb, rq), std::max(rb, rq)});
    }
  }
  return pairs;
}

bool declared(const std::vector<PlanBuffer>& bufs, const Groups& g, size_t a, size_t b) {
  for (size_t x = 0; x < bufs.size(); ++x)
    for (int q : bufs[x].inplace_with) {
      const size_t rx = g.root[x], rq = g.root[static_cast<size_t>(q)];
      if ((rx == g.root[a] && rq == g.root[b]) || (rx == g.root[b] && rq == g.root[a])) return true;
    }
  return false;
}

void check_placement(const std::vector<PlanBuffer>& bufs, const MemoryPlan& plan) {
  for (size_t i = 0; i < bufs.size(); ++i) {
    const PlanBuffer& b = bufs[i];
    const int64_t off = plan.offsets[i];
    if (b.size < 0 || b.alignment < 1 || b.first_step > b.last_step)
      bad_plan("buffer " + label(bufs, i) + " is malformed (size, alignment or lifetime)");
    if (off < 0 || off + b.size > plan.arena_size)
      bad_plan("buffer " + label(bufs, i) + " at " + range(off, b.size) + " lies outside the arena [0, " +
               std::to_string(plan.arena_size) + ")");
    if (off % b.alignment != 0)
      bad_plan("buffer " + label(bufs, i) + " at offset " + std::to_string(off) + " is not aligned to " +
               std::to_string(b.alignment));
    if (b.alias_of >= 0 && off != plan.offsets[static_cast<size_t>(b.alias_of)])
      bad_plan("alias " + label(bufs, i) + " at offset " + std::to_string(off) + " but its target " +
               label(bufs, static_cast<size_t>(b.alias_of)) + " at " +
               std::to_string(plan.offsets[static_cast<size_t>(b.alias_of)]));
    if (b.alias_of >= 0 && b.size > bufs[static_cast<size_t>(b.alias_of)].size)
      bad_plan("alias " + label(bufs, i) + " is larger than its target");
  }
}

}  // namespace

void check_plan(const std::vector<PlanBuffer>& bufs, const MemoryPlan& plan) {
  if (plan.offsets.size() != bufs.size())
    bad_plan(std::to_string(plan.offsets.size()) + " offsets for " + std::to_string(bufs.size()) + " buffers");
  if (plan.arena_size < 0) bad_plan("negative arena size " + std::to_string(plan.arena_size));
  const Groups g = alias_groups(bufs);
  check_placement(bufs, plan);
  const auto pairs = legal_pairs(bufs, g);
  for (size_t i = 0; i < bufs.size(); ++i) {
    for (size_t j = i + 1; j < bufs.size(); ++j) {
      if (g.root[i] == g.root[j] || bufs[i].size == 0 || bufs[j].size == 0) continue;
      const int lo = std::max(g.first[i], g.first[j]), hi = std::min(g.last[i], g.last[j]);
      if (lo > hi) continue;  // never live together
      const int64_t oi = plan.offsets[i], oj = plan.offsets[j];
      if (oi + bufs[i].size <= oj || oj + bufs[j].size <= oi) continue;  // disjoint
      const auto key = std::make_pair(std::min(g.root[i], g.root[j]), std::max(g.root[i], g.root[j]));
      const bool legal = pairs.count(key) != 0;
      if (legal && oi == oj) continue;
      std::string why;
      if (legal) why = " (in-place partners must share exactly the same offset)";
      else if (declared(bufs, g, i, j)) why = " (declared in place, but one's last step is not the other's first step)";
      bad_plan("buffers " + label(bufs, i) + " " + range(oi, bufs[i].size) + " and " + label(bufs, j) + " " +
               range(oj, bufs[j].size) + " overlap while both live at steps " + std::to_string(lo) + ".." +
               std::to_string(hi) + why);
    }
  }
}

}  // namespace tinyc
