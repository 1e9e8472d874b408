// Helpers for the prepare_* functions (internal to src/quantize/prepare/).
#pragma once

#include <string>

#include "tinyc/error.h"
#include "tinyc/int8_prepare.h"
#include "tinyc/ir.h"

namespace tinyc::int8 {

/// The int8 activation tensor at input i (I8, per-tensor parameters) — throws naming the node.
const Tensor& act_input(const Graph& g, const Node& n, size_t i);
/// The int8 output tensor (I8, per-tensor parameters).
const Tensor& act_output(const Graph& g, const Node& n, size_t i = 0);
/// Scale and zero point of a per-tensor int8 tensor.
inline float scale_of(const Tensor& t) { return t.quant->scale[0]; }
inline int32_t zp_of(const Tensor& t) { return t.quant->zero_point[0]; }

/// Clamp bounds from the node's fused activation (tinyc.activation) on output `y`.
Clamp fused_clamp(const Node& n, const Tensor& y);

/// Reads 2-D geometry from explicit window attributes (kernel_shape, strides,
/// dilations, pads) of a rank-3 (1-D) or rank-4 (2-D) NCHW op, and checks the
/// output size against the tensor's. `kernel` = kernel H, W.
Geometry2D window_geometry(const Graph& g, const Node& n, const Shape& in, const Shape& out);

[[noreturn]] inline void reject(const Node& n, const std::string& msg) { fail_node(n.name, n.op_type, msg); }

}  // namespace tinyc::int8
