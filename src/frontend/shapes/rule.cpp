// NodeCtx accessors and the helpers the rule families share.
#include "frontend/shapes/rule.h"

#include "tinyc/error.h"

namespace tinyc::shapes {

const Tensor& NodeCtx::in(size_t i) const {
  if (!has(i)) fail("input " + std::to_string(i) + " is required");
  return g_.tensor(node.inputs[i]);
}

const Tensor* NodeCtx::value(size_t i) const {
  if (!has(i)) return nullptr;
  return values_ ? values_(node.inputs[i]) : nullptr;
}

std::vector<int64_t> NodeCtx::ints(size_t i, const std::string& what) const {
  const Tensor* v = value(i);
  if (!v)
    fail(what + " (input '" + node.input(i) + "') must be known at compile time: it is neither a constant nor computed from static shapes");
  return v->to_int64();
}

std::vector<float> NodeCtx::floats(size_t i, const std::string& what) const {
  const Tensor* v = value(i);
  if (!v)
    fail(what + " (input '" + node.input(i) + "') must be known at compile time: it is neither a constant nor computed from static shapes");
  return v->to_float();
}

void NodeCtx::require_inputs(size_t min, size_t max) const {
  for (size_t i = 0; i < min; ++i)
    if (!has(i)) fail("input " + std::to_string(i) + " is required (" + std::to_string(min) + " inputs at least)");
  if (node.inputs.size() > max)
    fail("takes at most " + std::to_string(max) + " inputs, has " + std::to_string(node.inputs.size()));
}

void NodeCtx::require_rank(size_t i, size_t r, const std::string& what) const {
  if (rank(i) != r)
    fail(what + " must have rank " + std::to_string(r) + ", has shape " + shape_str(shape(i)));
}

int64_t NodeCtx::axis(int64_t a, int64_t rank, const std::string& what) const {
  if (a < -rank || a >= rank)
    fail(what + " " + std::to_string(a) + " is out of range for rank " + std::to_string(rank));
  return a < 0 ? a + rank : a;
}

void NodeCtx::fail(const std::string& message) const { fail_node(node.name, node.op_type, message); }

Shape broadcast(const NodeCtx& c, const Shape& a, const Shape& b) {
  const size_t r = std::max(a.size(), b.size());
  Shape out(r);
  for (size_t i = 0; i < r; ++i) {
    int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
    int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (da != db && da != 1 && db != 1)
      c.fail("shapes " + shape_str(a) + " and " + shape_str(b) + " do not broadcast");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::vector<OutInfo> same_as_input0(const NodeCtx& c) { return {OutInfo{c.shape(0), c.dtype(0), std::nullopt}}; }

}  // namespace tinyc::shapes
