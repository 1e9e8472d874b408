#include "histogram.h"

#include <cmath>
#include <numeric>

#include "tinyc/error.h"

namespace tinyc::ptq {

Histogram::Histogram(double lo, double hi, size_t bins) : lo_(lo), hi_(hi), counts_(bins, 0) {
  if (bins == 0 || !(hi >= lo) || !std::isfinite(lo) || !std::isfinite(hi))
    fail("histogram needs a finite range lo <= hi and at least one bin", ErrorKind::Internal);
}

void Histogram::add(const float* v, size_t n, bool absolute) {
  const double width = bin_width();
  const double inv = width > 0 ? 1.0 / width : 0.0;
  const size_t last = counts_.size() - 1;
  for (size_t i = 0; i < n; ++i) {
    double x = v[i];
    if (std::isnan(x)) continue;
    if (absolute) x = std::fabs(x);
    const double pos = (x - lo_) * inv;
    size_t bin = 0;
    if (pos >= static_cast<double>(last)) bin = last;
    else if (pos > 0) bin = static_cast<size_t>(pos);
    ++counts_[bin];
  }
}

void Histogram::merge(const Histogram& other) {
  if (other.lo_ != lo_ || other.hi_ != hi_ || other.counts_.size() != counts_.size())
    fail("merging histograms of different ranges", ErrorKind::Internal);
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

uint64_t Histogram::total() const { return std::accumulate(counts_.begin(), counts_.end(), uint64_t{0}); }

}  // namespace tinyc::ptq
