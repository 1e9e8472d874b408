// tinyc — static memory planning: every activation and scratch buffer gets
// an offset in one arena.
//
// Input: buffers with a size and a lifetime [first_step, last_step] over the
// execution order (inclusive: a buffer written at step s and last read at
// step t is live during s..t). Two buffers whose lifetimes intersect must not
// overlap in memory — except:
//   * alias_of: the buffer *is* another one (Reshape/Flatten/Squeeze views):
//     it gets the other's offset and extends its lifetime; it is not planned.
//   * inplace_with: the buffer may take exactly the same offset as the listed
//     buffer, whose last use is the step that writes this one (elementwise ops,
//     activations, ... whose kernels read each element before writing it).
//     The planner may use it or not.
// Output: an offset per buffer, the arena size, and facts to report.
//
// Strategies (plan_memory tries them and keeps the smallest arena):
//   greedy_by_size — TFLite Micro's: buffers by decreasing size, each placed at
//                    the lowest offset where it fits beside the already placed
//                    buffers it is live with (first fit); ties by earlier start.
//   (more in later versions: greedy by conflicts, exact search for small graphs)
// The checker (check_plan) is written independently of every strategy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tinyc {

struct PlanBuffer {
  std::string name;
  int64_t size = 0;          ///< bytes
  int first_step = 0;        ///< step that writes it (graph inputs: 0)
  int last_step = 0;         ///< last step that reads it (graph outputs: the last step)
  int alias_of = -1;         ///< index of the buffer this one is a view of, or -1
  std::vector<int> inplace_with;  ///< buffers it may share an offset with (see above)
  int64_t alignment = 4;
};

struct MemoryPlan {
  std::vector<int64_t> offsets;  ///< per buffer (aliases: their target's)
  int64_t arena_size = 0;
  std::string strategy;          ///< which strategy produced it
  int64_t lower_bound = 0;       ///< max over steps of the bytes live at that step
  int peak_step = 0;             ///< a step where the live bytes reach lower_bound
  int64_t greedy_size = 0;       ///< what plain greedy_by_size gives, for reports
};

struct PlannerOptions {
  bool allow_inplace = true;
  int64_t ram_limit = 0;         ///< 0: none
};

/// Plans the arena. Throws Error when a buffer is malformed (negative size,
/// bad lifetime, alias cycle) or the plan exceeds ram_limit (the message lists
/// what is live at the peak).
MemoryPlan plan_memory(const std::vector<PlanBuffer>& buffers, const PlannerOptions& opts = {});

/// One strategy by name ("greedy_by_size", ...), for tests and reports.
MemoryPlan plan_with(const std::string& strategy, const std::vector<PlanBuffer>& buffers, const PlannerOptions& opts = {});
std::vector<std::string> planner_strategies();

/// The independent checker: every buffer inside [0, arena_size), aligned, and
/// no two simultaneously live buffers overlapping unless allowed (alias,
/// in-place pair). Throws Error describing the first violation.
void check_plan(const std::vector<PlanBuffer>& buffers, const MemoryPlan& plan);

/// Bytes live at each step (aliases counted once; in-place pairs counted once).
std::vector<int64_t> live_bytes_per_step(const std::vector<PlanBuffer>& buffers);

/// An ASCII picture: one row per buffer (step columns x offset), for tests and --verbose.
std::string draw_plan(const std::vector<PlanBuffer>& buffers, const MemoryPlan& plan, int width = 64);

}  // namespace tinyc
