#include "range_selection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tinyc::ptq {

FloatRange include_zero(FloatRange r) { return {std::min(r.lo, 0.0), std::max(r.hi, 0.0)}; }

namespace {

// The value below which `target` of the histogram's counts lie, interpolating
// inside the bin where the cumulative count crosses it (values are taken as
// spread evenly over their bin).
double value_at_count(const Histogram& h, double target) {
  double cum = 0;
  const auto& c = h.counts();
  for (size_t i = 0; i < c.size(); ++i) {
    const double n = static_cast<double>(c[i]);
    if (n > 0 && cum + n >= target) return h.edge(i) + (target - cum) / n * h.bin_width();
    cum += n;
  }
  return h.hi();
}

}  // namespace

FloatRange percentile_range(const Histogram& h, double percentile, FloatRange observed) {
  const double total = static_cast<double>(h.total());
  if (total == 0) return include_zero(observed);
  const double tail = std::clamp((100.0 - percentile) / 100.0, 0.0, 0.5);
  FloatRange r{value_at_count(h, tail * total), value_at_count(h, (1.0 - tail) * total)};
  r.lo = std::clamp(r.lo, observed.lo, observed.hi);
  r.hi = std::clamp(r.hi, observed.lo, observed.hi);
  return include_zero(r);
}

namespace {

// Prefix sums over bins of n, n*c and n*c^2 (c = bin centre): the clipping
// error of any candidate range is then O(1) to evaluate.
struct Moments {
  std::vector<double> s0{0}, s1{0}, s2{0};
  explicit Moments(const Histogram& h) {
    for (size_t i = 0; i < h.bins(); ++i) {
      const double n = static_cast<double>(h.counts()[i]), c = h.center(i);
      s0.push_back(s0.back() + n);
      s1.push_back(s1.back() + n * c);
      s2.push_back(s2.back() + n * c * c);
    }
  }
  // sum over bins [i, j) of n * (c - x)^2
  double squared_distance(size_t i, size_t j, double x) const {
    const double n = s0[j] - s0[i], m1 = s1[j] - s1[i], m2 = s2[j] - s2[i];
    return std::max(0.0, m2 - 2 * x * m1 + x * x * n);
  }
};

// Number of bins whose centre lies strictly below x.
size_t bins_below(const Histogram& h, double x) {
  if (h.bin_width() <= 0) return 0;
  const double k = std::ceil((x - h.lo()) / h.bin_width() - 0.5);
  return static_cast<size_t>(std::clamp(k, 0.0, static_cast<double>(h.bins())));
}
// Index of the first bin whose centre lies strictly above x.
size_t first_bin_above(const Histogram& h, double x) {
  if (h.bin_width() <= 0) return h.bins();
  const double k = std::floor((x - h.lo()) / h.bin_width() - 0.5) + 1;
  return static_cast<size_t>(std::clamp(k, 0.0, static_cast<double>(h.bins())));
}

}  // namespace

FloatRange mse_range(const Histogram& h) {
  const FloatRange full = include_zero({h.lo(), h.hi()});
  if (h.total() == 0 || h.bin_width() <= 0) return full;
  const Moments m(h);
  const size_t bins = h.bins();
  constexpr int kSteps = 256;
  FloatRange best = full;
  double best_cost = std::numeric_limits<double>::infinity();
  // Widest candidates first, and only a strictly smaller cost wins: ties keep
  // the wider range, deterministically.
  for (int i = kSteps; i >= 0; --i) {
    const double a = full.lo * i / kSteps;
    if (i < kSteps && full.lo == 0) break;  // nothing below 0 to clip
    const size_t below = bins_below(h, a);
    for (int j = kSteps; j >= 0; --j) {
      const double b = full.hi * j / kSteps;
      if (j < kSteps && full.hi == 0) break;
      const size_t above = std::max(first_bin_above(h, b), below);
      const double step = (b - a) / 255.0;
      const double inside = m.s0[above] - m.s0[below];
      const double cost = m.squared_distance(0, below, a) + m.squared_distance(above, bins, b) +
                          inside * step * step / 12.0;
      if (cost < best_cost) {
        best_cost = cost;
        best = {a, b};
      }
    }
  }
  return best;
}

namespace {

// Spreads a little probability mass onto empty bins so that the KL divergence
// stays finite (as MXNet's and TensorRT's calibrators do).
void smooth(std::vector<double>& p) {
  constexpr double kEps = 1e-4;
  size_t zeros = 0;
  for (double v : p) zeros += v == 0;
  const size_t nonzeros = p.size() - zeros;
  if (zeros == 0 || nonzeros == 0) return;
  const double take = kEps * static_cast<double>(zeros) / static_cast<double>(nonzeros);
  for (double& v : p) v = v == 0 ? kEps : std::max(v - take, kEps * 1e-3);
}

void normalize(std::vector<double>& p) {
  double s = 0;
  for (double v : p) s += v;
  if (s > 0)
    for (double& v : p) v /= s;
}

// KL(P || Q) for the threshold at bin `i`: P is the histogram clipped to i bins
// (outliers added to the last one), Q the same bins merged into `levels`
// groups and expanded back, each non-empty bin getting its group's mean.
double clipped_kl(const std::vector<uint64_t>& counts, size_t i, size_t levels) {
  std::vector<double> p(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(i));
  for (size_t k = i; k < counts.size(); ++k) p[i - 1] += static_cast<double>(counts[k]);
  std::vector<double> q(i, 0.0);
  for (size_t g = 0; g < levels; ++g) {
    const size_t begin = g * i / levels, end = (g + 1) * i / levels;
    double sum = 0;
    size_t nonempty = 0;
    for (size_t k = begin; k < end; ++k) {
      sum += static_cast<double>(counts[k]);
      nonempty += counts[k] != 0;
    }
    for (size_t k = begin; k < end; ++k)
      if (counts[k] != 0) q[k] = sum / static_cast<double>(nonempty);
  }
  normalize(p);
  normalize(q);
  smooth(p);
  smooth(q);
  double kl = 0;
  for (size_t k = 0; k < i; ++k)
    if (p[k] > 0) kl += p[k] * std::log(p[k] / q[k]);
  return kl;
}

}  // namespace

FloatRange entropy_range(const Histogram& abs_hist, FloatRange observed) {
  const bool two_sided = observed.lo < 0 && observed.hi > 0;
  const size_t levels = two_sided ? 128 : 255;
  const size_t bins = abs_hist.bins();
  if (abs_hist.total() == 0 || bins <= levels || abs_hist.bin_width() <= 0) return include_zero(observed);
  // At most ~512 thresholds are tried: finer steps change the result by less
  // than a bin while costing O(bins) each.
  // The first bin holds the exact zeros of ReLU outputs and padding: a spike
  // that any merging of bins smears, which would push the threshold to the
  // smallest candidate. Like NVIDIA's pytorch-quantization, give it its
  // neighbour's count instead.
  std::vector<uint64_t> counts = abs_hist.counts();
  counts[0] = counts[1];
  const size_t stride = std::max<size_t>(1, (bins - levels) / 512);
  size_t best_i = bins;
  double best_kl = std::numeric_limits<double>::infinity();
  for (size_t i = levels;; i = std::min(bins, i + stride)) {
    const double kl = clipped_kl(counts, i, levels);
    if (kl < best_kl) {
      best_kl = kl;
      best_i = i;
    }
    if (i == bins) break;
  }
  const double t = abs_hist.edge(best_i);
  return include_zero({std::max(observed.lo, -t), std::min(observed.hi, t)});
}

}  // namespace tinyc::ptq
