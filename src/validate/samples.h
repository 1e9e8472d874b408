// The samples of a validation run: the data arrays cut to the shard's range
// and prepared once for each consumer (the float reference, and the int8
// reference and generated code, which take the same int8 bytes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::validate {

struct SampleSet {
  int64_t first = 0, count = 0;       ///< global range [first, first + count)
  std::vector<Tensor> float_in;       ///< per graph input: the float graph's dtype, samples stacked
  std::vector<Tensor> int8_in;        ///< per graph input: int8, samples stacked
  std::vector<Tensor> float_decl, int8_decl;  ///< per graph input: one sample's name, dtype and shape

  /// Sample `local` (0-based within the range) as the graph inputs, in order.
  std::vector<Tensor> float_sample(int64_t local) const;
  std::vector<Tensor> int8_sample(int64_t local) const;
  /// All int8 inputs of samples [from, to), sample after sample, inputs in graph order.
  std::vector<uint8_t> int8_bytes(int64_t from, int64_t to) const;
  size_t int8_sample_bytes() const;
};

/// Cuts `arrays` (one per graph input, `total` samples each along their first
/// dimension, as plan_run decided) to [first, last) and converts them for the
/// float graph `fg` and the int8 graph `qg`. Errors name `files[i]`.
SampleSet make_samples(const Graph& fg, const Graph& qg, const std::vector<Tensor>& arrays,
                       const std::vector<std::string>& files, int64_t total, int64_t first, int64_t last);

}  // namespace tinyc::validate
