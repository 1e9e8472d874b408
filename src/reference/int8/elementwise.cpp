// Elementwise int8 ops: Add/Sub (TFLite ADD: inputs scaled up by 2^20, each
// rescaled, summed, rescaled to the output), Mul, Requantize, LeakyRelu/PRelu,
// and the table functions.
#include "reference/int8/kernels.h"
#include "tinyc/int8_prepare.h"

namespace tinyc::ref8 {
namespace {

// Visits every output index with the element offsets of both broadcast inputs.
template <class F>
void for_each_broadcast(const int8::Broadcast& bc, F f) {
  const size_t r = bc.out_shape.size();
  std::vector<int64_t> idx(r, 0);
  const int64_t total = bc.count();
  for (int64_t i = 0; i < total; ++i) {
    int64_t oa = 0, ob = 0;
    for (size_t d = 0; d < r; ++d) {
      oa += idx[d] * bc.stride_a[d];
      ob += idx[d] * bc.stride_b[d];
    }
    f(i, oa, ob);
    for (size_t d = r; d-- > 0;) {
      if (++idx[d] < bc.out_shape[d]) break;
      idx[d] = 0;
    }
  }
}

void add_sub(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::AddPrep p = int8::prepare_add(g, n);
  const int8_t* a = in[0]->ptr<int8_t>();
  const int8_t* b = in[1]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for_each_broadcast(p.bc, [&](int64_t i, int64_t ia, int64_t ib) {
    const int32_t sa = (a[ia] - p.p.z1) * (1 << p.p.left_shift);
    const int32_t sb = (b[ib] - p.p.z2) * (1 << p.p.left_shift);
    const int32_t ra = qmath::mbqm(sa, p.p.in1);
    const int32_t rb = qmath::mbqm(sb, p.p.in2);
    const int32_t sum = p.subtract ? ra - rb : ra + rb;
    const int32_t v = qmath::mbqm(sum, p.p.out) + p.p.z_out;
    y[i] = static_cast<int8_t>(clamp_i8(v, p.clamp.min, p.clamp.max));
  });
}

void mul(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::MulPrep p = int8::prepare_mul(g, n);
  const int8_t* a = in[0]->ptr<int8_t>();
  const int8_t* b = in[1]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for_each_broadcast(p.bc, [&](int64_t i, int64_t ia, int64_t ib) {
    const int32_t prod = (a[ia] - p.za) * (b[ib] - p.zb);
    y[i] = static_cast<int8_t>(clamp_i8(qmath::mbqm(prod, p.mult) + p.z_out, p.clamp.min, p.clamp.max));
  });
}

void requantize(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::RequantPrep p = int8::prepare_requantize(g, n);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for (int64_t i = 0; i < out.size(); ++i) {
    int32_t v;
    if (p.identity) {
      v = x[i];
    } else {
      const int32_t d = p.negate ? p.in_zp - x[i] : x[i] - p.in_zp;
      v = qmath::mbqm(d, p.mult) + p.out_zp;
    }
    y[i] = static_cast<int8_t>(clamp_i8(v, p.clamp.min, p.clamp.max));
  }
}

void leaky(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::LeakyPrep p = int8::prepare_leaky(g, n);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for (int64_t i = 0; i < out.size(); ++i) {
    const int32_t d = x[i] - p.in_zp;
    int32_t v;
    if (d >= 0) {
      v = qmath::mbqm(d, p.identity);
    } else {
      const size_t c = p.alpha.size() == 1 ? 0 : static_cast<size_t>((i / p.inner) % p.channels);
      v = qmath::mbqm(p.alpha_negative[c] ? -d : d, p.alpha[c]);
    }
    y[i] = static_cast<int8_t>(clamp_i8(v + p.out_zp, -128, 127));
  }
}

void table(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::LutPrep p = int8::prepare_lut(g, n);
  const int8_t* x = in[0]->ptr<int8_t>();
  int8_t* y = out.ptr<int8_t>();
  for (int64_t i = 0; i < out.size(); ++i) y[i] = p.table[x[i] + 128];
}

}  // namespace

void register_elementwise(std::map<std::string, Kernel>& t) {
  t["Add"] = add_sub;
  t["Sub"] = add_sub;
  t["Mul"] = mul;
  t["Requantize"] = requantize;
  t["LeakyRelu"] = leaky;
  t["PRelu"] = leaky;
  for (const char* op : {"Sigmoid", "Tanh", "HardSigmoid", "HardSwish"}) t[op] = table;
}

}  // namespace tinyc::ref8
