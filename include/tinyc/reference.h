// tinyc — reference interpreters. Plain and independent: they define what the
// generated code must compute.
//
// Float reference: ONNX semantics for every supported op (Eigen for the
// GEMM-heavy ones), including the integer shape ops (Shape, Gather, Cast, ...)
// that constant folding evaluates, and QuantizeLinear/DequantizeLinear.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc {

/// Called after each node with its output values (calibration, per-tensor SQNR).
using NodeObserver = std::function<void(const Node& n, const std::vector<Tensor>& outputs)>;

/// Evaluates one node in float semantics at `opset`. inputs[i] is nullptr for an
/// omitted optional input. Returns one Tensor per node output (shape, dtype, data).
/// Throws Error naming the node for inputs the op cannot take.
///
/// [in]  n       the node; its domain selects the kernel ("" / "ai.onnx", "com.microsoft")
/// [in]  inputs  values in any dtype the op takes: int64 shape tensors and 0-d
///               scalars are handled everywhere (constant folding, shape inference)
/// [in]  opset   the opset of the node's domain (attribute vs input forms follow it)
/// A fused activation (tinyc.activation = Relu | Clip with tinyc.act_min /
/// tinyc.act_max, see ir.h) is applied to output 0, which must then be float32.
/// Arithmetic is float32 like onnxruntime; see docs/conformance.md for where
/// double is used and how quantized ops round.
std::vector<Tensor> eval_node_float(const Node& n, const std::vector<const Tensor*>& inputs, int64_t opset);

/// Ops the float reference evaluates, "domain:op" for non-default domains
/// (e.g. "Conv", "com.microsoft:QLinearAdd"), sorted.
std::vector<std::string> float_reference_ops();
/// Does the float reference have a kernel for (domain, op_type)? ("ai.onnx" = "").
bool has_float_kernel(const std::string& domain, const std::string& op_type);

/// Runs a float (or QDQ) graph. `inputs` are in graph-input order and must
/// match the input shapes and dtypes (an Error names the input otherwise).
/// Returns the graph outputs in order. Nodes run in the graph's order; each
/// intermediate value is freed right after its last reader, so memory stays
/// near the largest live set (calibration runs big models). `observer`, when
/// given, sees every node's outputs just after the node ran. A node whose
/// result disagrees with the dtype or shape the graph records for it is an
/// Error (ErrorKind::Internal) naming the node.
std::vector<Tensor> run_float(const Graph& g, const std::vector<Tensor>& inputs,
                              const NodeObserver& observer = nullptr);

}  // namespace tinyc

namespace tinyc {

/// The int8 reference interpreter: runs an int8 graph (quantize.h,
/// lower_to_int8) with plain integer loops, following docs/quantization.md
/// literally. Inputs are I8 tensors (already quantized with the graph inputs'
/// QuantParams); outputs are I8. This is THE reference the generated code must
/// match bit for bit. It shares no code with the device runtime.
std::vector<Tensor> run_int8(const Graph& g, const std::vector<Tensor>& inputs,
                             const NodeObserver& observer = nullptr);

/// Quantizes float data with a tensor's (per-tensor) parameters:
/// q = clamp(round_half_to_even(x / s) + z, -128, 127), as QuantizeLinear does.
Tensor quantize_tensor(const Tensor& x, const QuantParams& q);
/// Dequantizes int8 data: x = s * (q - z).
Tensor dequantize_tensor(const Tensor& q, const QuantParams& p);

}  // namespace tinyc
