// reduce_mean_s8 and softmax_s8 against the int8 reference on randomized
// one-node ReduceMean / Softmax graphs. Both kernels take any layout through
// their shape parameters; ReduceMean is also run the way the device sees a
// spatial mean (NHWC, reducing H and W).
//
// Checked once, locally, that these tests can fail: reduce_mean.cpp without
// the input offset, or with the kept dims left innermost-first; softmax.cpp
// with the final shift one less, or fixedpoint.h's reciprocal with two
// Newton steps instead of three: each failed. (Treating an entry exactly at
// diff_min as dead changes nothing: its exp rounds to 0 in the sum and the
// output, so no test can see it.)
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

// Runs ReduceMean over `axes` of `shape`; returns the reference output and
// fills the runtime parameters from prepare.
std::vector<int8_t> reduce_case(Rng& r, const Shape& shape, const std::vector<int64_t>& axes, OneNode& t,
                                tinyc_rt::ReduceParams& p) {
  const float s_in = r.log_uniform(0.005f, 0.5f);
  t.input("x", shape, s_in, r.uniform(-128, 127), r);
  Shape out = shape;
  for (int64_t a : axes) out[a] = 1;  // keepdims = 1
  t.output("y", out, s_in * r.log_uniform(0.2f, 5.0f), r.uniform(-128, 127));
  t.node().attrs["axes"] = Attribute::of_ints(axes);
  t.node().attrs["keepdims"] = Attribute::of_int(1);
  const tinyc::int8::ReduceMeanPrep prep = tinyc::int8::prepare_reduce_mean(t.graph(), t.finish());
  p = tinyc_rt::ReduceParams{};
  p.rank = static_cast<int32_t>(prep.in_shape.size());
  for (int32_t d = 0; d < p.rank; ++d) p.in_dims[d] = static_cast<int32_t>(prep.in_shape[d]);
  for (int a : prep.axes) p.reduce[a] = 1;
  p.in_offset = -prep.in_zp;
  p.out_offset = prep.out_zp;
  p.mult = prep.mult.m;
  p.shift = prep.mult.shift;
  return t.run();
}

}  // namespace

