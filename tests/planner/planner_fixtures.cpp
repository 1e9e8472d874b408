#include "planner/planner_fixtures.h"

#include <algorithm>
#include <map>
#include <set>

namespace tinyc::test {

std::vector<PlanBuffer> random_buffers(Rng& rng, int n, int steps, int64_t max_size, bool with_specials) {
  static const int64_t alignments[] = {1, 2, 4, 8, 16};
  std::vector<PlanBuffer> bufs;
  for (int i = 0; i < n; ++i) {
    PlanBuffer b;
    b.name = "t" + std::to_string(i);
    b.first_step = static_cast<int>(rng.in(0, steps - 1));
    // Sometimes start exactly where an earlier buffer ends, so in-place pairs can be legal.
    const bool after_other = with_specials && i > 0 && rng.chance(40);
    const int other = after_other ? static_cast<int>(rng.in(0, i - 1)) : -1;
    if (after_other) b.first_step = bufs[static_cast<size_t>(other)].last_step;
    b.last_step = static_cast<int>(std::min<int64_t>(steps - 1, b.first_step + rng.in(0, 3)));
    b.size = rng.chance(8) ? 0 : rng.in(1, max_size);
    b.alignment = alignments[rng.in(0, 4)];
    if (after_other && rng.chance(70)) b.inplace_with.push_back(other);
    if (with_specials && i > 0 && rng.chance(15)) {
      b.alias_of = static_cast<int>(rng.in(0, i - 1));
      b.size = std::min(b.size, bufs[static_cast<size_t>(b.alias_of)].size);
      b.inplace_with.clear();
    }
    bufs.push_back(b);
  }
  return bufs;
}

std::vector<PlanBuffer> tiled_buffers(Rng& rng, int pieces, int64_t width, int steps, int64_t unit) {
  struct Rect {
    int64_t offset, size;
    int first, last;
  };
  std::vector<Rect> rects{{0, width, 0, steps - 1}};
  for (int tries = 0; static_cast<int>(rects.size()) < pieces && tries < 1000; ++tries) {
    Rect& r = rects[static_cast<size_t>(rng.in(0, static_cast<int64_t>(rects.size()) - 1))];
    const bool can_cut_bytes = r.size > unit, can_cut_steps = r.last > r.first;
    if (!can_cut_bytes && !can_cut_steps) continue;
    const bool cut_bytes = can_cut_bytes && (!can_cut_steps || rng.chance(50));
    Rect second = r;
    if (cut_bytes) {
      const int64_t low = unit * rng.in(1, r.size / unit - 1);
      second.offset = r.offset + low;
      second.size = r.size - low;
      r.size = low;
    } else {
      const int cut = static_cast<int>(rng.in(r.first, r.last - 1));
      second.first = cut + 1;
      r.last = cut;
    }
    rects.push_back(second);
  }
  for (size_t i = rects.size(); i > 1; --i) std::swap(rects[i - 1], rects[static_cast<size_t>(rng.in(0, static_cast<int64_t>(i) - 1))]);
  std::vector<PlanBuffer> bufs;
  for (size_t i = 0; i < rects.size(); ++i)
    bufs.push_back(buf("r" + std::to_string(i), rects[i].size, rects[i].first, rects[i].last, unit));
  return bufs;
}

std::vector<PlanBuffer> activation_buffers(const Graph& g) {
  static const std::set<std::string> views = {"Reshape", "Flatten", "Squeeze", "Unsqueeze"};
  static const std::set<std::string> elementwise = {"Relu", "Clip", "Add", "Mul"};
  std::vector<PlanBuffer> bufs;
  std::map<std::string, int> index;
  const int last_step = std::max(0, static_cast<int>(g.nodes.size()) - 1);
  auto add = [&](const std::string& name, int step) {
    const Tensor& t = g.tensor(name);
    index[name] = static_cast<int>(bufs.size());
    bufs.push_back(buf(name, static_cast<int64_t>(t.byte_size()), step, step));
  };
  for (const std::string& in : g.inputs) add(in, 0);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    const int step = static_cast<int>(i);
    for (const std::string& in : n.inputs) {
      auto it = index.find(in);
      if (it != index.end()) bufs[static_cast<size_t>(it->second)].last_step = step;
    }
    for (const std::string& out : n.outputs) {
      if (out.empty() || g.is_constant(out)) continue;
      add(out, step);
      PlanBuffer& b = bufs.back();
      auto src = n.inputs.empty() ? index.end() : index.find(n.inputs[0]);
      if (views.count(n.op_type) && src != index.end() && bufs[static_cast<size_t>(src->second)].size == b.size)
        b.alias_of = src->second;
      if (!elementwise.count(n.op_type)) continue;
      for (const std::string& in : n.inputs) {
        auto it = index.find(in);
        if (it != index.end() && bufs[static_cast<size_t>(it->second)].size == b.size) b.inplace_with.push_back(it->second);
      }
    }
  }
  for (const std::string& out : g.outputs) bufs[static_cast<size_t>(index.at(out))].last_step = last_step;
  return bufs;
}

}  // namespace tinyc::test
