// The range observers on hand-made distributions. Expected ranges come from
// the definitions: minmax is exact; a percentile of evenly spaced values is
// known in closed form; mse and entropy must clip a heavy tail that minmax
// keeps, and must not clip a distribution that has no tail.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "../../src/quantize/ptq/histogram.h"
#include "../../src/quantize/ptq/params.h"
#include "../../src/quantize/ptq/range_selection.h"
#include "ptq/ptq_test_util.h"

using namespace tinyc;
using namespace tinyc::ptq;
using tinyc::test::Rng;

namespace {

Histogram histogram_of(const std::vector<float>& v, size_t bins, bool absolute = false) {
  double lo = 0, hi = 0;
  for (float x : v) {
    lo = std::min(lo, absolute ? 0.0 : double(x));
    hi = std::max(hi, absolute ? std::fabs(double(x)) : double(x));
  }
  Histogram h(lo, hi, bins);
  h.add(v.data(), v.size(), absolute);
  return h;
}

FloatRange observed_of(const std::vector<float>& v) {
  auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  return {*mn, *mx};
}

// 200000 Laplace(0, 1) values: a heavier tail than a normal's, reaching
// about ln(100000) = 11.5, where the 8-bit MSE-optimal clip of a Laplace
// distribution is about 9.9 (Banner et al., "Post training 4-bit
// quantization", table 1).
std::vector<float> heavy_tailed() {
  Rng r(7);
  std::vector<float> v;
  for (int i = 0; i < 200000; ++i) {
    const float u = r.uniform(-0.5f, 0.5f);
    v.push_back(u < 0 ? std::log(1 + 2 * u) : -std::log(1 - 2 * u));
  }
  return v;
}

}  // namespace

TEST_CASE("histogram counts values into equal bins, clamps outliers to the end bins, merges exactly") {
  Histogram h(0.0, 4.0, 4);
  const std::vector<float> v = {0.0f, 0.5f, 1.0f, 3.99f, 4.0f, 7.0f, -2.0f, NAN};
  h.add(v.data(), v.size());
  CHECK(h.counts() == std::vector<uint64_t>{3, 1, 0, 3});  // -2 and 0, 0.5 | 1 | | 3.99, 4, 7
  CHECK(h.total() == 7);                                    // NaN ignored
  Histogram a(0.0, 4.0, 4);
  const std::vector<float> w = {-1.5f, 2.5f};
  a.add(w.data(), w.size(), /*absolute=*/true);              // |-1.5| -> bin 1
  CHECK(a.counts() == std::vector<uint64_t>{0, 1, 1, 0});
  h.merge(a);
  CHECK(h.counts() == std::vector<uint64_t>{3, 2, 1, 3});
  CHECK_THROWS(h.merge(Histogram(0.0, 5.0, 4)));
}

TEST_CASE("activation parameters: s = (hi - lo) / 255, z = round(-128 - lo / s), 0 always representable") {
  QuantParams p = activation_params({-1.0, 3.0});
  CHECK(p.scale[0] == doctest::Approx(4.0 / 255.0));
  CHECK(p.zero_point[0] == -128 + 64);  // -128 - (-1)/(4/255) = -64.25 -> -64
  p = activation_params({0.0, 6.0});    // a ReLU6 output: 0 is the lowest code
  CHECK(p.scale[0] == doctest::Approx(6.0 / 255.0));
  CHECK(p.zero_point[0] == -128);
  p = activation_params({0.5, 2.0});    // widened to [0, 2]
  CHECK(p.scale[0] == doctest::Approx(2.0 / 255.0));
  CHECK(p.zero_point[0] == -128);
  p = activation_params({-2.0, -1.0});  // widened to [-2, 0]: 0 is the highest code
  CHECK(p.zero_point[0] == 127);
  p = activation_params({0.0, 0.0});    // all zero: any scale; 1 with zero point 0
  CHECK(p.scale[0] == 1.0f);
  CHECK(p.zero_point[0] == 0);
  // 0 maps to an integer code exactly: s * (q - z) == 0 for q = z.
  for (double lo : {-0.3, -1.7, -5.0}) {
    const QuantParams q = activation_params({lo, 2.1});
    CHECK(q.zero_point[0] >= -128);
    CHECK(q.zero_point[0] <= 127);
    CHECK(std::fabs(q.scale[0] * (q.zero_point[0] + 128) + lo) <= q.scale[0] / 2 + 1e-6);
  }
}

TEST_CASE("percentile clips both tails of evenly spaced values at the expected quantiles") {
  // 20001 values evenly spaced over [-1, 1]: the p-th percentile is -1 + 2p/100.
  std::vector<float> v;
  for (int i = 0; i <= 20000; ++i) v.push_back(-1.0f + 2.0f * static_cast<float>(i) / 20000.0f);
  const Histogram h = histogram_of(v, 2048);
  const double bin = 2.0 / 2048;
  for (double p : {99.0, 95.0, 90.0}) {
    const FloatRange r = percentile_range(h, p, observed_of(v));
    const double expected = 1.0 - 2.0 * (100.0 - p) / 100.0;
    CHECK(std::fabs(r.hi - expected) <= bin);
    CHECK(std::fabs(r.lo + expected) <= bin);
  }
  // 100 keeps everything.
  const FloatRange all = percentile_range(h, 100.0, observed_of(v));
  CHECK(all.lo == -1.0);
  CHECK(all.hi == 1.0);
  // One-sided data: the lower clip lands above 0 and is widened back to 0.
  std::vector<float> pos;
  for (int i = 0; i <= 10000; ++i) pos.push_back(1.0f + static_cast<float>(i) / 10000.0f);
  const FloatRange rp = percentile_range(histogram_of(pos, 2048), 99.0, observed_of(pos));
  CHECK(rp.lo == 0.0);
  CHECK(std::fabs(rp.hi - 1.99) <= 2.0 / 2048);
}

