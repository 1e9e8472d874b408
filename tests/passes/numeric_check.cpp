// Numeric helpers of the pass tests (see numeric_check.h).
#include "passes/numeric_check.h"

#include <cmath>
#include <limits>

#include "passes/test_rng.h"
#include "tinyc/reference.h"

namespace tinyc::test {

std::vector<Tensor> random_inputs(const Graph& g, uint32_t seed) {
  std::vector<Tensor> r;
  Rng rng(seed);
  for (const auto& name : g.inputs) {
    const Tensor& spec = g.tensor(name);
    std::vector<float> v(static_cast<size_t>(spec.size()));
    for (float& x : v) x = rng.uniform(-2.f, 2.f);
    r.push_back(Tensor::from_float(name, spec.shape, v));
    r.back().is_constant = false;
  }
  return r;
}

float max_output_difference(const Graph& a, const Graph& b, int trials) {
  float worst = 0.f;
  for (int t = 0; t < trials; ++t) {
    const std::vector<Tensor> in = random_inputs(a, 1000u + static_cast<uint32_t>(t));
    const std::vector<Tensor> ya = run_float(a, in), yb = run_float(b, in);
    if (ya.size() != yb.size()) return std::numeric_limits<float>::infinity();
    for (size_t i = 0; i < ya.size(); ++i) {
      if (ya[i].shape != yb[i].shape) return std::numeric_limits<float>::infinity();
      const std::vector<float> va = ya[i].to_float(), vb = yb[i].to_float();
      for (size_t k = 0; k < va.size(); ++k) {
        const float d = std::fabs(va[k] - vb[k]);
        if (!(d <= worst)) worst = std::isnan(d) ? std::numeric_limits<float>::infinity() : d;
      }
    }
  }
  return worst;
}

}  // namespace tinyc::test
