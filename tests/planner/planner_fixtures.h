// Helpers for the planner tests: short buffer constructors, a seeded random
// generator that gives the same numbers under every standard library, random
// buffer sets, and the activation buffers of a real int8 graph.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/planner.h"

namespace tinyc::test {

/// A buffer of `size` bytes live during steps first..last.
inline PlanBuffer buf(const std::string& name, int64_t size, int first, int last, int64_t alignment = 4) {
  PlanBuffer b;
  b.name = name;
  b.size = size;
  b.first_step = first;
  b.last_step = last;
  b.alignment = alignment;
  return b;
}

/// Uniform integers from mt19937's raw output (std::uniform_int_distribution
/// differs between standard libraries; this does not).
class Rng {
 public:
  explicit Rng(uint32_t seed) : gen_(seed) {}
  int64_t in(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(gen_() % static_cast<uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return in(0, 99) < percent; }

 private:
  std::mt19937 gen_;
};

/// A random buffer set: `n` buffers over up to `steps` steps, sizes up to
/// `max_size`, mixed alignments, some zero-size, some aliases (of earlier,
/// not smaller buffers) and some in-place declarations (legal or not) when
/// `with_specials` is set.
std::vector<PlanBuffer> random_buffers(Rng& rng, int n, int steps, int64_t max_size, bool with_specials);

/// A buffer set tiling [0, width) x [0, steps) exactly (guillotine cuts of
/// the offset x step rectangle into `pieces` buffers, offsets multiples of
/// `unit`): every step has `width` bytes live and the tiling fits in `width`,
/// so the optimal arena equals the lower bound, `width`. Buffers shuffled.
std::vector<PlanBuffer> tiled_buffers(Rng& rng, int pieces, int64_t width, int steps, int64_t unit);

/// The activation buffers of an int8 graph, one step per node: graph inputs
/// live from step 0, graph outputs to the last step; Reshape/Flatten/Squeeze/
/// Unsqueeze outputs alias their input; Relu/Clip/Add/Mul outputs may reuse a
/// same-sized input in place. Sizes are byte sizes.
std::vector<PlanBuffer> activation_buffers(const Graph& g);

}  // namespace tinyc::test

// Offsets and live bytes print as {a, b, c} when a check fails.
namespace doctest {
template <>
struct StringMaker<std::vector<int64_t>> {
  static String convert(const std::vector<int64_t>& v) {
    std::string s = "{";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return (s + "}").c_str();
  }
};
}  // namespace doctest
