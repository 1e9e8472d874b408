// Calibration / evaluation data as independent samples: one Tensor per graph
// input holding N samples along a leading dimension is split into N input
// sets, each shaped exactly like the graph's inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::ptq {

/// One input set per sample: result[i][k] is sample i of graph input k.
/// `data[k]` is either exactly input k's shape (one sample), or [N, ...] where
/// either the rest is input k's shape, or the input has a leading batch of 1
/// and the rest is the input's remaining shape. Every input must get the same
/// N. Throws Error (ErrorKind::Usage) naming the input when shapes do not fit.
std::vector<std::vector<Tensor>> split_samples(const Graph& g, const std::vector<Tensor>& data);

/// `count` samples for every graph input, uniform in [lo, hi), from a fixed
/// seed: the same graph always gets the same data. For smoke tests only.
std::vector<Tensor> synthetic_samples(const Graph& g, int64_t count, float lo = -1.0f, float hi = 1.0f);

}  // namespace tinyc::ptq
