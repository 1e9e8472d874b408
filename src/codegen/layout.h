// Physical layouts of int8 tensors in the generated code (internal to src/codegen/).
//
// The IR is NCHW (ONNX). In the generated code, 3-D and 4-D activations are
// stored channels-last — [N,C,L] as [N,L,C], [N,C,H,W] as [N,H,W,C] — which is
// what the convolution and pooling kernels want; every other tensor (and every
// constant) is stored in its logical row-major order. A layout is described by
// the byte stride of each *logical* dimension, so data movement can be written
// once in logical terms for any pair of layouts.
#pragma once

#include <cstdint>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::codegen {

/// Logical dims in the order they are stored (outermost first).
std::vector<int> storage_order(const Tensor& t);
/// Whether t is stored channels-last.
bool is_channels_last(const Tensor& t);
/// Byte stride of each logical dim (int8 tensors: element stride).
std::vector<int64_t> logical_strides(const Tensor& t);
/// Row-major strides of a shape (logical order = storage order).
std::vector<int64_t> row_major_strides(const Shape& s);
/// True when t's bytes are in logical row-major order (so NCHW callers can
/// share the buffer): plain layout, or channels-last where C or H*W is 1.
bool is_row_major_bytes(const Tensor& t);
/// The shape in storage order.
Shape storage_shape(const Tensor& t);

}  // namespace tinyc::codegen
