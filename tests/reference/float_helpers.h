// Helpers for the float reference tests: build one node, evaluate it, compare.
// Expected values in these tests are worked out by hand (or from the ONNX
// operator spec's formulas), never taken from the implementation's output.
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "tinyc/error.h"
#include "tinyc/ir.h"
#include "tinyc/reference.h"

namespace tinyc::floattest {

/// A node `op` with inputs in0..in{n_in-1} and outputs out0..; attributes added with .attrs.
inline Node make_node(const std::string& op, size_t n_in, size_t n_out = 1, const std::string& domain = "") {
  Node n;
  n.name = "n_" + op;
  n.op_type = op;
  n.domain = domain;
  for (size_t i = 0; i < n_in; ++i) n.inputs.push_back("in" + std::to_string(i));
  for (size_t i = 0; i < n_out; ++i) n.outputs.push_back("out" + std::to_string(i));
  return n;
}

inline Tensor f32(Shape s, std::vector<float> v) { return Tensor::from_float("", std::move(s), v); }
inline Tensor i64(Shape s, std::vector<int64_t> v) { return Tensor::from_int64("", std::move(s), v); }
template <class T>
Tensor typed(DType t, Shape s, std::vector<T> v) {
  return Tensor::from_values<T>("", t, std::move(s), v);
}
/// An omitted optional input.
inline Tensor none() {
  Tensor t;
  t.dtype = DType::Undefined;
  return t;
}

/// Evaluates `n` on `inputs` (none() marks an omitted one) at `opset`.
inline std::vector<Tensor> eval(const Node& n, const std::vector<Tensor>& inputs, int64_t opset = 17) {
  std::vector<const Tensor*> ptrs;
  for (const auto& t : inputs) ptrs.push_back(t.dtype == DType::Undefined ? nullptr : &t);
  return eval_node_float(n, ptrs, opset);
}
inline Tensor eval1(const Node& n, const std::vector<Tensor>& inputs, int64_t opset = 17) {
  std::vector<Tensor> r = eval(n, inputs, opset);
  REQUIRE(r.size() >= 1);
  return r[0];
}

/// Checks shape and float values within an absolute tolerance.
inline void check_f32(const Tensor& t, const Shape& shape, const std::vector<float>& want, float tol = 1e-5f) {
  CHECK(t.dtype == DType::F32);
  CHECK(shape_str(t.shape) == shape_str(shape));
  std::vector<float> got = t.to_float();
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    INFO("element " << i << ": got " << got[i] << ", want " << want[i]);
    CHECK(std::fabs(got[i] - want[i]) <= tol);
  }
}

/// Checks dtype, shape and exact integer values.
inline void check_ints(const Tensor& t, DType dt, const Shape& shape, const std::vector<int64_t>& want) {
  CHECK(dtype_name(t.dtype) == std::string(dtype_name(dt)));
  CHECK(shape_str(t.shape) == shape_str(shape));
  CHECK(t.to_int64() == want);
}

/// Runs `f`, requires a tinyc::Error naming node `node` whose message contains `needle`.
template <class F>
void check_error(F&& f, const std::string& node, const std::string& needle) {
  try {
    f();
    FAIL("expected a tinyc::Error containing '" << needle << "'");
  } catch (const Error& e) {
    INFO("message: " << e.what());
    CHECK(e.node() == node);
    CHECK(std::string(e.what()).find(needle) != std::string::npos);
  }
}

inline std::vector<float> iota_f(int n, float start = 0.f) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = start + static_cast<float>(i);
  return v;
}

}  // namespace tinyc::floattest
