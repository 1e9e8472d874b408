// A partial placement of planned roots, and the placement rules every strategy
// shares:
//
//   fits_at(b, o)   b at offset o overlaps no placed buffer it conflicts with,
//                   except a legal in-place partner placed at exactly o.
//   first_fit(b)    the lowest aligned offset where b fits. Only 0, the ends
//                   of placed neighbours (aligned up) and the offsets of placed
//                   partners can be that lowest offset, so only those are tried.
//   inplace_offsets(b)  offsets of placed partners where b fits (ascending).
//   preferred_offset(b) the lowest in-place offset that makes the arena no
//                   larger than first fit would, else first_fit: sharing with
//                   the buffer an op consumes is what lets elementwise ops and
//                   activations run in place, and a same-sized partner already
//                   lies inside the arena, so it costs no new bytes even when
//                   a lower gap exists (a larger buffer might stick out above).
//
// place/unplace keep a stack so the exact search can backtrack cheaply.
#pragma once

#include <cstdint>
#include <vector>

#include "planner/problem.h"

namespace tinyc::planner {

class Layout {
 public:
  explicit Layout(const Problem& p);

  bool fits_at(int b, int64_t offset) const;
  int64_t first_fit(int b) const;
  std::vector<int64_t> inplace_offsets(int b) const;
  int64_t preferred_offset(int b) const;

  void place(int b, int64_t offset);
  /// Undoes the most recent place (b must be it).
  void unplace(int b);

  bool is_placed(int b) const { return offset_[static_cast<size_t>(b)] >= 0; }
  int64_t offset(int b) const { return offset_[static_cast<size_t>(b)]; }
  /// Per buffer index; -1 for buffers not placed.
  const std::vector<int64_t>& offsets() const { return offset_; }
  /// End of the highest placed buffer.
  int64_t arena() const { return arena_.back(); }
  size_t placed_count() const { return arena_.size() - 1; }

 private:
  const Problem& p_;
  std::vector<int64_t> offset_;
  std::vector<int64_t> arena_;  // arena after each place, for unplace
  std::vector<int> order_;      // placement stack
};

/// Places the planned roots in `order` (each at its preferred offset).
Layout place_in_order(const Problem& p, const std::vector<int>& order);

}  // namespace tinyc::planner
