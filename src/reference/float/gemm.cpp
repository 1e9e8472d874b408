// Gemm, MatMul (numpy batching and 1-D operands), MatMulInteger and
// QLinearMatMul. Products go through Eigen; float products accumulate in
// float32 (as onnxruntime's MLAS does), integer ones exactly in int32.
#include <Eigen/Core>

#include "reference/float/kernel.h"
#include "reference/float/quant_util.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

template <class T>
using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::vector<Tensor> gemm(const KernelArgs& a) {
  const Tensor& A = a.in(0);
  const Tensor& B = a.in(1);
  const Tensor* C = a.opt(2);
  if (A.shape.size() != 2 || B.shape.size() != 2)
    a.fail("A and B must be 2-D, got " + shape_str(A.shape) + " and " + shape_str(B.shape));
  if (A.dtype != B.dtype || (C && C->dtype != A.dtype)) a.fail("A, B and C must have one element type");
  const bool ta = a.node.attr_int("transA", 0) != 0, tb = a.node.attr_int("transB", 0) != 0;
  const float alpha = a.node.attr_float("alpha", 1.f), beta = a.node.attr_float("beta", 1.f);
  const int64_t m = ta ? A.shape[1] : A.shape[0], k = ta ? A.shape[0] : A.shape[1];
  const int64_t kb = tb ? B.shape[1] : B.shape[0], n = tb ? B.shape[0] : B.shape[1];
  if (k != kb) a.fail("inner dimensions differ: A is " + shape_str(A.shape) + ", B is " + shape_str(B.shape));
  const Shape out{m, n};
  // C broadcasts one way only: to the output, never the output to C.
  if (C && broadcast_shapes({C->shape, out}, a) != out)
    a.fail("C of shape " + shape_str(C->shape) + " does not broadcast to " + shape_str(out));
  Tensor y = make_tensor(A.dtype, out);
  visit_float(A.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    Eigen::Map<const RowMat<T>> am(A.ptr<T>(), A.shape[0], A.shape[1]);
    Eigen::Map<const RowMat<T>> bm(B.ptr<T>(), B.shape[0], B.shape[1]);
    Eigen::Map<RowMat<T>> ym(y.ptr<T>(), m, n);
    if (ta && tb) ym.noalias() = am.transpose() * bm.transpose();
    else if (ta) ym.noalias() = am.transpose() * bm;
    else if (tb) ym.noalias() = am * bm.transpose();
    else ym.noalias() = am * bm;
    if (alpha != 1.f) ym *= static_cast<T>(alpha);
    if (C && beta != 0.f) {
      T* py = y.ptr<T>();
      const T* pc = C->ptr<T>();
      const T bt = static_cast<T>(beta);
      for_each_broadcast(out, {C->shape}, [&](int64_t i, const int64_t* off) { py[i] += bt * pc[off[0]]; });
    }
  });
  return {std::move(y)};
}

// numpy matmul geometry: 1-D operands are promoted (and the added dimension
// dropped from the result); leading dimensions broadcast.
struct MatMulPlan {
  Shape out;
  int64_t m = 0, k = 0, n = 0;
  std::vector<int64_t> a_mat, b_mat;  ///< per output matrix: index of the A and B matrices
};

MatMulPlan plan_matmul(const KernelArgs& a, const Shape& sa, const Shape& sb) {
  if (sa.empty() || sb.empty()) a.fail("MatMul operands must have rank 1 or more");
  Shape a2 = sa, b2 = sb;
  if (a2.size() == 1) a2.insert(a2.begin(), 1);
  if (b2.size() == 1) b2.push_back(1);
  MatMulPlan p;
  p.m = a2[a2.size() - 2];
  p.k = a2.back();
  p.n = b2.back();
  if (b2[b2.size() - 2] != p.k)
    a.fail("inner dimensions differ: " + shape_str(sa) + " and " + shape_str(sb));
  const Shape ab(a2.begin(), a2.end() - 2), bb(b2.begin(), b2.end() - 2);
  const Shape batch = broadcast_shapes({ab, bb}, a);
  for_each_broadcast(batch, {ab, bb}, [&](int64_t, const int64_t* off) {
    p.a_mat.push_back(off[0]);
    p.b_mat.push_back(off[1]);
  });
  p.out = batch;
  if (sa.size() > 1) p.out.push_back(p.m);
  if (sb.size() > 1) p.out.push_back(p.n);
  return p;
}

template <class T>
void batched_product(const MatMulPlan& p, const T* pa, const T* pb, T* py) {
  for (size_t i = 0; i < p.a_mat.size(); ++i) {
    Eigen::Map<const RowMat<T>> am(pa + p.a_mat[i] * p.m * p.k, p.m, p.k);
    Eigen::Map<const RowMat<T>> bm(pb + p.b_mat[i] * p.k * p.n, p.k, p.n);
    Eigen::Map<RowMat<T>> ym(py + static_cast<int64_t>(i) * p.m * p.n, p.m, p.n);
    ym.noalias() = am * bm;
  }
}

