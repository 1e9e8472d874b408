// Comparing one sample's outputs and adding up results.
#pragma once

#include <cstdint>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/validate.h"

namespace tinyc::validate {

/// One sample into `r`: `generated` (the harness's bytes, outputs in graph
/// order) against the int8 reference `int8_out`, and the float reference
/// `float_out` against the dequantized int8 outputs (parameters from `q`'s
/// outputs). `label` < 0: none. `r.outputs` must have one entry per output.
void compare_sample(int64_t index, const std::vector<Tensor>& float_out, const std::vector<Tensor>& int8_out,
                    const uint8_t* generated, const Graph& q, int64_t label, ValidateResult& r);

/// Adds the results (counts, indices, sums) of `part` to `into`. Both must
/// describe the same outputs. Ranges are appended, then sorted and coalesced.
void add_results(ValidateResult& into, const ValidateResult& part);

/// Empty per-output statistics named after `q`'s outputs.
std::vector<OutputStats> empty_stats(const Graph& q);

}  // namespace tinyc::validate
