// Observers: how a clipping range [lo, hi] is chosen for an activation tensor
// from its calibration statistics (docs/quantization.md, "Post-training
// quantization"). Every function returns a range that contains 0, because 0
// must be exactly representable (zero padding, ReLU outputs).
#pragma once

#include "histogram.h"

namespace tinyc::ptq {

struct FloatRange {
  double lo = 0, hi = 0;
};

/// [min(lo, 0), max(hi, 0)].
FloatRange include_zero(FloatRange r);

/// Clips both tails at `percentile` (e.g. 99.99 keeps the values between the
/// 0.01th and the 99.99th percentile), interpolating linearly inside the bin
/// where the cumulative count crosses the target. `h` is a signed histogram
/// covering `observed` (and 0); the result stays inside `observed` before 0 is
/// added back.
FloatRange percentile_range(const Histogram& h, double percentile, FloatRange observed);

/// The range minimising the expected int8 quantization error over the signed
/// histogram `h` (which covers 0): clipped values cost their squared distance
/// to the range edge, values inside cost the rounding noise step^2/12 with
/// step = (hi - lo) / 255. Candidates shrink each end towards 0 in 1/256ths.
FloatRange mse_range(const Histogram& h);

/// TensorRT's entropy calibration: on the histogram of |x| over [0, max|x|],
/// the threshold T whose clipped-and-requantized distribution has the least
/// KL divergence from the clipped one (128 levels for a tensor of both signs,
/// 255 for a one-signed one). The zero bin's spike is ignored (it takes its
/// neighbour's count). The range is `observed` clipped to [-T, T].
FloatRange entropy_range(const Histogram& abs_hist, FloatRange observed);

}  // namespace tinyc::ptq
