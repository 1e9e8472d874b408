// eval_node_float: looks the node's op up in the kernel table, runs it, names
// the outputs and applies tinyc's fused activation (tinyc.activation).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"
#include "tinyc/error.h"
#include "tinyc/reference.h"

namespace tinyc {
namespace {

std::string normalize_domain(const std::string& d) { return d == "ai.onnx" ? std::string() : d; }

std::string key_of(const std::string& domain, const std::string& op) {
  const std::string d = normalize_domain(domain);
  return d.empty() ? op : d + ":" + op;
}

const std::map<std::string, ref::Kernel>& kernel_map() {
  static const std::map<std::string, ref::Kernel> table = [] {
    using Family = ref::KernelTable (*)();
    const Family families[] = {
        ref::activation_kernels, ref::binary_kernels,   ref::conv_kernels,      ref::gemm_kernels,
        ref::pooling_kernels,    ref::reduce_norm_kernels, ref::softmax_kernels, ref::shape_kernels,
        ref::slice_pad_kernels,  ref::gather_cast_kernels, ref::generator_kernels,    ref::resize_kernels,    ref::quant_kernels,
        ref::ms_quant_kernels,
    };
    std::map<std::string, ref::Kernel> m;
    for (Family f : families)
      for (const auto& e : f()) m[key_of(e.domain, e.op_type)] = e.fn;
    return m;
  }();
  return table;
}

// tinyc.activation (see ir.h): a clamp fused into the node by fuse_activations.
void apply_fused_activation(const Node& n, std::vector<Tensor>& outs) {
  auto it = n.attrs.find("tinyc.activation");
  if (it == n.attrs.end()) return;
  const std::string act = n.attr_string("tinyc.activation", "");
  float lo, hi;
  if (act == "Relu") {
    lo = n.attr_float("tinyc.act_min", 0.f);
    hi = n.attr_float("tinyc.act_max", std::numeric_limits<float>::infinity());
  } else if (act == "Clip") {
    lo = n.attr_float("tinyc.act_min", -std::numeric_limits<float>::infinity());
    hi = n.attr_float("tinyc.act_max", std::numeric_limits<float>::infinity());
  } else {
    fail_node(n.name, n.op_type, "fused activation '" + act + "' is not Relu or Clip");
  }
  if (outs.empty()) return;
  Tensor& t = outs[0];
  if (t.dtype != DType::F32)
    fail_node(n.name, n.op_type, std::string("fused activation on a ") + dtype_name(t.dtype) + " output (float32 expected)");
  float* p = t.ptr<float>();
  for (int64_t i = 0, n = t.size(); i < n; ++i) p[i] = std::min(std::max(p[i], lo), hi);
}

}  // namespace

std::vector<std::string> float_reference_ops() {
  std::vector<std::string> r;
  for (const auto& kv : kernel_map()) r.push_back(kv.first);
  return r;  // std::map keeps them sorted
}

bool has_float_kernel(const std::string& domain, const std::string& op_type) {
  return kernel_map().count(key_of(domain, op_type)) != 0;
}

std::vector<Tensor> eval_node_float(const Node& n, const std::vector<const Tensor*>& inputs, int64_t opset) {
  auto it = kernel_map().find(key_of(n.domain, n.op_type));
  if (it == kernel_map().end())
    fail_node(n.name, n.op_type,
              "the float reference has no kernel for " + (n.domain.empty() ? std::string("ai.onnx") : n.domain) +
                  " op " + n.op_type);
  const ref::KernelArgs args{n, inputs, opset};
  std::vector<Tensor> outs = it->second(args);
  for (size_t i = outs.size(); i < n.outputs.size(); ++i)
    if (!n.outputs[i].empty())
      fail_node(n.name, n.op_type, "output " + std::to_string(i) + " ('" + n.outputs[i] + "') is not supported");
  if (outs.size() > n.outputs.size())
    outs.resize(n.outputs.size());  // trailing optional outputs the node does not name
  for (size_t i = 0; i < outs.size(); ++i) {
    outs[i].name = n.outputs[i];
    outs[i].is_constant = false;
  }
  apply_fused_activation(n, outs);
  return outs;
}

}  // namespace tinyc
