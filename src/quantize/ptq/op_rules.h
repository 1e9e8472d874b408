// How post-training quantization treats each op: where its output's int8
// parameters come from, and which constant inputs become int8 / int32
// initializers. The op set is the int8 IR's (docs/quantization.md); an op
// without a rule has no int8 meaning and is rejected before calibrating.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::ptq {

enum class OutputParams {
  Own,          ///< calibrated on the output itself (Conv, Add, Relu, ...)
  SameAsInput,  ///< reuses input 0's parameters: data movement, max / average pooling
  Concat,       ///< one range for the output and the inputs that feed nothing else
  Fixed,        ///< fixed by the int8 kernel: Softmax/Sigmoid 1/256 & -128, Tanh 1/128 & 0
};

enum class ConstantRole {
  Keep,    ///< stays as it is (shapes, indices, scales, Pad values, Clip bounds, divisors)
  Int8,    ///< int8 per tensor + DequantizeLinear (operands of Add/Mul/Sub/PRelu/Concat)
  Weight,  ///< int8 symmetric, per output channel + DequantizeLinear
  Bias,    ///< int32 at scale s_in * s_w + DequantizeLinear
};

struct OpRule {
  OutputParams output = OutputParams::Own;
  std::optional<QuantParams> fixed;  ///< for OutputParams::Fixed
};

/// The rule for node `n`, or nullopt when the op has no int8 meaning.
std::optional<OpRule> op_rule(const Node& n);

/// What becomes of the float constant read by input slot `i` of node `n`.
ConstantRole constant_role(const Node& n, size_t i);

/// The output-channel axis of the weights of a Conv / Gemm / MatMul node:
/// Conv 0; Gemm 0 when transB = 1, else 1; MatMul the last axis of B.
int weight_channel_axis(const Graph& g, const Node& n);

/// Throws Error naming every node of `g` whose op has no rule (one node:
/// the Error's node/op fields name it).
void check_ops_have_rules(const Graph& g);

}  // namespace tinyc::ptq
