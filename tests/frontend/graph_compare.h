// Comparing two graphs structurally (for import -> export -> import round trips).
#pragma once

#include <doctest/doctest.h>

#include "tinyc/ir.h"

namespace tinyc::test {

inline void check_same_attr(const Attribute& a, const Attribute& b) {
  CHECK(static_cast<int>(a.kind) == static_cast<int>(b.kind));
  CHECK(a.i == b.i);
  CHECK(a.f == b.f);
  CHECK(a.s == b.s);
  CHECK(a.ints == b.ints);
  CHECK(a.floats == b.floats);
  CHECK(a.strings == b.strings);
  CHECK(a.t.dtype == b.t.dtype);
  CHECK(a.t.shape == b.t.shape);
  CHECK(a.t.data == b.t.data);
}

/// Same inputs, outputs, opsets, nodes (op, domain, name, wiring, attributes)
/// and tensors (dtype, shape, constant data).
inline void check_same_graph(const Graph& a, const Graph& b) {
  CHECK(a.inputs == b.inputs);
  CHECK(a.outputs == b.outputs);
  CHECK(a.opsets == b.opsets);
  REQUIRE(a.nodes.size() == b.nodes.size());
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const Node &x = a.nodes[i], &y = b.nodes[i];
    CAPTURE(x.name);
    CHECK(x.name == y.name);
    CHECK(x.op_type == y.op_type);
    CHECK(x.domain == y.domain);
    CHECK(x.inputs == y.inputs);
    CHECK(x.outputs == y.outputs);
    REQUIRE(x.attrs.size() == y.attrs.size());
    for (const auto& attr : x.attrs) {  // no structured binding: clang 14's CAPTURE cannot capture one
      const std::string& k = attr.first;
      const auto& v = attr.second;
      CAPTURE(k);
      REQUIRE(y.attrs.count(k));
      check_same_attr(v, y.attrs.at(k));
    }
  }
  REQUIRE(a.tensors.size() == b.tensors.size());
  for (const auto& entry : a.tensors) {
    const std::string& name = entry.first;
    const Tensor& t = entry.second;
    CAPTURE(name);
    REQUIRE(b.has_tensor(name));
    const Tensor& u = b.tensor(name);
    CHECK(t.dtype == u.dtype);
    CHECK(t.shape == u.shape);
    CHECK(t.is_constant == u.is_constant);
    CHECK(t.data == u.data);
  }
}

}  // namespace tinyc::test
