// fold_batchnorm: folds inference BatchNormalization into the Conv or Gemm
// before it, or else turns a BatchNormalization on a 4-D tensor into a
// depthwise 1x1 Conv, so later stages see one op family less.
//
// Folding rewrites the producer's weights, so it needs constant float weights
// and a producer whose output feeds only the BatchNormalization. New weight and
// bias tensors are created (the old ones may be shared with other nodes).
#include <cmath>

#include "passes/batchnorm_params.h"
#include "passes/rewrite.h"
#include "tinyc/passes.h"

namespace tinyc {
namespace {

using passes::BatchNormParams;

const Tensor* float_constant(const Graph& g, const std::string& name) {
  const Tensor* t = passes::constant_or_null(g, name);
  return t && t->dtype == DType::F32 ? t : nullptr;
}

// The producer of the BN's input, when its result may be rewritten for the BN alone.
Node* sole_producer(Graph& g, const Node& bn) {
  const int p = g.producer(bn.input(0));
  if (p < 0 || !passes::has_single_use(g, bn.input(0))) return nullptr;
  Node& n = g.nodes[static_cast<size_t>(p)];
  // A fused activation sits between the producer's arithmetic and the BN.
  if (!n.domain.empty() || n.outputs.size() != 1 || n.has_attr("tinyc.activation")) return nullptr;
  return &n;
}

// A new constant holding folded values, named `base` (made unique). Folded
// weights are called "<old name>_bn"; a bias created from nothing "<weight>_bias".
std::string add_folded(Graph& g, const std::string& base, Shape shape, const std::vector<float>& v) {
  std::string name = g.unique_name(base);
  g.add_tensor(Tensor::from_float(name, std::move(shape), v));
  return name;
}

// Conv weights are [M, C/group, kh, kw, ...]: output channel m is row m.
bool fold_into_conv(Graph& g, Node& conv, const BatchNormParams& p) {
  if (conv.op_type != "Conv") return false;
  const Tensor* w = float_constant(g, conv.input(1));
  if (!w || w->shape.size() < 3 || w->shape[0] != static_cast<int64_t>(p.channels())) return false;
  const Tensor* b = conv.has_input(2) ? float_constant(g, conv.input(2)) : nullptr;
  if (conv.has_input(2) && (!b || b->size() != w->shape[0])) return false;

  std::vector<float> wv = w->to_float(), bv(p.channels(), 0.f);
  if (b) bv = b->to_float();
  const size_t per_channel = wv.size() / p.channels();
  for (size_t m = 0; m < p.channels(); ++m) {
    for (size_t k = 0; k < per_channel; ++k)
      wv[m * per_channel + k] = static_cast<float>(wv[m * per_channel + k] * p.factor(m));
    bv[m] = static_cast<float>(p.bias(m, bv[m]));
  }
  const std::string w_name = conv.input(1);
  conv.inputs.resize(3);
  conv.inputs[1] = add_folded(g, w_name + "_bn", w->shape, wv);
  conv.inputs[2] = add_folded(g, b ? b->name + "_bn" : w_name + "_bias", {w->shape[0]}, bv);
  return true;
}

// Gemm: Y = alpha * A' * B' + beta * C with B' = B (transB=0, [K,N]) or B^T
// (transB=1, [N,K]); output channel n is a column of B or a row of B^T. C may
// be a scalar or one value per column; a full [M,N] C is left alone.
bool fold_into_gemm(Graph& g, Node& gemm, const BatchNormParams& p) {
  if (gemm.op_type != "Gemm") return false;
  const Tensor* bt = float_constant(g, gemm.input(1));
  if (!bt || bt->shape.size() != 2) return false;
  const bool trans_b = gemm.attr_int("transB", 0) != 0;
  const int64_t n_out = trans_b ? bt->shape[0] : bt->shape[1], k_in = trans_b ? bt->shape[1] : bt->shape[0];
  if (n_out != static_cast<int64_t>(p.channels())) return false;
  const Tensor* c = gemm.has_input(2) ? float_constant(g, gemm.input(2)) : nullptr;
  if (gemm.has_input(2) && (!c || (c->size() != 1 && c->size() != n_out) || (c->shape.size() == 2 && c->shape[0] != 1)))
    return false;

  std::vector<float> bv = bt->to_float(), cv;
  if (c) cv = c->to_float();
  const double beta = gemm.attr_float("beta", 1.0f);
  std::vector<float> folded_c(p.channels());
  for (size_t n = 0; n < p.channels(); ++n) {
    for (int64_t k = 0; k < k_in; ++k) {
      float& v = trans_b ? bv[n * k_in + k] : bv[k * n_out + n];
      v = static_cast<float>(v * p.factor(n));
    }
    const double c_n = cv.empty() ? 0.0 : beta * cv[cv.size() == 1 ? 0 : n];
    folded_c[n] = static_cast<float>(p.bias(n, c_n));
  }
  const std::string b_name = gemm.input(1);
  gemm.inputs.resize(3);
  gemm.inputs[1] = add_folded(g, b_name + "_bn", bt->shape, bv);
  gemm.inputs[2] = add_folded(g, c ? c->name + "_bn" : b_name + "_bias", {n_out}, folded_c);
  gemm.attrs.erase("beta");  // beta is now inside C
  return true;
}

// A BN nothing absorbs, on an NCHW tensor, is a per-channel multiply-add: a
// depthwise 1x1 Conv with weight gamma/sqrt(var+eps) and bias beta - mean*that.
bool to_depthwise_conv(Graph& g, Node& bn, const BatchNormParams& p) {
  const std::string& x = bn.input(0);
  if (!g.has_tensor(x)) return false;
  const Tensor& xt = g.tensor(x);
  if (xt.dtype != DType::F32 || xt.shape.size() != 4 || xt.shape[1] != static_cast<int64_t>(p.channels()))
    return false;
  const auto c = static_cast<int64_t>(p.channels());
  std::vector<float> w(p.channels()), b(p.channels());
  for (size_t i = 0; i < p.channels(); ++i) {
    w[i] = static_cast<float>(p.factor(i));
    b[i] = static_cast<float>(p.bias(i, 0.0));
  }
  const std::string base = bn.name.empty() ? bn.outputs[0] : bn.name;
  Node conv;
  conv.name = bn.name;
  conv.op_type = "Conv";
  conv.inputs = {x, add_folded(g, base + "_weight", {c, 1, 1, 1}, w), add_folded(g, base + "_bias", {c}, b)};
  conv.outputs = {bn.outputs[0]};
  conv.attrs["group"] = Attribute::of_int(c);
  conv.attrs["kernel_shape"] = Attribute::of_ints({1, 1});
  bn = std::move(conv);
  return true;
}

}  // namespace

void fold_batchnorm(Graph& g) {
  bool changed = false;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const std::optional<BatchNormParams> p = passes::foldable_batchnorm(g, g.nodes[i]);
    if (!p) continue;
    Node* producer = sole_producer(g, g.nodes[i]);
    if (producer && (fold_into_conv(g, *producer, *p) || fold_into_gemm(g, *producer, *p))) {
      // The producer now computes the BN's output under the BN's name. The BN
      // becomes an empty node, erased below (indices stay valid meanwhile).
      producer->outputs[0] = g.nodes[i].outputs[0];
      g.nodes[i] = Node{};
      changed = true;
    } else if (to_depthwise_conv(g, g.nodes[i], *p)) {
      changed = true;
    }
  }
  if (!changed) return;
  std::vector<bool> folded(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i) folded[i] = g.nodes[i].op_type.empty();
  passes::erase_nodes(g, folded);
  g.remove_unused_tensors();
}

}  // namespace tinyc
