// tinyc float reference — grouped N-d convolution as im2col + GEMM (Eigen),
// one template for float Conv and the exact int32 ConvInteger/QLinearConv.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "reference/float/window.h"

namespace tinyc::ref {

/// Lays out the receptive fields of `cg` channels of one image (x points at
/// channel 0, each channel w.in_size() values) as a (cg*k_size) x out_size
/// row-major matrix; taps that fall in the padding read `pad`.
template <class T>
void im2col(const T* x, int64_t cg, const Window& w, T pad, T* col) {
  T* dst = col;
  for (int64_t c = 0; c < cg; ++c) {
    const T* xc = x + c * w.in_size();
    for (int64_t kd = 0; kd < w.k[0]; ++kd)
      for (int64_t kh = 0; kh < w.k[1]; ++kh)
        for (int64_t kw = 0; kw < w.k[2]; ++kw)
          for (int64_t od = 0; od < w.out[0]; ++od) {
            const int64_t id = od * w.s[0] - w.pb[0] + kd * w.d[0];
            const bool d_in = id >= 0 && id < w.in[0];
            for (int64_t oh = 0; oh < w.out[1]; ++oh) {
              const int64_t ih = oh * w.s[1] - w.pb[1] + kh * w.d[1];
              const bool row_in = d_in && ih >= 0 && ih < w.in[1];
              const T* row = row_in ? xc + (id * w.in[1] + ih) * w.in[2] : nullptr;
              for (int64_t ow = 0; ow < w.out[2]; ++ow) {
                const int64_t iw = ow * w.s[2] - w.pb[2] + kw * w.d[2];
                *dst++ = (row_in && iw >= 0 && iw < w.in[2]) ? row[iw] : pad;
              }
            }
          }
  }
}

/// y[n, m, out] = sum over the group's channels and kernel taps of
/// wt[m, c, k] * x[n, g*cg + c, tap]. x: [n_batch, c_in, in...], wt:
/// [m_out, c_in/group, k...], y: [n_batch, m_out, out...] (all row-major).
/// Accumulates in T (float32 for Conv, like onnxruntime's MLAS; int32 for
/// the integer ops, exact).
template <class T>
void conv_grouped(const T* x, int64_t n_batch, int64_t c_in, const T* wt, int64_t m_out, int64_t group,
                  const Window& w, T pad, T* y) {
  using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const int64_t cg = c_in / group, mg = m_out / group, kk = cg * w.k_size(), p = w.out_size();
  const bool direct = w.k_size() == 1 && w.s[0] == 1 && w.s[1] == 1 && w.s[2] == 1 && w.pb[0] == 0 &&
                      w.pb[1] == 0 && w.pb[2] == 0 && w.pe[0] == 0 && w.pe[1] == 0 && w.pe[2] == 0;
  std::vector<T> col(direct ? 0 : static_cast<size_t>(kk * p));
  for (int64_t n = 0; n < n_batch; ++n)
    for (int64_t g = 0; g < group; ++g) {
      const T* xg = x + (n * c_in + g * cg) * w.in_size();
      // A 1x1 window with unit strides and no padding reads the input as is.
      const T* src = xg;
      if (!direct) {
        im2col(xg, cg, w, pad, col.data());
        src = col.data();
      }
      Eigen::Map<const RowMat> wm(wt + g * mg * kk, mg, kk);
      Eigen::Map<const RowMat> cm(src, kk, p);
      Eigen::Map<RowMat> ym(y + (n * m_out + g * mg) * p, mg, p);
      ym.noalias() = wm * cm;
    }
}

}  // namespace tinyc::ref
