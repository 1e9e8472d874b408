// Calibration: runs the float reference over the calibration samples and
// chooses a clipping range for every activation tensor (graph inputs and every
// float node output) with the observer named in QuantizeOptions.
//
// Pass 1 records each tensor's min and max. MinMax stops there; the histogram
// observers (percentile, mse, entropy) need that range to lay out their bins,
// so pass 2 runs the samples again and fills one histogram per tensor. Both
// passes spread samples over all cores; per-worker statistics are exact
// (min/max, integer counts) and merge to the same result in any order.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "range_selection.h"
#include "tinyc/ir.h"
#include "tinyc/quantize.h"

namespace tinyc::ptq {

/// Observed range and chosen clipping range of one activation tensor.
struct TensorCalibration {
  FloatRange observed;  ///< min / max over every sample
  FloatRange chosen;    ///< the observer's clipping range (contains 0)
};

/// `samples[i]` is one input set (split_samples). Throws Error when there is
/// no sample, or naming the tensor when one takes a non-finite value.
std::map<std::string, TensorCalibration> calibrate(const Graph& g, const std::vector<std::vector<Tensor>>& samples,
                                                   const QuantizeOptions& opts);

/// "minmax", "percentile", "mse", "entropy".
const char* method_name(CalibrationMethod m);
/// The method called `name`; throws Error (ErrorKind::Usage) listing the names otherwise.
CalibrationMethod parse_method(const std::string& name);

}  // namespace tinyc::ptq
