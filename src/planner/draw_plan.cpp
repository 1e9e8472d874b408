// draw_plan: an ASCII memory map of a plan, for tests and `tinyc compile -v`.
//
//   arena 96 B (greedy_by_size); lower bound 96 B at step 1; greedy_by_size 96 B
//   offset | steps 0..2
//        0 | aac
//       64 | .bb
//       96 +
//   a  x  [0, 64)  64 B  steps 0..1
//   ...
//
// Rows are offset bands, top = offset 0: the bands between every buffer's
// start and end when there are at most kMaxRows of them (then every cell is
// exact), else kMaxRows equal bands. Columns are steps, several per column
// when there are more steps than `width`. A cell shows the buffer covering
// most of the band during the column's steps (ties: lower index), '.' when
// none does. Buffers are lettered a-z, A-Z, 0-9 in index order, '*' after that.
#include <algorithm>
#include <sstream>

#include "planner/problem.h"

namespace tinyc {
namespace {

constexpr size_t kMaxRows = 24;

char letter(size_t k) {
  static const char* letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return k < 62 ? letters[k] : '*';
}

std::vector<int64_t> band_edges(const planner::Problem& p, const MemoryPlan& plan) {
  std::vector<int64_t> edges{0, plan.arena_size};
  for (int r : p.planned) {
    edges.push_back(plan.offsets[static_cast<size_t>(r)]);
    edges.push_back(plan.offsets[static_cast<size_t>(r)] + p.size(r));
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  edges.erase(std::remove_if(edges.begin(), edges.end(), [&](int64_t e) { return e > plan.arena_size; }), edges.end());
  if (edges.size() - 1 <= kMaxRows) return edges;
  const int64_t band = (plan.arena_size + static_cast<int64_t>(kMaxRows) - 1) / static_cast<int64_t>(kMaxRows);
  edges.clear();
  for (int64_t e = 0; e < plan.arena_size; e += band) edges.push_back(e);
  edges.push_back(plan.arena_size);
  return edges;
}

// Converters give tensors names of 200 characters; a legend line should fit a
// terminal, so long names keep their start and end (where the op name and the
// "_q" suffix usually are).
std::string short_name(const std::vector<PlanBuffer>& buffers, size_t b) {
  constexpr size_t kMax = 40, kHead = 18;
  const std::string& n = buffers[b].name;
  if (n.empty()) return "#" + std::to_string(b);
  if (n.size() <= kMax) return n;
  return n.substr(0, kHead) + "..." + n.substr(n.size() - (kMax - kHead - 3));
}

// The buffer's own lifetime; a root kept alive longer by its aliases says so.
std::string lifetime(const std::vector<PlanBuffer>& buffers, const planner::Problem& p, size_t b) {
  std::string s = "steps " + std::to_string(buffers[b].first_step) + ".." + std::to_string(buffers[b].last_step);
  if (p.root[b] == static_cast<int>(b) && (p.first[b] != buffers[b].first_step || p.last[b] != buffers[b].last_step))
    s += " (with aliases " + std::to_string(p.first[b]) + ".." + std::to_string(p.last[b]) + ")";
  return s;
}

}  // namespace

std::string draw_plan(const std::vector<PlanBuffer>& buffers, const MemoryPlan& plan, int width) {
  const planner::Problem p = planner::build_problem(buffers, /*allow_inplace=*/true);
  std::ostringstream out;
  out << "arena " << plan.arena_size << " B (" << plan.strategy << "); lower bound " << plan.lower_bound
      << " B at step " << plan.peak_step << "; greedy_by_size " << plan.greedy_size << " B\n";
  if (p.planned.empty() || plan.arena_size <= 0 || plan.offsets.size() != buffers.size()) {
    out << "(empty arena)\n";
    return out.str();
  }
  std::vector<char> mark(buffers.size(), '-');  // '-': takes no room, not drawn
  for (size_t k = 0; k < p.planned.size(); ++k) mark[static_cast<size_t>(p.planned[k])] = letter(k);

  const int steps = p.num_steps;
  const int per_col = std::max(1, (steps + std::max(width, 1) - 1) / std::max(width, 1));
  const int cols = (steps + per_col - 1) / per_col;
  out << "  offset | steps 0.." << steps - 1;
  if (per_col > 1) out << ", " << per_col << " per column";
  out << "\n";
  const std::vector<int64_t> edges = band_edges(p, plan);
  for (size_t row = 0; row + 1 < edges.size(); ++row) {
    const int64_t lo = edges[row], hi = edges[row + 1];
    std::string cells;
    for (int c = 0; c < cols; ++c) {
      const int s0 = c * per_col, s1 = std::min(steps - 1, s0 + per_col - 1);
      int64_t best_cover = 0;
      char cell = '.';
      for (int r : p.planned) {
        if (p.last[r] < s0 || p.first[r] > s1) continue;
        const int64_t o = plan.offsets[static_cast<size_t>(r)];
        const int64_t cover = std::min(hi, o + p.size(r)) - std::max(lo, o);
        if (cover > best_cover) best_cover = cover, cell = mark[static_cast<size_t>(r)];
      }
      cells += cell;
    }
    std::string off = std::to_string(lo);
    out << std::string(off.size() < 8 ? 8 - off.size() : 0, ' ') << off << " | " << cells << "\n";
  }
  std::string end = std::to_string(plan.arena_size);
  out << std::string(end.size() < 8 ? 8 - end.size() : 0, ' ') << end << " +\n";

  for (size_t b = 0; b < buffers.size(); ++b) {
    const int r = p.root[b];
    const int64_t o = plan.offsets[b];
    const std::string name = short_name(buffers, b);
    std::string note;
    if (r != static_cast<int>(b))
      note = "  alias of '" + short_name(buffers, static_cast<size_t>(buffers[b].alias_of)) + "'";
    else if (p.size(r) == 0)
      note = "  empty";
    for (int q : p.partners[static_cast<size_t>(b)])
      if (p.last[q] == p.first[r] && plan.offsets[static_cast<size_t>(q)] == o)
        note += "  in place of '" + short_name(buffers, static_cast<size_t>(q)) + "'";
    out << "  " << mark[static_cast<size_t>(r)] << "  " << name << "  [" << o << ", " << o + buffers[b].size << ")  "
        << buffers[b].size << " B  " << lifetime(buffers, p, b) << note << "\n";
  }
  return out.str();
}

}  // namespace tinyc
