// fuse_activations: folds Relu and constant-bound Clip into the node that
// produces their input, as attributes tinyc.activation / act_min / act_max.
//
// Producers are the ops whose kernels clamp their result on the way out:
// Conv, Gemm, MatMul, Add, Sub, Mul, AveragePool, GlobalAveragePool, MaxPool.
// (ConvTranspose and Concat are left out: no later stage has a fused form.)
// In a QDQ graph the activation sits between the op and its QuantizeLinear;
// fusing it there is still exact, since the clamp happens before quantizing.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include "passes/rewrite.h"
#include "tinyc/passes.h"

namespace tinyc {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

struct Range {
  float lo = -kInf, hi = kInf;
};

// One scalar of a constant input, or nullopt when the input is not a constant.
std::optional<float> constant_scalar(const Graph& g, const std::string& name) {
  const Tensor* t = passes::constant_or_null(g, name);
  if (!t || t->size() != 1) return std::nullopt;
  return t->to_float()[0];
}

// The clamp an activation node applies, or nullopt when it is not a fusable one.
std::optional<Range> activation_range(const Graph& g, const Node& n) {
  if (!n.domain.empty() || !n.has_input(0) || n.outputs.size() != 1) return std::nullopt;
  if (n.op_type == "Relu") return Range{0.f, kInf};
  if (n.op_type != "Clip") return std::nullopt;
  Range r;
  if (g.opset() < 11) {  // Clip-1/6: bounds are attributes (defaults: the float range)
    r.lo = n.attr_float("min", -std::numeric_limits<float>::max());
    r.hi = n.attr_float("max", std::numeric_limits<float>::max());
    return r;
  }
  for (size_t i : {size_t{1}, size_t{2}}) {  // Clip-11+: optional constant inputs
    if (!n.has_input(i)) continue;
    std::optional<float> v = constant_scalar(g, n.input(i));
    if (!v || std::isnan(*v)) return std::nullopt;
    (i == 1 ? r.lo : r.hi) = *v;
  }
  return r;
}

bool is_fusable_producer(const Node& n) {
  static const std::set<std::string> ops = {"Conv", "Gemm",        "MatMul",            "Add",    "Sub",
                                            "Mul",  "AveragePool", "GlobalAveragePool", "MaxPool"};
  return n.domain.empty() && ops.count(n.op_type) != 0;
}

// clamp(clamp(x, a.lo, a.hi), b.lo, b.hi) as one clamp. It is the intersection
// when the ranges overlap, and a constant when they do not.
Range compose(Range a, Range b) {
  return {std::clamp(a.lo, b.lo, b.hi), std::clamp(a.hi, b.lo, b.hi)};
}

Range fused_range(const Node& n) {
  Range r;
  if (!n.has_attr("tinyc.activation")) return r;
  r.lo = n.attr_float("tinyc.act_min", -kInf);
  r.hi = n.attr_float("tinyc.act_max", kInf);
  return r;
}

// Fuses activation node `act` into its producer when that is allowed.
bool fuse_one(Graph& g, const Node& act) {
  std::optional<Range> r = activation_range(g, act);
  if (!r || r->lo > r->hi) return false;
  const std::string& x = act.input(0);
  const int p = g.producer(x);
  if (p < 0 || !passes::has_single_use(g, x)) return false;
  Node& producer = g.nodes[static_cast<size_t>(p)];
  if (!is_fusable_producer(producer) || producer.outputs.empty() || producer.outputs[0] != x) return false;
  if (!g.has_tensor(x) || g.tensor(x).dtype != DType::F32) return false;

  const Range fused = compose(fused_range(producer), *r);
  const bool is_relu = fused.lo == 0.f && fused.hi == kInf;
  producer.attrs["tinyc.activation"] = Attribute::of_string(is_relu ? "Relu" : "Clip");
  producer.attrs["tinyc.act_min"] = Attribute::of_float(fused.lo);
  producer.attrs["tinyc.act_max"] = Attribute::of_float(fused.hi);
  producer.outputs[0] = act.outputs[0];  // the activation's name lives on
  return true;
}

}  // namespace

void fuse_activations(Graph& g) {
  bool changed = false;
  for (size_t i = 0; i < g.nodes.size();) {
    if (fuse_one(g, g.nodes[i])) {
      g.nodes.erase(g.nodes.begin() + static_cast<std::ptrdiff_t>(i));
      changed = true;
    } else {
      ++i;
    }
  }
  if (changed) g.remove_unused_tensors();
}

}  // namespace tinyc
