// add_s8 / add_s8_broadcast (Add and Sub) and mul_s8 / mul_s8_broadcast
// against the int8 reference on randomized one-node graphs with numpy
// broadcasting up to rank 6. The kernels are layout-agnostic (the broadcast
// strides say where each input element is), so they run on the graph's own
// data; the BroadcastShape comes from prepare's Broadcast.
//
// Checked once, locally, that these tests can fail: add.cpp rescaling b with
// a's shift, mul.cpp dropping b's offset, and broadcast.h stepping b along
// the last dimension with a's stride each made both test cases fail.
#include <doctest/doctest.h>

#include <sstream>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Shape;

namespace {

tinyc_rt::BroadcastShape to_runtime(const tinyc::int8::Broadcast& bc) {
  tinyc_rt::BroadcastShape s{};
  s.rank = static_cast<int32_t>(bc.out_shape.size());
  REQUIRE(s.rank <= tinyc_rt::kMaxRank);
  for (int32_t d = 0; d < s.rank; ++d) {
    s.out_dims[d] = static_cast<int32_t>(bc.out_shape[d]);
    s.a_strides[d] = static_cast<int32_t>(bc.stride_a[d]);
    s.b_strides[d] = static_cast<int32_t>(bc.stride_b[d]);
  }
  return s;
}

// Input shape that broadcasts to `out`: trailing `rank` dims, some set to 1.
Shape broadcast_input(Rng& r, const Shape& out, bool allow_broadcast) {
  const int rank = allow_broadcast ? r.uniform(0, static_cast<int>(out.size())) : static_cast<int>(out.size());
  Shape s(out.end() - rank, out.end());
  if (allow_broadcast)
    for (auto& d : s)
      if (r.chance(0.3)) d = 1;
  return s;
}

Shape random_out_shape(Rng& r) {
  const int rank = r.uniform(1, 6);
  Shape s(rank);
  for (auto& d : s) d = r.uniform(1, rank <= 3 ? 5 : 3);
  return s;
}

// op: "Add", "Sub" or "Mul". Same-shape inputs also go through the flat kernel.
void check_case(const std::string& op, const Shape& as, const Shape& bs, const Shape& os, uint32_t seed) {
  INFO(op << " " << shape_text(as) << " , " << shape_text(bs) << " -> " << shape_text(os) << " (seed " << seed << ")");
  Rng r(seed);
  OneNode t(op);
  const float sa = r.log_uniform(0.002f, 0.5f), sb = r.chance(0.2) ? sa : r.log_uniform(0.002f, 0.5f);
  t.input("a", as, sa, r.uniform(-128, 127), r);
  t.input("b", bs, sb, r.uniform(-128, 127), r);
  const float s_out = op == "Mul" ? sa * sb * 128.0f * r.log_uniform(0.1f, 10.0f) : (sa + sb) * r.log_uniform(0.3f, 3.0f);
  t.output("y", os, s_out, r.uniform(-128, 127));
  t.activation(random_activation(r, s_out));
  const tinyc::Node& n = t.finish();
  const std::vector<int8_t> a = t.data("a"), b = t.data("b");
  const int64_t count = tinyc::num_elements(os);
  std::vector<int8_t> y(static_cast<size_t>(count), 0x55), y_flat(static_cast<size_t>(count), 0x55);
  // The flat kernels also run in place (generated code reuses an input's buffer).
  std::vector<int8_t> in_place_a = a, in_place_b = b;
  bool same_shape = false;
  tinyc_rt::Status st, st_flat = tinyc_rt::kOk;
  if (op == "Mul") {
    const tinyc::int8::MulPrep prep = tinyc::int8::prepare_mul(t.graph(), n);
    tinyc_rt::MulParams p{};
    p.a_offset = -prep.za;
    p.b_offset = -prep.zb;
    p.out_offset = prep.z_out;
    p.mult = prep.mult.m;
    p.shift = prep.mult.shift;
    p.act_min = prep.clamp.min;
    p.act_max = prep.clamp.max;
    const tinyc_rt::BroadcastShape s = to_runtime(prep.bc);
    st = tinyc_rt::mul_s8_broadcast(&p, &s, a.data(), b.data(), y.data());
    same_shape = prep.bc.same_shape;
    if (same_shape) {
      st_flat = tinyc_rt::mul_s8(&p, a.data(), b.data(), y_flat.data(), static_cast<int32_t>(count));
      REQUIRE(tinyc_rt::mul_s8(&p, in_place_a.data(), b.data(), in_place_a.data(), static_cast<int32_t>(count)) == tinyc_rt::kOk);
      REQUIRE(tinyc_rt::mul_s8(&p, a.data(), in_place_b.data(), in_place_b.data(), static_cast<int32_t>(count)) == tinyc_rt::kOk);
    }
  } else {
    const tinyc::int8::AddPrep prep = tinyc::int8::prepare_add(t.graph(), n);
    tinyc_rt::AddParams p{};
    p.a_offset = -prep.p.z1;
    p.b_offset = -prep.p.z2;
    p.out_offset = prep.p.z_out;
    p.left_shift = prep.p.left_shift;
    p.a_mult = prep.p.in1.m;
    p.a_shift = prep.p.in1.shift;
    p.b_mult = prep.p.in2.m;
    p.b_shift = prep.p.in2.shift;
    p.out_mult = prep.p.out.m;
    p.out_shift = prep.p.out.shift;
    p.act_min = prep.clamp.min;
    p.act_max = prep.clamp.max;
    p.subtract = prep.subtract ? 1 : 0;
    const tinyc_rt::BroadcastShape s = to_runtime(prep.bc);
    st = tinyc_rt::add_s8_broadcast(&p, &s, a.data(), b.data(), y.data());
    same_shape = prep.bc.same_shape;
    if (same_shape) {
      st_flat = tinyc_rt::add_s8(&p, a.data(), b.data(), y_flat.data(), static_cast<int32_t>(count));
      REQUIRE(tinyc_rt::add_s8(&p, in_place_a.data(), b.data(), in_place_a.data(), static_cast<int32_t>(count)) == tinyc_rt::kOk);
      REQUIRE(tinyc_rt::add_s8(&p, a.data(), in_place_b.data(), in_place_b.data(), static_cast<int32_t>(count)) == tinyc_rt::kOk);
    }
  }
  REQUIRE(st == tinyc_rt::kOk);
  REQUIRE(st_flat == tinyc_rt::kOk);
  const std::vector<int8_t> want = t.run();
  CHECK(mismatches(y, want) == 0);
  if (same_shape) {
    CHECK(mismatches(y_flat, want) == 0);
    CHECK(mismatches(in_place_a, want) == 0);
    CHECK(mismatches(in_place_b, want) == 0);
  }
}

}  // namespace

