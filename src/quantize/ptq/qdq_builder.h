// Writes the QDQ graph: the float graph with QuantizeLinear/DequantizeLinear
// pairs around every activation and quantized constants, in the form
// onnxruntime's quantization tool writes (and lower_to_int8 reads):
//
//   activation T   T_q = QuantizeLinear(T, T_scale, T_zero_point)   int8, per tensor
//                  T_dq = DequantizeLinear(T_q, T_scale, T_zero_point); readers of T read T_dq
//   graph output Y the producer writes Y_float; Y_q = QuantizeLinear(Y_float);
//                  Y = DequantizeLinear(Y_q): the output keeps its name and stays float
//   weights W      W_q int8 initializer (symmetric, per channel) -> W_dq = DequantizeLinear(W_q, axis)
//   bias B         B_q int32 initializer (scale s_in * s_w[c])   -> B_dq = DequantizeLinear(B_q, axis)
//   constant C     C_q int8 per tensor (operands of Add/Sub/Mul/PRelu/Concat) -> C_dq
//
// Data-movement outputs get their own Q/DQ pair with parameters identical to
// their input's (the lowering recognises the identity and emits no requantize).
// Fused activations (tinyc.activation) stay on their node; the activation's
// output is what T's QuantizeLinear reads.
#pragma once

#include <map>
#include <string>

#include "tinyc/ir.h"

namespace tinyc::ptq {

/// `act_params` holds per-tensor int8 parameters for every activation tensor
/// (assign_activation_params). Throws Error naming the node when a weight or
/// bias cannot be quantized as the int8 ops need.
Graph build_qdq_graph(const Graph& g, const std::map<std::string, QuantParams>& act_params, bool per_channel_weights);

/// The name the float graph gave the tensor that the QDQ graph calls `name`:
/// itself, except for a graph output's renamed producer output (Y_float -> Y).
std::string float_graph_name(const Graph& qdq, const std::string& name);

}  // namespace tinyc::ptq
