#include "param_sharing.h"

#include <algorithm>
#include <set>

#include "op_rules.h"
#include "params.h"
#include "tinyc/error.h"

namespace tinyc::ptq {

std::vector<std::string> activation_tensors(const Graph& g) {
  std::vector<std::string> out;
  for (const auto& x : g.inputs)
    if (g.tensor(x).dtype == DType::F32) out.push_back(x);
  for (const Node& n : g.nodes)
    for (const auto& y : n.outputs)
      if (!y.empty() && g.has_tensor(y) && g.tensor(y).dtype == DType::F32) out.push_back(y);
  return out;
}

namespace {

struct Group {
  bool has_range = false;
  FloatRange range;
  std::optional<QuantParams> fixed;
  void add(FloatRange r) {
    range = has_range ? FloatRange{std::min(range.lo, r.lo), std::max(range.hi, r.hi)} : r;
    has_range = true;
  }
};

// Union-find over activation tensor names, each root holding its group's state.
class Groups {
 public:
  explicit Groups(const std::vector<std::string>& names) {
    for (const auto& n : names) parent_[n] = n;
  }
  bool contains(const std::string& t) const { return parent_.count(t) != 0; }
  std::string find(const std::string& t) {
    std::string& p = parent_.at(t);
    if (p != t) p = find(p);
    return p;
  }
  Group& group(const std::string& t) { return state_[find(t)]; }
  // Merges b's group into a's. False (and nothing done) when both have
  // different fixed parameters.
  bool unite(const std::string& a, const std::string& b) {
    const std::string ra = find(a), rb = find(b);
    if (ra == rb) return true;
    Group& ga = state_[ra];
    const Group gb = state_[rb];  // a copy: rb's entry is erased below
    if (ga.fixed && gb.fixed && *ga.fixed != *gb.fixed) return false;
    if (gb.has_range) ga.add(gb.range);
    if (gb.fixed) ga.fixed = gb.fixed;
    parent_[rb] = ra;
    state_.erase(rb);
    return true;
  }
  std::vector<std::string> members(const std::string& t) {
    const std::string r = find(t);
    std::vector<std::string> m;
    for (auto& [name, _] : parent_)
      if (find(name) == r) m.push_back(name);
    return m;
  }

 private:
  std::map<std::string, std::string> parent_;
  std::map<std::string, Group> state_;
};

// True when nothing outside x's group reads any of its tensors except the
// Concat node `concat` (a reader whose outputs are in the group is inside it),
// and none of them is a graph output.
bool feeds_only(const Graph& g, Groups& groups, const std::string& x, size_t concat) {
  const std::vector<std::string> members = groups.members(x);
  const std::set<std::string> in_group(members.begin(), members.end());
  for (const auto& m : members) {
    if (g.is_graph_output(m)) return false;
    for (size_t c : g.consumers(m)) {
      if (c == concat) continue;
      const Node& user = g.nodes[c];
      const bool internal = std::any_of(user.outputs.begin(), user.outputs.end(),
                                        [&](const std::string& o) { return in_group.count(o) != 0; });
      if (!internal) return false;
    }
  }
  return true;
}

FloatRange constant_range(const Tensor& t) {
  const std::vector<float> v = t.to_float();
  FloatRange r;
  for (float x : v) r = {std::min(r.lo, double(x)), std::max(r.hi, double(x))};
  return r;
}

}  // namespace

std::map<std::string, QuantParams> assign_activation_params(const Graph& g,
                                                            const std::map<std::string, FloatRange>& ranges) {
  const std::vector<std::string> acts = activation_tensors(g);
  Groups groups(acts);
  auto range_of = [&](const std::string& t) {
    auto it = ranges.find(t);
    if (it == ranges.end()) fail("activation '" + t + "' has no calibrated range", ErrorKind::Internal);
    return it->second;
  };
  for (const auto& x : g.inputs)
    if (groups.contains(x)) groups.group(x).add(range_of(x));

  std::vector<size_t> concats;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    const std::optional<OpRule> rule = op_rule(n);
    if (!rule) fail_node(n.name, n.op_type, "has no int8 meaning in tinyc");
    if (n.outputs.empty() || !groups.contains(n.outputs[0])) continue;
    const std::string& y = n.outputs[0];
    switch (rule->output) {
      case OutputParams::SameAsInput:
        if (n.has_input(0) && groups.contains(n.input(0)) && groups.unite(n.input(0), y)) break;
        groups.group(y).add(range_of(y));  // input is a constant, or fixed elsewhere
        break;
      case OutputParams::Fixed: groups.group(y).fixed = rule->fixed; break;
      case OutputParams::Concat:
        groups.group(y).add(range_of(y));
        concats.push_back(i);
        break;
      case OutputParams::Own: groups.group(y).add(range_of(y)); break;
    }
  }
  // After every data-movement link is in place, so that "feeds nothing else"
  // sees whole groups.
  for (size_t i : concats) {
    const Node& n = g.nodes[i];
    const std::string& y = n.outputs[0];
    for (const auto& x : n.inputs) {
      if (x.empty()) continue;
      if (!groups.contains(x)) {
        if (g.is_constant(x) && g.tensor(x).dtype == DType::F32) groups.group(y).add(constant_range(g.tensor(x)));
        continue;
      }
      if (groups.group(x).fixed || groups.group(y).fixed) continue;
      if (feeds_only(g, groups, x, i)) groups.unite(y, x);
    }
  }

  std::map<std::string, QuantParams> params;
  for (const auto& t : acts) {
    const Group& grp = groups.group(t);
    params[t] = grp.fixed ? *grp.fixed : activation_params(grp.has_range ? grp.range : FloatRange{});
  }
  return params;
}

}  // namespace tinyc::ptq
