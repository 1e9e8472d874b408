// tinyc float reference — Softmax arithmetic shared by Softmax and
// com.microsoft QLinearSoftmax.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "reference/float/kernel.h"

namespace tinyc::ref {

/// Softmax over `len` values spaced `stride` apart, for each (outer, inner)
/// position: the layout of x viewed as [outer, len, inner].
template <class T>
void softmax_strided(const T* x, T* y, int64_t outer, int64_t len, int64_t inner) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      const T* px = x + o * len * inner + i;
      T* py = y + o * len * inner + i;
      T mx = px[0];
      for (int64_t k = 1; k < len; ++k) mx = std::max(mx, px[k * inner]);
      T sum = 0;
      for (int64_t k = 0; k < len; ++k) {
        py[k * inner] = std::exp(px[k * inner] - mx);
        sum += py[k * inner];
      }
      for (int64_t k = 0; k < len; ++k) py[k * inner] /= sum;
    }
}

/// The [outer, len, inner] view of `shape` for a Softmax at `opset` (2-D
/// coercion before 13, one axis from 13) with the given axis attribute.
void softmax_view(const Shape& shape, int64_t opset, int64_t axis_attr, const KernelArgs& a, int64_t& outer,
                  int64_t& len, int64_t& inner);

}  // namespace tinyc::ref
