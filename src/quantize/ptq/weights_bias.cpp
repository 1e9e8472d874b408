#include "weights_bias.h"

#include <algorithm>
#include <cmath>

#include "op_rules.h"
#include "params.h"
#include "tinyc/error.h"

namespace tinyc::ptq {

int64_t weight_channels(const Graph& g, const Node& n) {
  const Shape& ws = g.tensor(n.input(1)).shape;
  const int axis = weight_channel_axis(g, n);
  return axis >= 0 && axis < static_cast<int>(ws.size()) ? ws[static_cast<size_t>(axis)] : 1;
}

std::optional<Tensor> channel_bias(const Graph& g, const Node& n) {
  if (!n.has_input(2) || !g.is_constant(n.input(2)) || g.tensor(n.input(2)).dtype != DType::F32) return std::nullopt;
  const std::string& b = n.input(2);
  Tensor t = g.tensor(b);
  if (n.op_type == "Gemm" && n.attr_float("beta", 1.0f) != 1.0f) {  // the caller resets beta to 1
    std::vector<float> v = t.to_float();
    for (float& x : v) x *= n.attr_float("beta", 1.0f);
    t = Tensor::from_float(t.name, t.shape, v);
  }
  const int64_t channels = weight_channels(g, n);
  if (t.size() == 1 && (channels > 1 || t.shape.empty()))  // a broadcast scalar: one value per channel
    t = Tensor::from_float(t.name, {channels}, std::vector<float>(static_cast<size_t>(channels), t.to_float()[0]));
  if (t.shape.empty() || t.shape.back() != channels || t.size() != channels)
    fail_node(n.name, n.op_type,
              "bias '" + b + "' has shape " + shape_str(t.shape) + "; int8 needs one value per output channel (" +
                  std::to_string(channels) + ")");
  return t;
}

QuantParams fitted_weight_params(const Graph& g, const Node& n, bool per_channel, const Tensor* bias, float s_in) {
  QuantParams p = weight_params(g.tensor(n.input(1)), per_channel ? weight_channel_axis(g, n) : -1);
  if (!bias) return p;
  constexpr double kBiasLimit = 1073741824.0;  // 2^30: half of int32 for the bias, half for the products
  const std::vector<float> b = bias->to_float();
  for (size_t c = 0; c < b.size(); ++c) {
    float& s = p.scale[p.per_channel() ? c : 0];
    const double needed = std::fabs(double(b[c])) / (double(s_in) * kBiasLimit);
    if (double(s) < needed) s = static_cast<float>(needed * (1.0 + 1e-6));
  }
  return p;
}

}  // namespace tinyc::ptq
