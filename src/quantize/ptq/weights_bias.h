// Weights and biases of Conv / Gemm / MatMul for the QDQ graph: the bias as
// one float per output channel, and the weight parameters, widened where a
// large bias would not fit the int32 accumulator otherwise.
#pragma once

#include <optional>

#include "tinyc/ir.h"

namespace tinyc::ptq {

/// Output channels of the node's weights (weight_channel_axis's dimension).
int64_t weight_channels(const Graph& g, const Node& n);

/// The node's constant float bias as one value per output channel, in its own
/// shape ([C] or [1, C]); a scalar is broadcast to [C], Gemm's beta is folded
/// in. nullopt when there is no constant float bias. Throws Error naming the
/// node for a bias of another shape.
std::optional<Tensor> channel_bias(const Graph& g, const Node& n);

/// Symmetric int8 weight parameters (per channel when `per_channel`), with
/// each channel's scale raised where needed so that the int32 bias
/// round(b[c] / (s_in * s_w[c])) stays within 2^30: the int8 ops prove
/// |bias| + 255 * sum|w| < 2^31 at compile time, and a near-dead channel
/// (weights ~1e-9, a normal bias) would otherwise break it. TFLite's
/// converter does the same (AdjustWeightsForBiasScale).
QuantParams fitted_weight_params(const Graph& g, const Node& n, bool per_channel, const Tensor* bias, float s_in);

}  // namespace tinyc::ptq
