#include "codegen/layout.h"

namespace tinyc::codegen {

bool is_channels_last(const Tensor& t) {
  return !t.is_constant && (t.shape.size() == 3 || t.shape.size() == 4);
}

std::vector<int> storage_order(const Tensor& t) {
  const int r = static_cast<int>(t.shape.size());
  std::vector<int> order;
  if (is_channels_last(t)) {
    order.push_back(0);
    for (int d = 2; d < r; ++d) order.push_back(d);
    order.push_back(1);
  } else {
    for (int d = 0; d < r; ++d) order.push_back(d);
  }
  return order;
}

std::vector<int64_t> row_major_strides(const Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t d = s.size(); d-- > 1;) st[d - 1] = st[d] * s[d];
  return st;
}

std::vector<int64_t> logical_strides(const Tensor& t) {
  const std::vector<int> order = storage_order(t);
  std::vector<int64_t> st(t.shape.size(), 1);
  int64_t acc = 1;
  for (size_t i = order.size(); i-- > 0;) {
    st[order[i]] = acc;
    acc *= t.shape[order[i]];
  }
  return st;
}

Shape storage_shape(const Tensor& t) {
  Shape s;
  for (int d : storage_order(t)) s.push_back(t.shape[d]);
  return s;
}

bool is_row_major_bytes(const Tensor& t) {
  // Same bytes when the non-unit dims appear in the same order.
  std::vector<int> a, b;
  for (int d : storage_order(t))
    if (t.shape[d] != 1) a.push_back(d);
  for (int d = 0; d < static_cast<int>(t.shape.size()); ++d)
    if (t.shape[d] != 1) b.push_back(d);
  return a == b;
}

}  // namespace tinyc::codegen
