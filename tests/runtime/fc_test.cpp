// fully_connected_s8 against the int8 reference on randomized one-node Gemm
// graphs (transB = 1, weights [units, depth], as the lowering emits them),
// per-tensor and per-channel, with and without bias and fused clamps.
//
// Checked once, locally, that these tests can fail: with the input offset
// dropped from the dot product (`x[d] * w[d]`) both test cases failed.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

struct FcCase {
  int rows = 1, depth = 1, units = 1;
  bool rank3 = false;  // input [2, rows/2, depth]: rows come from flattening
  bool bias = true, per_channel = true;
  std::string describe() const {
    std::ostringstream o;
    o << "fc rows " << rows << " depth " << depth << " units " << units << (rank3 ? " rank-3 input" : "")
      << (bias ? "" : " no-bias") << (per_channel ? " per-channel" : " per-tensor");
    return o.str();
  }
};

void check_case(const FcCase& c, uint32_t seed) {
  INFO(c.describe() << " (seed " << seed << ")");
  Rng r(seed);
  OneNode t("Gemm");
  const Shape xs = c.rank3 ? Shape{2, c.rows / 2, c.depth} : Shape{c.rows, c.depth};
  const float s_in = r.log_uniform(0.005f, 0.5f);
  t.input("x", xs, s_in, r.uniform(-128, 127), r);
  std::vector<float> sw(c.per_channel ? c.units : 1);
  double mean_sw = 0;
  for (float& s : sw) mean_sw += (s = r.log_uniform(0.002f, 0.05f)) / sw.size();
  const std::vector<int8_t> w = r.bytes(static_cast<size_t>(c.units) * c.depth);
  t.weights("w", {c.units, c.depth}, sw, w);
  std::vector<int32_t> bias(c.units);
  for (int32_t& b : bias) b = r.uniform(-c.depth * 3000, c.depth * 3000);
  if (c.bias) t.bias("b", bias);
  const float s_out = static_cast<float>(double(s_in) * mean_sw * std::sqrt(double(c.depth)) * 5476.0 / 50.0 *
                                         r.log_uniform(0.2f, 5.0f));
  t.output("y", c.rank3 ? Shape{2, c.rows / 2, c.units} : Shape{c.rows, c.units}, s_out, r.uniform(-128, 127));
  t.activation(random_activation(r, s_out));
  t.node().attrs["transB"] = Attribute::of_int(1);
  const tinyc::int8::FcPrep prep = tinyc::int8::prepare_fc(t.graph(), t.finish());

  tinyc_rt::FcParams p{};
  p.rows = prep.rows;
  p.depth = prep.depth;
  p.units = prep.units;
  p.in_offset = -prep.in_zp;
  p.out_offset = prep.out_zp;
  p.act_min = prep.clamp.min;
  p.act_max = prep.clamp.max;
  p.per_channel = prep.mult.size() > 1 ? 1 : 0;
  const MultShift ms = split(prep.mult);
  const std::vector<int8_t> x = t.data("x");
  std::vector<int8_t> y(static_cast<size_t>(c.rows) * c.units, 0x55);
  REQUIRE(tinyc_rt::fully_connected_s8(&p, ms.mult.data(), ms.shift.data(), x.data(), w.data(),
                                       c.bias ? bias.data() : nullptr, y.data(), nullptr) == tinyc_rt::kOk);
  CHECK(tinyc_rt::fully_connected_s8_scratch_size(&p) == 0);
  CHECK(mismatches(y, t.run()) == 0);
}

}  // namespace

TEST_CASE("fully_connected_s8 == int8 reference on 300 random cases") {
  Rng r(201);
  for (int i = 0; i < 300; ++i) {
    FcCase c;
    c.rank3 = r.chance(0.15);
    c.rows = c.rank3 ? 2 * r.uniform(1, 3) : r.uniform(1, 5);
    c.depth = r.chance(0.1) ? 1 : r.uniform(1, 70);
    c.units = r.uniform(1, 12);
    c.bias = !r.chance(0.2);
    c.per_channel = !r.chance(0.4);
    check_case(c, 5000 + i);
  }
}

TEST_CASE("fully_connected_s8 edge cases: one unit, depth 1, per-tensor, long rows") {
  const FcCase cases[] = {
      {1, 1, 1, false, true, true},   {1, 1, 1, false, false, false}, {3, 1, 5, false, true, false},
      {1, 250, 1, false, true, true}, {4, 250, 3, false, true, false}, {1, 64, 10, false, false, true},
  };
  uint32_t seed = 6000;
  for (const FcCase& c : cases) check_case(c, seed++);
}
