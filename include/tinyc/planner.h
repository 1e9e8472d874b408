// tinyc — static memory planning: every activation and scratch buffer gets
// an offset in one arena.
//
// Input: buffers with a size and a lifetime [first_step, last_step] over the
// execution order (inclusive: a buffer written at step s and last read at
// step t is live during s..t). Two buffers whose lifetimes intersect must not
// overlap in memory — except:
//   * alias_of: the buffer *is* another one (Reshape/Flatten/Squeeze views):
//     it gets the other's offset and extends its lifetime; it is not planned.
//     Chains resolve to the root at their end; the root's lifetime becomes the
//     hull of its whole group and its alignment the lcm of the group's. An
//     alias may not be larger than its target; a cycle is an Error.
//   * inplace_with: the buffer may take exactly the same offset as the listed
//     buffer, whose last use is the step that writes this one (elementwise ops,
//     activations, ... whose kernels read each element before writing it).
//     The planner may use it or not. Legal only when the listed buffer's
//     (alias-extended) last_step equals this one's (alias-extended)
//     first_step; other declarations are ignored, so a caller may list every
//     candidate input and let liveness decide. Only the same offset is allowed.
// Zero-size buffers are allowed and take no room (offset 0).
// Output: an offset per buffer, the arena size, and facts to report.
//
// Strategies (plan_memory tries every one that applies, in this order, and
// keeps the smallest arena; on a tie the earlier one wins). All place buffers
// one at a time at the lowest aligned offset where they overlap no placed
// buffer they are live with (first fit in the gaps), trying a legal in-place
// partner's offset first; they differ in the order:
//   greedy_by_size      — TFLite Micro's: largest first; ties by earlier first
//                         step, then index.
//   greedy_by_conflicts — after TVM USMP: most lifetime conflicts first; ties
//                         by larger size, earlier first step, index.
//   greedy_by_breadth   — by operator: steps in order, the buffers born at each
//                         largest first.
//   exact               — branch and bound over first-fit placement orders,
//                         for at most exact_max_buffers planned buffers and
//                         exact_node_budget search nodes; starts from the best
//                         greedy plan and stops when it reaches lower_bound.
//                         Optimal when no in-place pair is used and the budget
//                         suffices (docs/memory-planner.md has the argument).
// The checker (check_plan) is written independently of every strategy.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
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
  /// (strategy, arena) for every strategy that ran, in table order (plan_with: the one).
  std::vector<std::pair<std::string, int64_t>> tried;
};

struct PlannerOptions {
  bool allow_inplace = true;
  int64_t ram_limit = 0;         ///< 0: none
  /// exact runs only on at most this many planned buffers (non-alias, non-empty) ...
  int64_t exact_max_buffers = 14;
  /// ... and gives up, keeping its best plan, after this many search nodes
  /// (a count, not a time, so results are the same on every machine).
  int64_t exact_node_budget = 20000;
};

/// Plans the arena. Throws Error when a buffer is malformed (negative size,
/// bad lifetime, alias cycle: ErrorKind::Internal) or the plan exceeds
/// ram_limit (ErrorKind::Model; one line listing what is live at the peak:
/// "arena 40960 B exceeds --ram-limit 32768 B; at step 5 (peak) live:
/// conv2_out 16384 B, pool_out 8192 B, ..."). The winner is verified with
/// check_plan before it is returned.
MemoryPlan plan_memory(const std::vector<PlanBuffer>& buffers, const PlannerOptions& opts = {});

/// One strategy by name ("greedy_by_size", ...), for tests and reports; the
/// facts, the check and ram_limit as in plan_memory. Throws Error
/// (ErrorKind::Usage) for an unknown name or a strategy that does not apply.
MemoryPlan plan_with(const std::string& strategy, const std::vector<PlanBuffer>& buffers, const PlannerOptions& opts = {});
std::vector<std::string> planner_strategies();

/// The independent checker: every buffer inside [0, arena_size), aligned, and
/// no two simultaneously live buffers overlapping unless allowed (alias,
/// legal in-place pair at exactly the same offset). Throws Error
/// (ErrorKind::Internal) naming both buffers and their byte ranges.
void check_plan(const std::vector<PlanBuffer>& buffers, const MemoryPlan& plan);

/// Bytes live at each step (aliases counted once; legal in-place pairs counted
/// once, i.e. the least any layout that shares as the rules allow can use).
/// Index = step, size = 1 + the largest last_step. Validates like plan_memory.
std::vector<int64_t> live_bytes_per_step(const std::vector<PlanBuffer>& buffers);

/// An ASCII picture for tests and --verbose: a memory map (rows = offset bands,
/// top = offset 0; columns = steps, grouped when there are more than `width`;
/// each cell the letter of the buffer there, '.' free) and a legend (letter,
/// name, [offset, end), size, steps, alias / in-place notes).
/// Format described in docs/memory-planner.md.
std::string draw_plan(const std::vector<PlanBuffer>& buffers, const MemoryPlan& plan, int width = 64);

}  // namespace tinyc
