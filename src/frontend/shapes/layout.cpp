// Ops that rearrange data without computing: Reshape, Flatten, Squeeze,
// Unsqueeze, Transpose, Concat.
#include "frontend/shapes/rule.h"

#include <algorithm>
#include <set>

namespace tinyc::shapes {
namespace {

std::vector<OutInfo> reshape(const NodeCtx& c) {
  c.require_inputs(2, 2);
  const Shape& in = c.shape(0);
  std::vector<int64_t> want = c.ints(1, "the target shape");
  if (c.rank(1) != 1) c.fail("the target shape must be 1-D, has shape " + shape_str(c.shape(1)));
  const bool allowzero = c.opset >= 14 && c.node.attr_int("allowzero", 0) != 0;
  Shape out(want.size());
  int infer_at = -1;
  int64_t known = 1;
  for (size_t i = 0; i < want.size(); ++i) {
    int64_t d = want[i];
    if (d == 0 && !allowzero) {
      // 0 copies the input's dimension at the same index.
      if (i >= in.size()) c.fail("target shape copies dimension " + std::to_string(i) + " (0), the input has rank " + std::to_string(in.size()));
      d = in[i];
    } else if (d == -1) {
      if (infer_at >= 0) c.fail("target shape has more than one -1");
      infer_at = static_cast<int>(i);
      continue;
    } else if (d < 0) {
      c.fail("target shape has a negative dimension " + std::to_string(d));
    }
    out[i] = d;
    if (d != 0 && known > (int64_t{1} << 62) / d) c.fail("target shape is too large");
    known *= d;
  }
  const int64_t total = num_elements(in);
  if (infer_at >= 0) {
    if (known == 0 || total % known != 0)
      c.fail("cannot reshape " + shape_str(in) + " to " + shape_str(want) + ": -1 has no whole value");
    out[infer_at] = total / known;
  } else if (known != total) {
    c.fail("cannot reshape " + shape_str(in) + " (" + std::to_string(total) + " elements) to " + shape_str(out));
  }
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> flatten(const NodeCtx& c) {
  c.require_inputs(1, 1);
  const Shape& in = c.shape(0);
  const int64_t r = static_cast<int64_t>(in.size());
  int64_t axis = c.node.attr_int("axis", 1);
  // axis may equal the rank (everything in the first dimension).
  if (axis < -r || axis > r) c.fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(r));
  if (axis < 0) axis += r;
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < r; ++i) (i < axis ? outer : inner) *= in[i];
  return {OutInfo{{outer, inner}, c.dtype(0), std::nullopt}};
}

/// Squeeze/Unsqueeze axes: an attribute before opset 13, an input after.
std::vector<int64_t> axes_of(const NodeCtx& c, bool* given) {
  if (c.opset < 13) {
    *given = c.node.has_attr("axes");
    return c.node.attr_ints("axes");
  }
  *given = c.has(1);
  return *given ? c.ints(1, "axes") : std::vector<int64_t>{};
}

std::vector<OutInfo> squeeze(const NodeCtx& c) {
  c.require_inputs(1, c.opset < 13 ? 1 : 2);
  const Shape& in = c.shape(0);
  bool given = false;
  std::vector<int64_t> axes = axes_of(c, &given);
  std::set<int64_t> drop;
  if (!given) {
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i] == 1) drop.insert(static_cast<int64_t>(i));
  }
  for (int64_t a : axes) {
    int64_t ax = c.axis(a, static_cast<int64_t>(in.size()), "squeeze axis");
    if (in[ax] != 1) c.fail("cannot squeeze dimension " + std::to_string(ax) + " of size " + std::to_string(in[ax]));
    if (!drop.insert(ax).second) c.fail("axis " + std::to_string(a) + " is given twice");
  }
  Shape out;
  for (size_t i = 0; i < in.size(); ++i)
    if (!drop.count(static_cast<int64_t>(i))) out.push_back(in[i]);
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> unsqueeze(const NodeCtx& c) {
  c.require_inputs(c.opset < 13 ? 1 : 2, c.opset < 13 ? 1 : 2);
  const Shape& in = c.shape(0);
  bool given = false;
  std::vector<int64_t> axes = axes_of(c, &given);
  if (!given) c.fail("axes are required");
  const int64_t r = static_cast<int64_t>(in.size() + axes.size());
  std::set<int64_t> add;
  for (int64_t a : axes)
    if (!add.insert(c.axis(a, r, "unsqueeze axis")).second) c.fail("axis " + std::to_string(a) + " is given twice");
  Shape out;
  size_t next = 0;
  for (int64_t i = 0; i < r; ++i) out.push_back(add.count(i) ? 1 : in[next++]);
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> transpose(const NodeCtx& c) {
  c.require_inputs(1, 1);
  const Shape& in = c.shape(0);
  std::vector<int64_t> perm = c.node.attr_ints("perm");
  if (!c.node.has_attr("perm"))
    for (size_t i = 0; i < in.size(); ++i) perm.push_back(static_cast<int64_t>(in.size() - 1 - i));
  if (perm.size() != in.size())
    c.fail("perm has " + std::to_string(perm.size()) + " entries, the input has rank " + std::to_string(in.size()));
  std::vector<bool> seen(in.size(), false);
  Shape out;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p]) c.fail("perm is not a permutation of the input's axes");
    seen[p] = true;
    out.push_back(in[p]);
  }
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> concat(const NodeCtx& c) {
  if (c.num_inputs() == 0) c.fail("needs at least one input");
  c.require_inputs(c.num_inputs(), c.num_inputs());
  if (!c.node.has_attr("axis")) c.fail("attribute 'axis' is required");
  const Shape& first = c.shape(0);
  const int64_t r = static_cast<int64_t>(first.size());
  if (r == 0) c.fail("cannot concatenate scalars");
  const int64_t axis = c.axis(c.node.attr_int("axis", 0), r);
  Shape out = first;
  out[axis] = 0;
  for (size_t i = 0; i < c.num_inputs(); ++i) {
    const Shape& s = c.shape(i);
    if (c.dtype(i) != c.dtype(0)) c.fail("input " + std::to_string(i) + " has a different type from input 0");
    if (static_cast<int64_t>(s.size()) != r)
      c.fail("input " + std::to_string(i) + " has shape " + shape_str(s) + ", rank differs from input 0's " + shape_str(first));
    for (int64_t d = 0; d < r; ++d)
      if (d != axis && s[d] != first[d])
        c.fail("input " + std::to_string(i) + " has shape " + shape_str(s) + ", which differs from " + shape_str(first) +
               " outside axis " + std::to_string(axis));
    out[axis] += s[axis];
  }
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

const std::vector<OpRule> kRules = {
    {"", "Reshape", 5, 22, reshape},
    {"", "Flatten", 1, 22, flatten},
    {"", "Squeeze", 1, 22, squeeze},
    {"", "Unsqueeze", 1, 22, unsqueeze},
    {"", "Transpose", 1, 22, transpose},
    {"", "Concat", 4, 22, concat},
};

}  // namespace

const std::vector<OpRule>& layout_rules() { return kRules; }

}  // namespace tinyc::shapes
