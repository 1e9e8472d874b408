// ExactSum: Shewchuk's exact summation with non-overlapping partials and the
// correctly rounded result (the algorithm of Python's math.fsum).
#include <cmath>
#include <utility>

#include "tinyc/validate.h"

namespace tinyc {

void ExactSum::add(double x) {
  if (!std::isfinite(x)) {
    special_ += x;  // inf/nan arithmetic is order-independent: nan absorbs, inf + -inf = nan
    return;
  }
  size_t i = 0;
  for (double y : partials_) {
    if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
    const double hi = x + y;
    const double lo = y - (hi - x);
    if (lo != 0.0) partials_[i++] = lo;
    x = hi;
  }
  partials_.resize(i);
  partials_.push_back(x);
}

void ExactSum::add(const ExactSum& other) {
  for (double p : other.partials_) add(p);
  if (other.special_ != 0 || std::isnan(other.special_)) special_ += other.special_;
}

double ExactSum::value() const {
  if (special_ != 0 || std::isnan(special_)) return special_;
  size_t n = partials_.size();
  if (n == 0) return 0.0;
  double hi = partials_[--n], lo = 0;
  while (n > 0) {
    const double x = hi, y = partials_[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo != 0.0) break;
  }
  // Round half to even across the remaining partials: when the rest pushes the
  // same way as lo, the halfway case resolves away from hi.
  if (n > 0 && ((lo < 0 && partials_[n - 1] < 0) || (lo > 0 && partials_[n - 1] > 0))) {
    const double y = lo * 2, x = hi + y;
    if (y == x - hi) hi = x;
  }
  return hi;
}

std::vector<double> ExactSum::partials() const {
  ExactSum rest;
  rest.partials_ = partials_;
  std::vector<double> out;
  // Each step takes away the correctly rounded value of what is left, exactly;
  // what is left is below half an ulp of it, so this ends within ~40 steps.
  for (double v = rest.value(); v != 0.0; v = rest.value()) {
    out.insert(out.begin(), v);
    rest.add(-v);
  }
  return out;
}

ExactSum ExactSum::from_state(const std::vector<double>& partials, double special) {
  ExactSum s;
  for (double p : partials) s.add(p);
  s.special_ = special;
  return s;
}

}  // namespace tinyc