std::vector<Tensor> matmul(const KernelArgs& a) {
  const Tensor& A = a.in(0);
  const Tensor& B = a.in(1);
  if (A.dtype != B.dtype) a.fail("A and B must have one element type");
  const MatMulPlan p = plan_matmul(a, A.shape, B.shape);
  Tensor y = make_tensor(A.dtype, p.out);
  visit_numeric(A.dtype, a, [&](auto tag) {
    using T = decltype(tag);
    batched_product<T>(p, A.ptr<T>(), B.ptr<T>(), y.ptr<T>());
  });
  return {std::move(y)};
}

// A - a_zero_point (per tensor, or per row of A) and B - b_zero_point (per
// tensor, or per column of B), as int32.
struct CentredMatMul {
  MatMulPlan plan;
  std::vector<int32_t> a, b;
};

CentredMatMul centred_matmul(const KernelArgs& a, const Tensor& A, const Tensor& B, const std::vector<int64_t>& azp,
                             const std::vector<int64_t>& bzp) {
  if ((A.dtype != DType::U8 && A.dtype != DType::I8) || (B.dtype != DType::U8 && B.dtype != DType::I8))
    a.fail(std::string("A and B must be int8 or uint8, got ") + dtype_name(A.dtype) + " and " + dtype_name(B.dtype));
  CentredMatMul r;
  r.plan = plan_matmul(a, A.shape, B.shape);
  const int64_t m = r.plan.m, k = r.plan.k, n = r.plan.n;
  if (azp.size() != 1 && static_cast<int64_t>(azp.size()) != m)
    a.fail("a_zero_point must hold 1 or " + std::to_string(m) + " values");
  if (bzp.size() != 1 && static_cast<int64_t>(bzp.size()) != n)
    a.fail("b_zero_point must hold 1 or " + std::to_string(n) + " values");
  r.a = int32_values(A);
  r.b = int32_values(B);
  for (size_t i = 0; i < r.a.size(); ++i) {
    const int64_t row = (static_cast<int64_t>(i) / k) % m;
    r.a[i] -= static_cast<int32_t>(azp.size() == 1 ? azp[0] : azp[row]);
  }
  for (size_t i = 0; i < r.b.size(); ++i) {
    const int64_t col = static_cast<int64_t>(i) % n;
    r.b[i] -= static_cast<int32_t>(bzp.size() == 1 ? bzp[0] : bzp[col]);
  }
  return r;
}

std::vector<int64_t> zp_or_zero(const KernelArgs& a, size_t idx) {
  const Tensor* z = a.opt(idx);
  if (!z) return {0};
  if (z->dtype != DType::U8 && z->dtype != DType::I8)
    a.fail(std::string("zero point must be int8 or uint8, not ") + dtype_name(z->dtype));
  return z->to_int64();
}

std::vector<Tensor> matmul_integer(const KernelArgs& a) {
  const CentredMatMul c = centred_matmul(a, a.in(0), a.in(1), zp_or_zero(a, 2), zp_or_zero(a, 3));
  Tensor y = make_tensor(DType::I32, c.plan.out);
  batched_product<int32_t>(c.plan, c.a.data(), c.b.data(), y.ptr<int32_t>());
  return {std::move(y)};
}

std::vector<Tensor> qlinear_matmul(const KernelArgs& a) {
  const QuantInput aq = read_quant_input(a, 1, 2, "a"), bq = read_quant_input(a, 4, 5, "b"),
                   yq = read_quant_input(a, 6, 7, "y");
  const CentredMatMul c = centred_matmul(a, a.in(0), a.in(3), aq.zero_point, bq.zero_point);
  const int64_t n = c.plan.n;
  check_quant_count(a, aq, 1, "a");
  check_quant_count(a, bq, n, "b");
  check_quant_count(a, yq, 1, "y");
  std::vector<int32_t> acc(static_cast<size_t>(num_elements(c.plan.out)));
  batched_product<int32_t>(c.plan, c.a.data(), c.b.data(), acc.data());
  const DType out_t = a.opt(7) ? yq.zp_type : a.in(0).dtype;
  Tensor y = make_tensor(out_t, c.plan.out);
  const int64_t lo = quant_min(out_t), hi = quant_max(out_t);
  std::vector<int64_t> q(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    const float mult = aq.scale[0] * bq.scale_at(static_cast<int64_t>(i) % n) / yq.scale[0];
    q[i] = round_add_saturate(static_cast<float>(acc[i]) * mult, yq.zero_point[0], lo, hi);
  }
  store_ints(y, q);
  return {std::move(y)};
}

}  // namespace

KernelTable gemm_kernels() {
  return {
      {"", "Gemm", gemm},
      {"", "MatMul", matmul},
      {"", "MatMulInteger", matmul_integer},
      {"", "QLinearMatMul", qlinear_matmul},
  };
}

}  // namespace tinyc::ref
