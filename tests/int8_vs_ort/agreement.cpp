#include "int8_vs_ort/agreement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace tinyc::test {

std::vector<int> int8_codes(const Tensor& t) {
  std::vector<int> v(static_cast<size_t>(t.size()));
  if (t.dtype == DType::I8) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = t.ptr<int8_t>()[i];
  } else if (t.dtype == DType::U8) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = int(t.ptr<uint8_t>()[i]) - 128;
  } else {
    throw std::runtime_error("'" + t.name + "' is " + dtype_name(t.dtype) + ", not int8 or uint8");
  }
  return v;
}

Tensor as_int8(const Tensor& t) {
  if (t.dtype == DType::I8) return t;
  const std::vector<int> codes = int8_codes(t);
  Tensor r(t.name, DType::I8, t.shape);
  r.allocate();
  for (size_t i = 0; i < codes.size(); ++i) r.ptr<int8_t>()[i] = static_cast<int8_t>(codes[i]);
  return r;
}

std::vector<int> codes_in(const Tensor& t, const QuantParams& q) {
  if (t.dtype == DType::I8 || t.dtype == DType::U8) return int8_codes(t);
  const std::vector<float> x = t.to_float();
  std::vector<int> v(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const double r = std::nearbyint(double(x[i]) / double(q.scale.at(0)));  // half to even (default mode)
    v[i] = static_cast<int>(std::min(127.0, std::max(-128.0, r + q.zero_point.at(0))));
  }
  return v;
}

float dequantize(int code, const QuantParams& q) {
  // float32, as DequantizeLinear computes it: a float output of onnxruntime
  // that is the same code then compares equal, not 1e-9 apart.
  return static_cast<float>(code - q.zero_point.at(0)) * q.scale.at(0);
}

std::vector<double> real_values(const Tensor& t, const QuantParams& q) {
  std::vector<double> v;
  if (t.dtype == DType::I8 || t.dtype == DType::U8) {
    for (int c : int8_codes(t)) v.push_back(dequantize(c, q));
  } else {
    for (float x : t.to_float()) v.push_back(x);
  }
  return v;
}

void LsbDiff::add(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.size() != b.size())
    throw std::runtime_error("compared outputs have " + std::to_string(a.size()) + " and " +
                             std::to_string(b.size()) + " elements");
  for (size_t i = 0; i < a.size(); ++i) {
    const int64_t d = std::abs(a[i] - b[i]);
    if (d > max) max = d;
    at_one += d == 1;
    above_one += d > 1;
  }
  elements += static_cast<int64_t>(a.size());
}

template <class T>
int64_t argmax(const T* v, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}
template int64_t argmax<int>(const int*, int64_t);
template int64_t argmax<double>(const double*, int64_t);

void Agreement::add(const std::vector<int>& ours, const Tensor& theirs, const QuantParams& q, int64_t n_samples,
                    int64_t classes) {
  const std::vector<int> codes = codes_in(theirs, q);
  lsb.add(ours, codes);
  const std::vector<double> real = real_values(theirs, q);
  for (size_t i = 0; i < ours.size(); ++i) {
    const double a = dequantize(ours[i], q);
    signal += real[i] * real[i];
    noise += (a - real[i]) * (a - real[i]);
  }
  samples += n_samples;
  if (classes <= 0) return;
  const int64_t n = static_cast<int64_t>(ours.size()) / classes;
  for (int64_t k = 0; k < n; ++k)
    top1_equal += argmax(ours.data() + k * classes, classes) == argmax(real.data() + k * classes, classes);
  rows += n;
}

double Agreement::sqnr_db() const {
  if (noise == 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

std::string db_text(double db) {
  if (std::isinf(db)) return "inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", db);
  return buf;
}

}  // namespace tinyc::test