TEST_CASE("mse and entropy clip a heavy tail that minmax keeps") {
  const std::vector<float> v = heavy_tailed();
  const FloatRange minmax = include_zero(observed_of(v));
  MESSAGE("minmax range [" << minmax.lo << ", " << minmax.hi << "]");
  CHECK(minmax.hi > 10.0);
  CHECK(minmax.lo < -10.0);

  const FloatRange mse = mse_range(histogram_of(v, 2048));
  MESSAGE("mse range [" << mse.lo << ", " << mse.hi << "]");
  // Near the optimum of about 9.9 on each side, clearly inside minmax.
  CHECK(mse.hi < 0.92 * minmax.hi);
  CHECK(mse.lo > 0.92 * minmax.lo);
  CHECK(mse.hi > 7.5);
  CHECK(mse.lo < -7.5);

  const FloatRange ent = entropy_range(histogram_of(v, 2048, /*absolute=*/true), observed_of(v));
  MESSAGE("entropy range [" << ent.lo << ", " << ent.hi << "]");
  CHECK(ent.hi < 0.92 * minmax.hi);
  CHECK(ent.hi > 3.0);
  CHECK(ent.lo == -ent.hi);  // symmetric threshold on |x|
}

TEST_CASE("mse and entropy keep (almost) the whole range of a distribution without a tail") {
  std::vector<float> v;
  for (int i = 0; i <= 20000; ++i) v.push_back(static_cast<float>(i) / 20000.0f * 3.0f);  // uniform [0, 3]
  const FloatRange mse = mse_range(histogram_of(v, 2048));
  CHECK(mse.lo == 0.0);
  CHECK(mse.hi > 0.97 * 3.0);
  const FloatRange ent = entropy_range(histogram_of(v, 2048, true), observed_of(v));
  CHECK(ent.lo == 0.0);
  CHECK(ent.hi > 0.9 * 3.0);
  CHECK(ent.hi <= 3.0);
}

TEST_CASE("one-sided data keeps 0 as the range's end for every observer") {
  std::vector<float> v;
  Rng r(3);
  for (int i = 0; i < 5000; ++i) v.push_back(std::fabs(r.normal()));  // a ReLU-like output
  for (const FloatRange rr : {percentile_range(histogram_of(v, 2048), 99.9, observed_of(v)),
                              mse_range(histogram_of(v, 2048)),
                              entropy_range(histogram_of(v, 2048, true), observed_of(v))}) {
    CHECK(rr.lo == 0.0);
    CHECK(rr.hi > 1.0);
  }
}

TEST_CASE("weights: symmetric int8 per channel, max|w| maps to 127, all-zero channels get scale 1") {
  const Tensor w = Tensor::from_float("w", {3, 2}, {0.25f, -1.0f, 0.0f, 0.0f, 2.54f, 0.013f});
  const QuantParams p = weight_params(w, 0);
  REQUIRE(p.scale.size() == 3);
  CHECK(p.scale[0] == doctest::Approx(1.0 / 127));
  CHECK(p.scale[1] == 1.0f);
  CHECK(p.scale[2] == doctest::Approx(2.54 / 127));
  CHECK(p.zero_point == std::vector<int32_t>{0, 0, 0});
  const Tensor q = quantize_constant_i8(w, p, true);
  const int8_t* d = q.ptr<int8_t>();
  CHECK(d[0] == 32);    // 0.25 * 127 = 31.75
  CHECK(d[1] == -127);
  CHECK(d[2] == 0);
  CHECK(d[4] == 127);
  CHECK(d[5] == 1);     // 0.013 / 0.02 = 0.65
  // Along axis 1 (Gemm with transB = 0): two channels.
  const QuantParams p1 = weight_params(w, 1);
  REQUIRE(p1.scale.size() == 2);
  CHECK(p1.axis == 1);
  CHECK(p1.scale[0] == doctest::Approx(2.54 / 127));
  CHECK(p1.scale[1] == doctest::Approx(1.0 / 127));
  // Per tensor.
  const QuantParams pt = weight_params(w, -1);
  CHECK(pt.scale.size() == 1);
  CHECK(pt.scale[0] == doctest::Approx(2.54 / 127));
}

TEST_CASE("bias: int32 at scale s_in * s_w[c], zero point 0") {
  const Tensor b = Tensor::from_float("b", {2}, {1.0f, -0.25f});
  const Tensor q = quantize_bias_i32(b, 0.5f, {0.01f, 0.002f});
  REQUIRE(q.dtype == DType::I32);
  REQUIRE(q.quant);
  CHECK(q.quant->scale[0] == 0.5f * 0.01f);
  CHECK(q.quant->scale[1] == 0.5f * 0.002f);
  CHECK(q.ptr<int32_t>()[0] == 200);
  CHECK(q.ptr<int32_t>()[1] == -250);
}
