// The planning problem as the strategies see it. build_problem validates the
// PlanBuffers and folds the two special relations into plain facts:
//
//   1. Every alias is resolved to its root (the buffer at the end of its
//      alias_of chain). Only roots are planned; an alias takes its root's offset.
//   2. A root's lifetime is extended to the hull of its whole alias group (a
//      view read at step 9 keeps the bytes it views alive until step 9), and its
//      alignment becomes the lcm of the group's (the view must be aligned too).
//   3. In-place declarations are kept only where they are legal: the listed
//      buffer's (effective) last step is exactly this buffer's (effective) first
//      step. A pair is symmetric for placement: whichever of the two is placed
//      second may take the other's offset. Illegal declarations are dropped, not
//      reported: a caller may list every candidate input and let liveness decide.
//   4. Two planned roots conflict when their effective lifetimes intersect.
//
// Zero-size roots are valid but take no room: they are not planned (offset 0).
// The checker (check_plan.cpp) deliberately does not use this code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/planner.h"

namespace tinyc::planner {

struct Problem {
  const std::vector<PlanBuffer>* buffers = nullptr;
  std::vector<int> root;              ///< per buffer: its root (itself when not an alias)
  std::vector<int> first, last;       ///< per buffer: the effective lifetime of its root's group
  std::vector<int64_t> alignment;     ///< per buffer: its group's alignment (meaningful for roots)
  std::vector<int> planned;           ///< roots of non-zero size, ascending: what strategies place
  std::vector<std::vector<int>> neighbors;  ///< per planned root: the planned roots it conflicts with
  std::vector<std::vector<int>> partners;   ///< per planned root: its legal in-place partners
  int num_steps = 0;                  ///< 1 + the largest last step (0 without buffers)

  int64_t size(int b) const { return (*buffers)[static_cast<size_t>(b)].size; }
  const std::string& name(int b) const { return (*buffers)[static_cast<size_t>(b)].name; }
  bool conflicts(int a, int b) const { return first[a] <= last[b] && first[b] <= last[a]; }
  bool inplace_pair(int a, int b) const;
};

/// Validates `buffers` (throws Error, ErrorKind::Internal: they come from the
/// compiler, not the user) and builds the problem. With allow_inplace false no
/// pair is kept. The problem refers to `buffers`, which must outlive it.
Problem build_problem(const std::vector<PlanBuffer>& buffers, bool allow_inplace);

/// "'name'" or "#index" when the buffer has no name, for messages.
std::string buffer_label(const std::vector<PlanBuffer>& buffers, int b);

/// Smallest multiple of `alignment` (>= 1) that is >= v (v >= 0).
inline int64_t align_up(int64_t v, int64_t alignment) { return (v + alignment - 1) / alignment * alignment; }

/// Bytes live at each step with in-place pairs counted once (see planner.h).
std::vector<int64_t> live_bytes(const Problem& p);

}  // namespace tinyc::planner
