// Reading an inference BatchNormalization as a per-channel affine map.
#include "passes/batchnorm_params.h"

#include <cmath>

#include "passes/rewrite.h"
#include "tinyc/error.h"

namespace tinyc::passes {

// Double precision so that the folded float weights are the correctly rounded
// products, not products of already rounded factors.
double BatchNormParams::factor(size_t c) const { return gamma[c] / std::sqrt(var[c] + epsilon); }

double BatchNormParams::bias(size_t c, double b) const { return (b - mean[c]) * factor(c) + beta[c]; }

namespace {
std::vector<double> as_double(const Tensor& t) {
  std::vector<float> f = t.to_float();
  return std::vector<double>(f.begin(), f.end());
}
}  // namespace

std::optional<BatchNormParams> foldable_batchnorm(const Graph& g, const Node& bn) {
  if (bn.op_type != "BatchNormalization" || !bn.domain.empty()) return std::nullopt;
  if (bn.inputs.size() < 5 || bn.outputs.empty() || bn.outputs[0].empty()) return std::nullopt;
  // Training mode computes batch statistics; the running-stat outputs (1..4)
  // exist only in training.
  if (bn.attr_int("training_mode", 0) != 0) return std::nullopt;
  for (size_t i = 1; i < bn.outputs.size(); ++i)
    if (use_count(g, bn.outputs[i]) > 0 || g.is_graph_output(bn.outputs[i])) return std::nullopt;
  // Opsets before 9: spatial=0 means statistics per element, not per channel.
  if (bn.attr_int("spatial", 1) == 0) return std::nullopt;

  const Tensor* t[4];
  for (size_t i = 0; i < 4; ++i) {
    t[i] = constant_or_null(g, bn.input(i + 1));
    if (!t[i] || t[i]->dtype == DType::Undefined) return std::nullopt;
  }
  BatchNormParams p;
  p.gamma = as_double(*t[0]);
  p.beta = as_double(*t[1]);
  p.mean = as_double(*t[2]);
  p.var = as_double(*t[3]);
  p.epsilon = bn.attr_float("epsilon", 1e-5f);
  const size_t c = p.gamma.size();
  if (p.beta.size() != c || p.mean.size() != c || p.var.size() != c)
    fail_node(bn.name, bn.op_type,
              "scale, B, mean and var must have one value per channel; they have " + std::to_string(c) + ", " +
                  std::to_string(p.beta.size()) + ", " + std::to_string(p.mean.size()) + " and " +
                  std::to_string(p.var.size()));
  return p;
}

}  // namespace tinyc::passes
