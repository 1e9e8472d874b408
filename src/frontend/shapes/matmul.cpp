// Matrix products: Gemm, MatMul (numpy batching, 1-D operands),
// MatMulInteger, QLinearMatMul.
#include "frontend/shapes/rule.h"

namespace tinyc::shapes {
namespace {

/// numpy.matmul's result shape for a @ b.
Shape matmul_shape(const NodeCtx& c, Shape a, Shape b) {
  if (a.empty() || b.empty()) c.fail("MatMul operands must have rank 1 or more");
  const bool a_vec = a.size() == 1, b_vec = b.size() == 1;
  if (a_vec) a.insert(a.begin(), 1);  // (K) -> (1, K)
  if (b_vec) b.push_back(1);          // (K) -> (K, 1)
  const int64_t m = a[a.size() - 2], k = a.back(), k2 = b[b.size() - 2], n = b.back();
  if (k != k2)
    c.fail("inner dimensions differ: " + shape_str(a) + " @ " + shape_str(b) + " (" + std::to_string(k) + " vs " +
           std::to_string(k2) + ")");
  Shape batch = broadcast(c, Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2));
  Shape out = batch;
  if (!a_vec) out.push_back(m);
  if (!b_vec) out.push_back(n);
  return out;
}

std::vector<OutInfo> matmul(const NodeCtx& c) {
  c.require_inputs(2, 2);
  if (c.dtype(0) != c.dtype(1))
    c.fail(std::string("input types differ: ") + dtype_name(c.dtype(0)) + " and " + dtype_name(c.dtype(1)));
  return {OutInfo{matmul_shape(c, c.shape(0), c.shape(1)), c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> matmul_integer(const NodeCtx& c) {
  c.require_inputs(2, 4);
  return {OutInfo{matmul_shape(c, c.shape(0), c.shape(1)), DType::I32, std::nullopt}};
}

std::vector<OutInfo> qlinear_matmul(const NodeCtx& c) {
  // a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point
  c.require_inputs(8, 8);
  return {OutInfo{matmul_shape(c, c.shape(0), c.shape(3)), c.dtype(7), std::nullopt}};
}

std::vector<OutInfo> gemm(const NodeCtx& c) {
  c.require_inputs(2, 3);
  c.require_rank(0, 2, "A");
  c.require_rank(1, 2, "B");
  const Shape& a = c.shape(0);
  const Shape& b = c.shape(1);
  const bool ta = c.node.attr_int("transA", 0) != 0, tb = c.node.attr_int("transB", 0) != 0;
  const int64_t m = ta ? a[1] : a[0], k = ta ? a[0] : a[1];
  const int64_t kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
  if (k != kb)
    c.fail("inner dimensions differ: A " + shape_str(a) + (ta ? " (transposed)" : "") + ", B " + shape_str(b) +
           (tb ? " (transposed)" : ""));
  Shape out = {m, n};
  if (c.has(2) && broadcast(c, out, c.shape(2)) != out)
    c.fail("C of shape " + shape_str(c.shape(2)) + " does not broadcast to the output's " + shape_str(out));
  return {OutInfo{out, c.dtype(0), std::nullopt}};
}

const std::vector<OpRule> kRules = {
    {"", "Gemm", 7, 22, gemm},
    {"", "MatMul", 1, 22, matmul},
    {"", "MatMulInteger", 10, 22, matmul_integer, nullptr, "MatMulInteger exists from opset 10"},
    {"", "QLinearMatMul", 10, 22, qlinear_matmul, nullptr, "QLinearMatMul exists from opset 10"},
};

}  // namespace

const std::vector<OpRule>& matmul_rules() { return kRules; }

}  // namespace tinyc::shapes
