// The int8 reference kernels (internal to src/reference/int8/). Each takes
// the node, its prepared parameters (int8_prepare.h) and input values, and
// computes the output with plain loops, literally as docs/quantization.md
// says. NCHW, the ONNX layout. No code is shared with runtime/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::ref8 {

/// in[i]: the value of node input i (nullptr when omitted). out: the output
/// tensor, already shaped and allocated as the graph declares it.
using Kernel = void (*)(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out);

const std::map<std::string, Kernel>& kernels();

void register_conv_fc(std::map<std::string, Kernel>& t);
void register_elementwise(std::map<std::string, Kernel>& t);
void register_pool_softmax(std::map<std::string, Kernel>& t);
void register_movement(std::map<std::string, Kernel>& t);

inline int32_t clamp_i8(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

}  // namespace tinyc::ref8
