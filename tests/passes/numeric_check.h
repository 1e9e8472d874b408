// Test helpers for the pass tests: random inputs and "computes the same" checks.
#pragma once

#include <cstdint>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::test {

/// Pseudo-random float inputs for every graph input (deterministic in `seed`).
std::vector<Tensor> random_inputs(const Graph& g, uint32_t seed);

/// The largest absolute difference between the outputs of `a` and `b` on the
/// same random inputs, over `trials` seeds (run_float on both). Outputs must
/// agree in count and shape, else the result is +inf.
float max_output_difference(const Graph& a, const Graph& b, int trials = 3);

}  // namespace tinyc::test
