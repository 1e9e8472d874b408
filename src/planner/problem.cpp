// build_problem: validation, alias resolution, lifetime extension, legal
// in-place pairs and conflicts (the steps are listed in problem.h).
#include "planner/problem.h"

#include <algorithm>
#include <numeric>

#include "tinyc/error.h"

namespace tinyc::planner {
namespace {

[[noreturn]] void bad_buffer(const std::vector<PlanBuffer>& bufs, int b, const std::string& what) {
  fail("memory planner: buffer " + buffer_label(bufs, b) + ": " + what, ErrorKind::Internal);
}

void validate_fields(const std::vector<PlanBuffer>& bufs) {
  const int n = static_cast<int>(bufs.size());
  for (int b = 0; b < n; ++b) {
    const PlanBuffer& pb = bufs[static_cast<size_t>(b)];
    if (pb.size < 0) bad_buffer(bufs, b, "negative size " + std::to_string(pb.size));
    if (pb.first_step < 0 || pb.last_step < pb.first_step)
      bad_buffer(bufs, b, "bad lifetime [" + std::to_string(pb.first_step) + ", " + std::to_string(pb.last_step) +
                              "] (steps are >= 0 and first_step <= last_step)");
    if (pb.alignment < 1) bad_buffer(bufs, b, "alignment " + std::to_string(pb.alignment) + " (must be >= 1)");
    if (pb.alias_of < -1 || pb.alias_of >= n || pb.alias_of == b)
      bad_buffer(bufs, b, "alias_of " + std::to_string(pb.alias_of) + " is not another buffer's index");
    if (pb.alias_of >= 0 && pb.size > bufs[static_cast<size_t>(pb.alias_of)].size)
      bad_buffer(bufs, b, "alias of " + buffer_label(bufs, pb.alias_of) + " is larger than it (" +
                              std::to_string(pb.size) + " B > " +
                              std::to_string(bufs[static_cast<size_t>(pb.alias_of)].size) + " B)");
    for (int q : pb.inplace_with)
      if (q < 0 || q >= n || q == b)
        bad_buffer(bufs, b, "inplace_with " + std::to_string(q) + " is not another buffer's index");
  }
}

// Follows alias_of to the root; a chain longer than the buffer count is a cycle,
// reported with every buffer on it.
int find_root(const std::vector<PlanBuffer>& bufs, int b) {
  const size_t n = bufs.size();
  int r = b;
  for (size_t hops = 0; bufs[static_cast<size_t>(r)].alias_of >= 0; ++hops) {
    if (hops > n) {
      std::string cycle = buffer_label(bufs, r);
      for (int c = bufs[static_cast<size_t>(r)].alias_of; c != r; c = bufs[static_cast<size_t>(c)].alias_of)
        cycle += " -> " + buffer_label(bufs, c);
      fail("memory planner: alias cycle " + cycle + " -> " + buffer_label(bufs, r), ErrorKind::Internal);
    }
    r = bufs[static_cast<size_t>(r)].alias_of;
  }
  return r;
}

}  // namespace

std::string buffer_label(const std::vector<PlanBuffer>& buffers, int b) {
  const std::string& name = buffers[static_cast<size_t>(b)].name;
  return name.empty() ? "#" + std::to_string(b) : "'" + name + "'";
}

bool Problem::inplace_pair(int a, int b) const {
  const auto& pa = partners[static_cast<size_t>(a)];
  return std::find(pa.begin(), pa.end(), b) != pa.end();
}

Problem build_problem(const std::vector<PlanBuffer>& buffers, bool allow_inplace) {
  validate_fields(buffers);
  const int n = static_cast<int>(buffers.size());
  Problem p;
  p.buffers = &buffers;
  p.root.resize(static_cast<size_t>(n));
  p.first.resize(static_cast<size_t>(n));
  p.last.resize(static_cast<size_t>(n));
  p.alignment.resize(static_cast<size_t>(n));
  p.neighbors.resize(static_cast<size_t>(n));
  p.partners.resize(static_cast<size_t>(n));

  // Steps 1-2: roots, then each group's lifetime hull and alignment (lcm) on its root.
  for (int b = 0; b < n; ++b) {
    const PlanBuffer& pb = buffers[static_cast<size_t>(b)];
    p.root[b] = find_root(buffers, b);
    p.first[b] = pb.first_step;
    p.last[b] = pb.last_step;
    p.alignment[b] = pb.alignment;
    p.num_steps = std::max(p.num_steps, pb.last_step + 1);
  }
  for (int b = 0; b < n; ++b) {
    const int r = p.root[b];
    if (r == b) continue;
    p.first[r] = std::min(p.first[r], p.first[b]);
    p.last[r] = std::max(p.last[r], p.last[b]);
    p.alignment[r] = std::lcm(p.alignment[r], p.alignment[b]);
  }
  for (int b = 0; b < n; ++b) {
    p.first[b] = p.first[p.root[b]];
    p.last[b] = p.last[p.root[b]];
    if (p.root[b] == b && p.size(b) > 0) p.planned.push_back(b);
  }

  // Step 3: legal in-place pairs, between roots, both planned.
  if (allow_inplace) {
    for (int b = 0; b < n; ++b) {
      for (int q : buffers[static_cast<size_t>(b)].inplace_with) {
        const int rb = p.root[b], rq = p.root[q];
        if (rb == rq || p.size(rb) == 0 || p.size(rq) == 0 || p.last[rq] != p.first[rb]) continue;
        if (p.inplace_pair(rb, rq)) continue;
        p.partners[rb].push_back(rq);
        p.partners[rq].push_back(rb);
      }
    }
    for (auto& list : p.partners) std::sort(list.begin(), list.end());
  }

  // Step 4: conflicts between planned roots (sweep by first step keeps it cheap).
  std::vector<int> by_start = p.planned;
  std::stable_sort(by_start.begin(), by_start.end(), [&](int a, int b) { return p.first[a] < p.first[b]; });
  for (size_t i = 0; i < by_start.size(); ++i) {
    const int a = by_start[i];
    for (size_t j = i + 1; j < by_start.size() && p.first[by_start[j]] <= p.last[a]; ++j) {
      p.neighbors[a].push_back(by_start[j]);
      p.neighbors[by_start[j]].push_back(a);
    }
  }
  for (auto& list : p.neighbors) std::sort(list.begin(), list.end());
  return p;
}

}  // namespace tinyc::planner