TEST_CASE("add/sub/mul == int8 reference on 600 random (broadcast) shapes") {
  Rng r(301);
  const std::vector<std::string> ops = {"Add", "Sub", "Mul"};
  for (int i = 0; i < 600; ++i) {
    const std::string& op = ops[i % 3];
    const Shape os = random_out_shape(r);
    const bool bc = !r.chance(0.3);  // 30 %: same shapes, through the flat kernel too
    Shape as = broadcast_input(r, os, bc), bs = broadcast_input(r, os, bc);
    // The output shape must be the broadcast of the two: give one input the full shape.
    if (r.chance(0.5)) as = os; else bs = os;
    check_case(op, as, bs, os, 7000 + i);
  }
}

TEST_CASE("add/sub/mul broadcasting along each single dimension, either input") {
  const Shape os = {2, 3, 4, 5};
  uint32_t seed = 8000;
  for (const std::string op : {"Add", "Sub", "Mul"})
    for (size_t d = 0; d < os.size(); ++d) {
      Shape one = os;
      one[d] = 1;
      check_case(op, os, one, os, seed++);
      check_case(op, one, os, os, seed++);
    }
  // A scalar-like [1] operand, and a per-channel [C,1,1] one, on each side.
  for (const std::string op : {"Add", "Mul"}) {
    check_case(op, os, {1}, os, seed++);
    check_case(op, {1}, os, os, seed++);
    check_case(op, {3, 1, 1}, os, os, seed++);
    check_case(op, {2, 1, 4, 1}, {1, 3, 1, 5}, os, seed++);  // both broadcast
  }
}
