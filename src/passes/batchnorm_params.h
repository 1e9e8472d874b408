// Reading an inference BatchNormalization as a per-channel affine map, for
// fold_batchnorm (internal to src/passes/).
#pragma once

#include <optional>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::passes {

/// y = (x - mean) * gamma / sqrt(var + eps) + beta, per channel c (axis 1).
struct BatchNormParams {
  std::vector<double> gamma, beta, mean, var;
  double epsilon = 1e-5;

  size_t channels() const { return gamma.size(); }
  /// gamma / sqrt(var + eps): what the preceding weights are multiplied by.
  double factor(size_t c) const;
  /// The folded bias for an incoming bias b (0 when the producer has none):
  /// (b - mean) * gamma / sqrt(var + eps) + beta.
  double bias(size_t c, double b) const;
};

/// The parameters of BatchNormalization `bn` when it can be folded: inference
/// mode, per-channel ("spatial") statistics, constant scale/bias/mean/var, and
/// only its first output used. std::nullopt otherwise. Throws Error naming the
/// node when the four parameter vectors disagree in length.
std::optional<BatchNormParams> foldable_batchnorm(const Graph& g, const Node& bn);

}  // namespace tinyc::passes
