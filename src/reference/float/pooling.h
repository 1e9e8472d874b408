// tinyc float reference — N-d max and average pooling over a Window, shared
// by MaxPool/AveragePool and com.microsoft QLinearAveragePool.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include "reference/float/window.h"

namespace tinyc::ref {

enum class PoolKind { Max, Average };

/// Pools `planes` planes (N*C) of w.in_size() values each into w.out_size()
/// values each. Max ignores padding (a window wholly in padding gives the
/// type's lowest value). Average divides by the taps inside the input, or,
/// with count_include_pad, by the taps inside the padded input (taps that
/// ceil_mode pushes past the end padding never count), as onnxruntime and
/// PyTorch do. Sums accumulate in T (float32 for float inputs).
template <class T>
void pool_nd(const T* x, int64_t planes, const Window& w, PoolKind kind, bool count_include_pad, T* y) {
  for (int64_t p = 0; p < planes; ++p) {
    const T* xp = x + p * w.in_size();
    T* yp = y + p * w.out_size();
    for (int64_t od = 0; od < w.out[0]; ++od)
      for (int64_t oh = 0; oh < w.out[1]; ++oh)
        for (int64_t ow = 0; ow < w.out[2]; ++ow) {
          T acc = kind == PoolKind::Max ? std::numeric_limits<T>::lowest() : T(0);
          int64_t valid = 0, padded = 0;
          for (int64_t kd = 0; kd < w.k[0]; ++kd) {
            const int64_t id = od * w.s[0] - w.pb[0] + kd * w.d[0];
            for (int64_t kh = 0; kh < w.k[1]; ++kh) {
              const int64_t ih = oh * w.s[1] - w.pb[1] + kh * w.d[1];
              for (int64_t kw = 0; kw < w.k[2]; ++kw) {
                const int64_t iw = ow * w.s[2] - w.pb[2] + kw * w.d[2];
                if (id < w.in[0] + w.pe[0] && ih < w.in[1] + w.pe[1] && iw < w.in[2] + w.pe[2]) ++padded;
                if (id < 0 || id >= w.in[0] || ih < 0 || ih >= w.in[1] || iw < 0 || iw >= w.in[2]) continue;
                const T v = xp[(id * w.in[1] + ih) * w.in[2] + iw];
                ++valid;
                if (kind == PoolKind::Max) acc = std::max(acc, v);
                else acc += v;
              }
            }
          }
          if (kind == PoolKind::Average) {
            const int64_t div = count_include_pad ? padded : valid;
            acc = div > 0 ? static_cast<T>(acc / static_cast<T>(div)) : T(0);
          }
          yp[(od * w.out[1] + oh) * w.out[2] + ow] = acc;
        }
  }
}

}  // namespace tinyc::ref
