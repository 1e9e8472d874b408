// tinyc float reference — sliding-window geometry shared by Conv, ConvInteger,
// QLinearConv and the pooling ops: output size, padding (explicit or
// auto_pad), strides, dilations and ceil_mode, per ONNX.
//
// Up to three spatial dimensions are handled by one code path: a window of
// rank r < 3 is stored as rank 3 with leading unit dimensions (size 1,
// kernel 1, stride 1, no padding), so kernels loop over (d, h, w) only.
#pragma once

#include <cstdint>
#include <vector>

#include "reference/float/kernel.h"

namespace tinyc::ref {

struct Window {
  int rank = 0;  ///< spatial rank of the node (1..3)
  int64_t in[3] = {1, 1, 1}, k[3] = {1, 1, 1}, s[3] = {1, 1, 1}, d[3] = {1, 1, 1};
  int64_t pb[3] = {0, 0, 0}, pe[3] = {0, 0, 0}, out[3] = {1, 1, 1};
  int64_t in_size() const { return in[0] * in[1] * in[2]; }
  int64_t out_size() const { return out[0] * out[1] * out[2]; }
  int64_t k_size() const { return k[0] * k[1] * k[2]; }
  /// The node's output spatial shape (rank entries).
  std::vector<int64_t> out_shape() const;
};

/// Geometry for input shape x = [N, C, spatial...] and kernel spatial shape
/// `kernel`, from the node's strides, dilations, pads, auto_pad and (when
/// `allow_ceil_mode`) ceil_mode attributes. Throws naming the node for a rank
/// above 3, bad attribute sizes or an empty output.
Window make_window(const KernelArgs& a, const std::vector<int64_t>& x, const std::vector<int64_t>& kernel,
                   bool allow_ceil_mode);

}  // namespace tinyc::ref