TEST_CASE("reduce_mean_s8 == int8 reference over random axes of rank 1..6 tensors") {
  Rng r(601);
  for (int i = 0; i < 300; ++i) {
    const int rank = r.uniform(1, 6);
    Shape shape(rank);
    for (auto& d : shape) d = r.uniform(1, rank <= 3 ? 7 : 3);
    std::vector<int64_t> axes;
    for (int d = 0; d < rank; ++d)
      if (r.chance(0.5)) axes.push_back(d);
    if (axes.empty()) axes.push_back(r.uniform(0, rank - 1));
    std::ostringstream desc;
    desc << "reduce_mean " << shape_text(shape) << " axes " << shape_text(axes) << " (case " << i << ")";
    INFO(desc.str());
    OneNode t("ReduceMean");
    tinyc_rt::ReduceParams p;
    const std::vector<int8_t> want = reduce_case(r, shape, axes, t, p);
    const std::vector<int8_t> x = t.data("x");
    std::vector<int8_t> y(want.size(), 0x55);
    REQUIRE(tinyc_rt::reduce_mean_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
    CHECK(mismatches(y, want) == 0);
  }
}

TEST_CASE("reduce_mean_s8 as a spatial mean on NHWC data") {
  Rng r(602);
  for (int i = 0; i < 20; ++i) {
    const int n = r.uniform(1, 2), c = r.uniform(1, 6), h = r.uniform(1, 8), w = r.uniform(1, 8);
    INFO("[" << n << "," << c << "," << h << "," << w << "] mean over H, W");
    OneNode t("ReduceMean");
    tinyc_rt::ReduceParams p;
    const std::vector<int8_t> want = reduce_case(r, {n, c, h, w}, {2, 3}, t, p);
    // The same mean over NHWC: reduce dims 1 and 2; output [N][C] = NCHW's [N][C][1][1].
    const int32_t dims[4] = {n, h, w, c};
    for (int d = 0; d < 4; ++d) {
      p.in_dims[d] = dims[d];
      p.reduce[d] = d == 1 || d == 2;
    }
    const std::vector<int8_t> x = nchw_to_nhwc(t.data("x"), n, c, h, w);
    std::vector<int8_t> y(want.size(), 0x55);
    REQUIRE(tinyc_rt::reduce_mean_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
    CHECK(mismatches(y, want) == 0);
  }
}

namespace {

// Softmax over `axis` of `shape` with input scale s_in; compares every byte.
// Returns the number of dead entries (outputs forced to -128 by diff_min).
int softmax_case(const Shape& shape, int64_t axis, float s_in, float beta, bool coerce_2d, const std::vector<int8_t>& x,
                 int32_t z_in) {
  INFO("softmax " << shape_text(shape) << " axis " << axis << " s_in " << s_in << " beta " << beta
                  << std::string(coerce_2d ? " coerce_2d" : ""));
  OneNode t("Softmax");
  t.input("x", shape, s_in, z_in, x);
  t.output("y", shape, 1.0f / 256.0f, -128);
  t.node().attrs["axis"] = Attribute::of_int(axis);
  if (beta != 1.0f) t.node().attrs["beta"] = Attribute::of_float(beta);
  if (coerce_2d) t.node().attrs["tinyc.coerce_2d"] = Attribute::of_int(1);
  const tinyc::int8::SoftmaxPrep prep = tinyc::int8::prepare_softmax(t.graph(), t.finish());
  tinyc_rt::SoftmaxParams p{};
  p.outer = static_cast<int32_t>(prep.outer);
  p.axis_len = static_cast<int32_t>(prep.axis_len);
  p.inner = static_cast<int32_t>(prep.inner);
  p.input_mult = prep.p.input.m;
  p.input_shift = prep.p.input.shift;
  p.diff_min = prep.p.diff_min;
  std::vector<int8_t> y(x.size(), 0x55);
  REQUIRE(tinyc_rt::softmax_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
  CHECK(mismatches(y, t.run()) == 0);
  // Dead entries: more than -diff_min below their row's maximum (counted here, independently).
  int dead = 0;
  for (int64_t o = 0; o < prep.outer; ++o)
    for (int64_t i = 0; i < prep.inner; ++i) {
      int mx = -128;
      for (int64_t j = 0; j < prep.axis_len; ++j) mx = std::max<int>(mx, x[(o * prep.axis_len + j) * prep.inner + i]);
      for (int64_t j = 0; j < prep.axis_len; ++j) dead += x[(o * prep.axis_len + j) * prep.inner + i] - mx < p.diff_min;
    }
  return dead;
}

}  // namespace

TEST_CASE("softmax_s8 == int8 reference: random axes and scales, dead entries") {
  Rng r(603);
  int dead = 0;
  for (int i = 0; i < 300; ++i) {
    const int rank = r.uniform(1, 4);
    Shape shape(rank);
    for (auto& d : shape) d = r.uniform(1, 7);
    const int64_t axis = r.uniform(0, rank - 1);
    // Scales up to 2: a large scale makes diff_min small, so most entries die.
    const float s_in = r.log_uniform(0.002f, 2.0f);
    const float beta = r.chance(0.2) ? r.log_uniform(0.5f, 2.0f) : 1.0f;
    // coerce_2d (opset < 13): one row over dims axis..end, if that is at most 511 entries.
    const bool coerce = r.chance(0.15) && tinyc::num_elements(Shape(shape.begin() + axis, shape.end())) <= 511;
    dead += softmax_case(shape, axis, s_in, beta, coerce, r.bytes(tinyc::num_elements(shape)), r.uniform(-128, 127));
  }
  CHECK(dead > 100);
}

TEST_CASE("softmax_s8 edge rows: length 1, length 511, all equal, one live entry, MLPerf-like parameters") {
  Rng r(604);
  softmax_case({3, 1}, 1, 0.1f, 1.0f, false, r.bytes(3), 0);              // rows of 1: always 127
  softmax_case({2, 511}, 1, 0.01f, 1.0f, false, r.bytes(1022), 5);        // longest row
  softmax_case({1, 511}, 1, 0.0001f, 1.0f, false, std::vector<int8_t>(511, 7), 0);  // flat row: the sum near its bound
  softmax_case({1, 511}, 1, 0.0001f, 1.0f, false, std::vector<int8_t>(511, -128), 0);
  std::vector<int8_t> one_live(12, -128);
  one_live[5] = 127;
  CHECK(softmax_case({1, 12}, 1, 1.0f, 1.0f, false, one_live, 0) == 11);  // 11 dead entries
  // kws / ic (M 1242899200 and 1476210432, shift 24) and vww (shift 20) style scales.
  softmax_case({1, 12}, 1, 0.0740740746f, 1.0f, false, r.bytes(12), 10);
  softmax_case({1, 2}, 1, 0.00470588f, 1.0f, false, r.bytes(2), -20);
  // Along a middle axis with inner > 1.
  softmax_case({2, 5, 3, 4}, 1, 0.05f, 1.0f, false, r.bytes(120), 0);
}
