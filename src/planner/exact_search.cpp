// exact — branch and bound for small graphs (at most opts.exact_max_buffers
// planned buffers):
//   1. Start from the best greedy plan (the incumbent) and the lower bound (the
//      most bytes live at one step). Stop at once if the incumbent reaches it.
//   2. Depth first, extend a partial layout by one buffer at a time:
//      - a first-fit move puts a buffer at its first-fit offset, and is allowed
//        only when (offset, index) is larger than the previous first-fit
//        move's. Why nothing is lost: call a layout compact when first fit in
//        increasing (offset, index) order rebuilds it. Rebuilding any layout
//        that way moves no buffer up (each buffer's old offset stays free of
//        the buffers placed before it, which only moved down), so repeating
//        it reaches a compact layout no larger; some optimal layout is
//        therefore compact, and the search builds each compact layout once.
//      - an in-place move puts a buffer at a placed partner's offset when it
//        fits there. Sharing breaks the argument above (a partner that moved
//        down no longer frees the shared offset), so these are tried too, in
//        any order; with in-place pairs the search is thorough, not proven.
//   3. Prune a branch when its arena reaches the incumbent, or when a buffer
//      without partners can no longer be placed below it: its first fit only
//      rises as buffers are added, and it must go above the last first-fit move.
//   4. Try children smallest resulting arena first, so good plans come early.
//   5. Stop when the incumbent reaches the lower bound, or after
//      opts.exact_node_budget nodes (keeping the best plan found).
// Without in-place pairs and within the budget, the result is optimal.
#include <algorithm>
#include <tuple>

#include "planner/layout.h"
#include "planner/strategies.h"

namespace tinyc::planner {
namespace {

struct Move {
  int buffer;
  int64_t offset;
  bool first_fit;
  int64_t arena;  // the layout's arena after the move
};

class BranchAndBound {
 public:
  BranchAndBound(const Problem& p, int64_t lower, int64_t budget, Offsets incumbent)
      : p_(p), layout_(p), lower_(lower), budget_(budget), best_offsets_(std::move(incumbent)) {
    best_ = arena_of(p, best_offsets_);
  }

  Offsets run() {
    if (best_ > lower_) search(-1, -1);
    return best_offsets_;
  }

 private:
  void search(int64_t cursor_offset, int cursor_buffer) {
    if (stop_) return;
    if (++nodes_ > budget_) {
      stop_ = true;
      return;
    }
    if (layout_.placed_count() == p_.planned.size()) return record();
    std::vector<Move> moves;
    const auto cursor = std::make_pair(cursor_offset, cursor_buffer);
    for (int b : p_.planned) {
      if (layout_.is_placed(b)) continue;
      const int64_t fit = layout_.first_fit(b);
      const bool shares = !p_.partners[static_cast<size_t>(b)].empty();
      if (!shares) {
        const int64_t floor = std::max(fit, align_up(std::max<int64_t>(cursor_offset, 0), p_.alignment[b]));
        if (floor + p_.size(b) >= best_) return;
      }
      if (std::make_pair(fit, b) > cursor) moves.push_back({b, fit, true, std::max(layout_.arena(), fit + p_.size(b))});
      if (!shares) continue;
      for (int64_t o : layout_.inplace_offsets(b))
        if (o != fit) moves.push_back({b, o, false, std::max(layout_.arena(), o + p_.size(b))});
    }
    std::sort(moves.begin(), moves.end(), [](const Move& x, const Move& y) {
      return std::tie(x.arena, x.offset, x.buffer, x.first_fit) < std::tie(y.arena, y.offset, y.buffer, y.first_fit);
    });
    for (const Move& m : moves) {
      if (m.arena >= best_) break;  // sorted: the rest are no better
      layout_.place(m.buffer, m.offset);
      if (m.first_fit)
        search(m.offset, m.buffer);
      else
        search(cursor_offset, cursor_buffer);
      layout_.unplace(m.buffer);
      if (stop_) return;
    }
  }

  void record() {
    if (layout_.arena() >= best_) return;
    best_ = layout_.arena();
    best_offsets_ = layout_.offsets();
    if (best_ <= lower_) stop_ = true;
  }

  const Problem& p_;
  Layout layout_;
  int64_t lower_, budget_;
  Offsets best_offsets_;
  int64_t best_ = 0;
  int64_t nodes_ = 0;
  bool stop_ = false;
};

}  // namespace

bool exact_search_applies(const Problem& p, const PlannerOptions& opts) {
  return static_cast<int64_t>(p.planned.size()) <= opts.exact_max_buffers;
}

Offsets exact_search(const Problem& p, const PlannerOptions& opts) {
  // The incumbent: the best greedy plan (earlier strategy on ties).
  Offsets incumbent;
  for (auto greedy : {greedy_by_size, greedy_by_conflicts, greedy_by_breadth}) {
    Offsets o = greedy(p, opts);
    if (incumbent.empty() || arena_of(p, o) < arena_of(p, incumbent)) incumbent = std::move(o);
  }
  const std::vector<int64_t> live = live_bytes(p);
  const int64_t lower = live.empty() ? 0 : *std::max_element(live.begin(), live.end());
  return BranchAndBound(p, lower, opts.exact_node_budget, std::move(incumbent)).run();
}

}  // namespace tinyc::planner
