// Layout: first-fit placement with in-place sharing (rules in layout.h).
#include "planner/layout.h"

#include <algorithm>

#include "tinyc/error.h"

namespace tinyc::planner {

Layout::Layout(const Problem& p) : p_(p), offset_(p.root.size(), -1), arena_{0} {}

bool Layout::fits_at(int b, int64_t offset) const {
  const int64_t end = offset + p_.size(b);
  for (int q : p_.neighbors[static_cast<size_t>(b)]) {
    const int64_t qo = offset_[static_cast<size_t>(q)];
    if (qo < 0) continue;
    if (qo == offset && p_.inplace_pair(b, q)) continue;
    if (offset < qo + p_.size(q) && qo < end) return false;
  }
  return true;
}

int64_t Layout::first_fit(int b) const {
  const int64_t align = p_.alignment[static_cast<size_t>(b)];
  std::vector<int64_t> candidates{0};
  for (int q : p_.neighbors[static_cast<size_t>(b)]) {
    const int64_t qo = offset_[static_cast<size_t>(q)];
    if (qo < 0) continue;
    candidates.push_back(align_up(qo + p_.size(q), align));
    if (qo % align == 0 && p_.inplace_pair(b, q)) candidates.push_back(qo);
  }
  std::sort(candidates.begin(), candidates.end());
  for (int64_t c : candidates)
    if (fits_at(b, c)) return c;
  // Above every placed neighbour always fits; getting here is a bug.
  fail("memory planner: no first-fit offset for " + buffer_label(*p_.buffers, b), ErrorKind::Internal);
}

std::vector<int64_t> Layout::inplace_offsets(int b) const {
  std::vector<int64_t> out;
  const int64_t align = p_.alignment[static_cast<size_t>(b)];
  for (int q : p_.partners[static_cast<size_t>(b)]) {
    const int64_t qo = offset_[static_cast<size_t>(q)];
    if (qo >= 0 && qo % align == 0 && fits_at(b, qo)) out.push_back(qo);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int64_t Layout::preferred_offset(int b) const {
  const int64_t fit = first_fit(b);
  const int64_t cost_of_fit = std::max(arena(), fit + p_.size(b));
  for (int64_t o : inplace_offsets(b))
    if (o + p_.size(b) <= cost_of_fit) return o;
  return fit;
}

void Layout::place(int b, int64_t offset) {
  offset_[static_cast<size_t>(b)] = offset;
  arena_.push_back(std::max(arena_.back(), offset + p_.size(b)));
  order_.push_back(b);
}

void Layout::unplace(int b) {
  if (order_.empty() || order_.back() != b)
    fail("memory planner: unplace out of order", ErrorKind::Internal);
  order_.pop_back();
  arena_.pop_back();
  offset_[static_cast<size_t>(b)] = -1;
}

Layout place_in_order(const Problem& p, const std::vector<int>& order) {
  Layout layout(p);
  for (int b : order) layout.place(b, layout.preferred_offset(b));
  return layout;
}

}  // namespace tinyc::planner
