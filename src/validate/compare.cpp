// Per-sample comparison and the sums that make shard results mergeable.
#include "validate/compare.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "tinyc/error.h"

namespace tinyc::validate {

namespace {

// The float reference's output as real values. A float output as it is; an
// integer one (int8-io QDQ models) dequantized with the int8 graph's output
// parameters (uint8 zero points are the int8 ones + 128).
std::vector<double> real_values(const Tensor& f, const QuantParams& p) {
  const std::vector<float> v = f.to_float();
  std::vector<double> r(v.size());
  const float s = p.scale[0];
  const int64_t z = p.zero_point[0] + (f.dtype == DType::U8 ? 128 : 0);
  for (size_t i = 0; i < v.size(); ++i)
    r[i] = f.dtype == DType::F32 ? v[i] : static_cast<double>(s * (v[i] - static_cast<float>(z)));
  return r;
}

template <class T>
size_t argmax(const T* v, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

void coalesce(std::vector<std::pair<int64_t, int64_t>>& ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& r : ranges) {
    if (r.first == r.second) continue;
    if (!out.empty() && out.back().second == r.first)
      out.back().second = r.second;
    else
      out.push_back(r);
  }
  ranges = out;
}

}  // namespace

std::vector<OutputStats> empty_stats(const Graph& q) {
  std::vector<OutputStats> r(q.outputs.size());
  for (size_t i = 0; i < r.size(); ++i) r[i].name = q.outputs[i];
  return r;
}

void compare_sample(int64_t index, const std::vector<Tensor>& float_out, const std::vector<Tensor>& int8_out,
                    const uint8_t* generated, const Graph& q, int64_t label, ValidateResult& r) {
  if (float_out.size() != q.outputs.size() || int8_out.size() != q.outputs.size())
    fail("validate: the references returned a different number of outputs than the model has", ErrorKind::Internal);
  ++r.samples;
  int64_t differing = 0;
  size_t offset = 0;
  for (size_t k = 0; k < int8_out.size(); ++k) {
    const Tensor& i8 = int8_out[k];
    for (size_t b = 0; b < i8.data.size(); ++b) differing += generated[offset + b] != i8.data[b];
    offset += i8.data.size();
    const QuantParams& p = *q.tensor(q.outputs[k]).quant;
    const std::vector<double> f = real_values(float_out[k], p);
    if (f.size() != i8.data.size())
      fail("validate: output '" + q.outputs[k] + "': the float reference gave " + std::to_string(f.size()) +
               " values, the int8 reference " + std::to_string(i8.data.size()),
           ErrorKind::Internal);
    OutputStats& st = r.outputs[k];
    const int8_t* qv = i8.ptr<int8_t>();
    const float s = p.scale[0];
    const int z = static_cast<int>(p.zero_point[0]);
    for (size_t e = 0; e < f.size(); ++e) {
      const double dq = static_cast<double>(s * static_cast<float>(static_cast<int>(qv[e]) - z));  // as the generated helper
      const double d = f[e] - dq;
      st.ff.add(f[e] * f[e]);
      st.qq.add(dq * dq);
      st.fq.add(f[e] * dq);
      st.noise.add(d * d);
      if (std::fabs(d) > st.max_abs_diff || std::isnan(d)) st.max_abs_diff = std::fabs(d);
    }
    st.elements += static_cast<int64_t>(f.size());
  }
  if (differing > 0) {
    ++r.mismatched_samples;
    r.mismatched_bytes += differing;
    if (r.mismatch_indices.size() < ValidateResult::kMaxListed) r.mismatch_indices.push_back(index);
  }
  // Top-1 of output 0 (the argmax over its values; first on ties).
  const std::vector<float> f0 = float_out[0].to_float();
  const size_t top_f = argmax(f0.data(), f0.size());
  const size_t top_q = argmax(int8_out[0].ptr<int8_t>(), int8_out[0].data.size());
  r.top1_agree += top_f == top_q;
  if (label >= 0) {
    r.float_correct += static_cast<int64_t>(top_f) == label;
    r.int8_correct += static_cast<int64_t>(top_q) == label;
  }
}

void add_results(ValidateResult& into, const ValidateResult& part) {
  if (into.outputs.size() != part.outputs.size())
    fail("results describe " + std::to_string(part.outputs.size()) + " outputs, expected " +
         std::to_string(into.outputs.size()));
  into.samples += part.samples;
  into.mismatched_samples += part.mismatched_samples;
  into.mismatched_bytes += part.mismatched_bytes;
  into.mismatch_indices.insert(into.mismatch_indices.end(), part.mismatch_indices.begin(), part.mismatch_indices.end());
  std::sort(into.mismatch_indices.begin(), into.mismatch_indices.end());
  if (into.mismatch_indices.size() > ValidateResult::kMaxListed) into.mismatch_indices.resize(ValidateResult::kMaxListed);
  into.float_correct += part.float_correct;
  into.int8_correct += part.int8_correct;
  into.top1_agree += part.top1_agree;
  for (size_t k = 0; k < into.outputs.size(); ++k) {
    OutputStats& a = into.outputs[k];
    const OutputStats& b = part.outputs[k];
    a.elements += b.elements;
    a.ff.add(b.ff);
    a.qq.add(b.qq);
    a.fq.add(b.fq);
    a.noise.add(b.noise);
    if (b.max_abs_diff > a.max_abs_diff || std::isnan(b.max_abs_diff)) a.max_abs_diff = b.max_abs_diff;
  }
  into.ranges.insert(into.ranges.end(), part.ranges.begin(), part.ranges.end());
  coalesce(into.ranges);
}

}  // namespace tinyc::validate

namespace tinyc {

double OutputStats::sqnr_db() const {
  const double n = noise.value(), s = ff.value();
  if (n == 0) return INFINITY;
  return 10.0 * std::log10(s / n);
}

double OutputStats::cosine() const {
  const double a = ff.value(), b = qq.value();
  if (a == 0 && b == 0) return 1.0;
  if (a == 0 || b == 0) return 0.0;
  return fq.value() / std::sqrt(a * b);
}

}  // namespace tinyc
