// Parameter sharing: which activation tensors must carry the same int8
// parameters, and the parameters each one gets (docs/quantization.md, "Post-
// training quantization", lists each rule and why it matters).
//
//  1. Data movement, max pooling and average pooling outputs join their
//     input's group and add nothing to its range: the int8 op then moves
//     codes unchanged (average pooling must: TFLite's int8 kernel averages
//     raw codes and requires equal input/output parameters).
//  2. Softmax/Sigmoid/HardSigmoid/Tanh outputs have fixed parameters.
//  3. A Concat's output and every input whose group feeds nothing but this
//     Concat (directly or through rule 1 ops) form one group with the union
//     of their ranges, so the Concat copies bytes. Other inputs keep their
//     own parameters; the lowering requantizes them. Fixed-parameter inputs
//     never join (their fixed encoding would not fit the others' range).
//     Constant inputs add their values to the range.
//  4. Everything else (Conv, Gemm, residual Add, ...) has its own range.
#pragma once

#include <map>
#include <string>

#include "calibrate.h"
#include "tinyc/ir.h"

namespace tinyc::ptq {

/// The float activation tensors of `g`: graph inputs and float node outputs.
std::vector<std::string> activation_tensors(const Graph& g);

/// int8 per-tensor parameters for every activation tensor, from the chosen
/// ranges. Every activation tensor must have an entry in `ranges`.
std::map<std::string, QuantParams> assign_activation_params(const Graph& g,
                                                            const std::map<std::string, FloatRange>& ranges);

}  // namespace tinyc::ptq
