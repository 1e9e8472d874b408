// tinyc float reference — what every kernel sees, and the registry types.
//
// A kernel is a plain function from a KernelArgs (the node, its input values
// and the opset) to the node's output values. Kernels are grouped by op family
// (conv.cpp, gemm.cpp, ...); each family file exports one function returning
// its table rows, and registry.cpp concatenates the tables. Lookup is by
// (domain, op_type): there is no chain of comparisons over op names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::ref {

struct KernelArgs {
  const Node& node;
  const std::vector<const Tensor*>& inputs;
  int64_t opset;

  /// Input i; throws an Error naming the node when it is absent or its data
  /// does not match its shape and dtype.
  const Tensor& in(size_t i) const;
  /// Input i, or nullptr when it is omitted (absent or empty name).
  const Tensor* opt(size_t i) const;
  size_t num_inputs() const { return inputs.size(); }
  /// Is output i requested (present with a non-empty name)?
  bool wants_output(size_t i) const { return i < node.outputs.size() && !node.outputs[i].empty(); }

  /// Throws an Error naming this node and op.
  [[noreturn]] void fail(const std::string& message) const;
};

using Kernel = std::vector<Tensor> (*)(const KernelArgs&);

struct KernelEntry {
  const char* domain;  ///< "" for ai.onnx, "com.microsoft", ...
  const char* op_type;
  Kernel fn;
};
using KernelTable = std::vector<KernelEntry>;

// One table per op family (each defined in the file of the same name).
KernelTable activation_kernels();
KernelTable binary_kernels();
KernelTable conv_kernels();
KernelTable gemm_kernels();
KernelTable pooling_kernels();
KernelTable reduce_norm_kernels();
KernelTable softmax_kernels();
KernelTable shape_kernels();
KernelTable slice_pad_kernels();
KernelTable gather_cast_kernels();
KernelTable generator_kernels();
KernelTable resize_kernels();
KernelTable quant_kernels();
KernelTable ms_quant_kernels();

}  // namespace tinyc::ref
