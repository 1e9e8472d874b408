#include "one_node.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <sstream>

#include "tinyc/reference.h"

using namespace tinyc;

namespace rt_test {

float Rng::log_uniform(float lo, float hi) {
  const double u = double(bits()) / 4294967296.0;
  return static_cast<float>(std::exp(std::log(double(lo)) + u * (std::log(double(hi)) - std::log(double(lo)))));
}

std::vector<int8_t> Rng::bytes(size_t n) {
  std::vector<int8_t> v(n);
  for (auto& b : v) b = static_cast<int8_t>(uniform(-128, 127));
  return v;
}

Activation random_activation(Rng& rng, float out_scale) {
  switch (rng.uniform(0, 4)) {
    case 0: return {"Relu", 0, 0};
    case 1: return {"Relu6", 0, 6};
    case 2: {
      // Bounds somewhere inside the representable range, so the clamp bites.
      const float lo = out_scale * static_cast<float>(rng.uniform(-150, 40));
      return {"Clip", lo, lo + out_scale * static_cast<float>(rng.uniform(1, 200))};
    }
    default: return {"", 0, 0};
  }
}

OneNode::OneNode(const std::string& op_type, const std::string& domain) {
  g_.name = "one_" + op_type;
  g_.opsets[""] = 17;
  if (!domain.empty()) g_.opsets[domain] = 1;
  node_.name = "n0";
  node_.op_type = op_type;
  node_.domain = domain;
}

static Tensor activation_tensor(const std::string& name, const Shape& shape, float scale, int32_t zp) {
  Tensor t(name, DType::I8, shape);
  t.quant = QuantParams{{scale}, {zp}, 0};
  return t;
}

void OneNode::input(const std::string& name, const Shape& shape, float scale, int32_t zp, Rng& rng) {
  input(name, shape, scale, zp, rng.bytes(static_cast<size_t>(num_elements(shape))));
}

void OneNode::input(const std::string& name, const Shape& shape, float scale, int32_t zp, std::vector<int8_t> data) {
  g_.add_tensor(activation_tensor(name, shape, scale, zp));
  g_.inputs.push_back(name);
  node_.inputs.push_back(name);
  Tensor v = activation_tensor(name, shape, scale, zp);
  v.data.assign(reinterpret_cast<const uint8_t*>(data.data()), reinterpret_cast<const uint8_t*>(data.data()) + data.size());
  values_.push_back(std::move(v));
}

void OneNode::weights(const std::string& name, const Shape& shape, const std::vector<float>& scales,
                      std::vector<int8_t> data) {
  Tensor w = Tensor::from_values(name, DType::I8, shape, data);
  w.quant = QuantParams{scales, std::vector<int32_t>(scales.size(), 0), 0};
  g_.add_tensor(std::move(w));
  node_.inputs.push_back(name);
}

void OneNode::bias(const std::string& name, std::vector<int32_t> data) {
  g_.add_tensor(Tensor::from_values(name, DType::I32, {static_cast<int64_t>(data.size())}, data));
  node_.inputs.push_back(name);
}

void OneNode::output(const std::string& name, const Shape& shape, float scale, int32_t zp) {
  g_.add_tensor(activation_tensor(name, shape, scale, zp));
  g_.outputs.push_back(name);
  node_.outputs.push_back(name);
}

void OneNode::activation(const Activation& a) {
  if (a.kind.empty()) return;
  node_.attrs["tinyc.activation"] = Attribute::of_string(a.kind);
  if (a.kind == "Clip") {
    node_.attrs["tinyc.act_min"] = Attribute::of_float(a.lo);
    node_.attrs["tinyc.act_max"] = Attribute::of_float(a.hi);
  }
}

const Node& OneNode::finish() {
  if (!finished_) {
    g_.nodes.push_back(node_);
    finished_ = true;
  }
  return g_.nodes.back();
}

std::vector<int8_t> OneNode::data(const std::string& name) const {
  for (const Tensor& t : values_)
    if (t.name == name)
      return std::vector<int8_t>(reinterpret_cast<const int8_t*>(t.data.data()),
                                 reinterpret_cast<const int8_t*>(t.data.data()) + t.data.size());
  throw std::runtime_error("no input named " + name);
}

std::vector<int8_t> OneNode::run() {
  finish();
  const std::vector<Tensor> y = run_int8(g_, values_);
  const Tensor& t = y.at(0);
  return std::vector<int8_t>(reinterpret_cast<const int8_t*>(t.data.data()),
                             reinterpret_cast<const int8_t*>(t.data.data()) + t.data.size());
}

std::vector<int8_t> nchw_to_nhwc(const std::vector<int8_t>& x, int n, int c, int h, int w) {
  std::vector<int8_t> y(x.size());
  for (int b = 0; b < n; ++b)
    for (int ch = 0; ch < c; ++ch)
      for (int i = 0; i < h; ++i)
        for (int j = 0; j < w; ++j) y[((b * h + i) * w + j) * c + ch] = x[((b * c + ch) * h + i) * w + j];
  return y;
}

std::vector<int8_t> nhwc_to_nchw(const std::vector<int8_t>& x, int n, int c, int h, int w) {
  std::vector<int8_t> y(x.size());
  for (int b = 0; b < n; ++b)
    for (int ch = 0; ch < c; ++ch)
      for (int i = 0; i < h; ++i)
        for (int j = 0; j < w; ++j) y[((b * c + ch) * h + i) * w + j] = x[((b * h + i) * w + j) * c + ch];
  return y;
}

std::vector<int64_t> strides_of(const Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t d = s.size(); d-- > 1;) st[d - 1] = st[d] * s[d];
  return st;
}

MultShift split(const std::vector<qmath::Multiplier>& m) {
  MultShift r;
  for (const auto& x : m) {
    r.mult.push_back(x.m);
    r.shift.push_back(x.shift);
  }
  return r;
}

int64_t mismatches(const std::vector<int8_t>& a, const std::vector<int8_t>& b) {
  if (a.size() != b.size()) return static_cast<int64_t>(std::max(a.size(), b.size()));
  int64_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

std::string shape_text(const Shape& s) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < s.size(); ++i) o << (i ? "," : "") << s[i];
  o << "]";
  return o.str();
}

Shape random_shape(Rng& r, int max_rank) {
  Shape s(static_cast<size_t>(r.uniform(1, max_rank)));
  for (auto& d : s) d = r.uniform(1, s.size() <= 3 ? 6 : 3);
  return s;
}

tinyc_rt::CopyParams copy_params(const Shape& dims, const std::vector<int64_t>& in_strides,
                                 const std::vector<int64_t>& out_strides, int64_t in_offset, int64_t out_offset) {
  tinyc_rt::CopyParams p{};
  p.rank = static_cast<int32_t>(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) {
    p.dims[d] = static_cast<int32_t>(dims[d]);
    p.in_strides[d] = static_cast<int32_t>(in_strides[d]);
    p.out_strides[d] = static_cast<int32_t>(out_strides[d]);
  }
  p.in_offset = static_cast<int32_t>(in_offset);
  p.out_offset = static_cast<int32_t>(out_offset);
  return p;
}

}  // namespace rt_test
