// A fixed-range histogram of float values, the statistic the percentile, MSE
// and entropy observers choose a clipping range from. Counts are integers, so
// histograms filled by different threads merge exactly in any order: the
// calibration result does not depend on thread count or timing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tinyc::ptq {

class Histogram {
 public:
  Histogram() = default;
  /// `bins` equal bins over [lo, hi]. lo == hi is allowed (a constant tensor):
  /// every value then lands in bin 0.
  Histogram(double lo, double hi, size_t bins);

  /// Adds values (or their absolute values); values outside [lo, hi] count in
  /// the end bins, NaN is ignored.
  void add(const float* v, size_t n, bool absolute = false);
  /// Adds another histogram's counts; both must have the same range and bins.
  void merge(const Histogram& other);

  double lo() const { return lo_; }
  double hi() const { return hi_; }
  size_t bins() const { return counts_.size(); }
  double bin_width() const { return bins() ? (hi_ - lo_) / static_cast<double>(bins()) : 0.0; }
  /// Left edge of bin i (edge(bins()) == hi).
  double edge(size_t i) const { return lo_ + bin_width() * static_cast<double>(i); }
  double center(size_t i) const { return edge(i) + 0.5 * bin_width(); }
  const std::vector<uint64_t>& counts() const { return counts_; }
  uint64_t total() const;

 private:
  double lo_ = 0, hi_ = 0;
  std::vector<uint64_t> counts_;
};

}  // namespace tinyc::ptq
