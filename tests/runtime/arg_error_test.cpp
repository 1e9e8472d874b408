// Every kernel returns kArgError for parameters that are cheap to check and
// would otherwise make it read or write out of bounds or shift by 32 or more
// (zero sizes, groups that do not divide, bad shifts, ranks above kMaxRank,
// ...), before writing any output. Each check starts from a valid call that
// returns kOk, then breaks one field.
//
// Checked once, locally, that these tests can fail: conv2d.cpp without the
// groups-divide-channels check, and pooling.cpp without the check that every
// row of windows overlaps the input, each failed its test case.
#include <doctest/doctest.h>

#include <vector>

#include "tinyc_rt/kernels.h"

using namespace tinyc_rt;

namespace {

ConvParams valid_conv() {
  ConvParams p{};
  p.batch = 1;
  p.in_h = p.in_w = 3;
  p.in_c = 4;
  p.out_h = p.out_w = 3;
  p.out_c = 4;
  p.k_h = p.k_w = 3;
  p.stride_h = p.stride_w = 1;
  p.dil_h = p.dil_w = 1;
  p.pad_top = p.pad_left = 1;
  p.groups = 2;
  p.ch_mult = 1;
  p.act_min = -128;
  p.act_max = 127;
  return p;
}

// Output stays untouched by a rejected call.
bool untouched(const std::vector<int8_t>& y) {
  for (int8_t v : y)
    if (v != 0x55) return false;
  return true;
}

}  // namespace

TEST_CASE("conv2d_s8 / dwconv2d_s8 reject bad geometry, groups, shifts, clamps, null pointers") {
  std::vector<int8_t> x(64, 1), w(4 * 3 * 3 * 4, 1), y(64, 0x55);
  std::vector<int32_t> mult(4, 1 << 30), shift(4, -1);
  auto conv = [&](const ConvParams& p) { return conv2d_s8(&p, mult.data(), shift.data(), x.data(), w.data(), nullptr, y.data(), nullptr); };
  auto dw = [&](const ConvParams& p) { return dwconv2d_s8(&p, mult.data(), shift.data(), x.data(), w.data(), nullptr, y.data(), nullptr); };
  REQUIRE(conv(valid_conv()) == kOk);
  REQUIRE(dw(valid_conv()) == kOk);
  y.assign(64, 0x55);

  struct Breaker { const char* what; void (*apply)(ConvParams&); };
  const Breaker breakers[] = {
      {"batch 0", [](ConvParams& p) { p.batch = 0; }},
      {"in_h 0", [](ConvParams& p) { p.in_h = 0; }},
      {"out_w 0", [](ConvParams& p) { p.out_w = 0; }},
      {"in_c 0", [](ConvParams& p) { p.in_c = 0; }},
      {"k_w 0", [](ConvParams& p) { p.k_w = 0; }},
      {"stride 0", [](ConvParams& p) { p.stride_h = 0; }},
      {"dilation 0", [](ConvParams& p) { p.dil_w = 0; }},
      {"negative pad", [](ConvParams& p) { p.pad_left = -1; }},
      {"empty clamp", [](ConvParams& p) { p.act_min = 5; p.act_max = 4; }},
      {"clamp beyond int8", [](ConvParams& p) { p.act_max = 128; }},
  };
  for (const Breaker& b : breakers) {
    INFO(b.what);
    ConvParams p = valid_conv();
    b.apply(p);
    CHECK(conv(p) == kArgError);
    CHECK(dw(p) == kArgError);
  }
  ConvParams p = valid_conv();
  p.groups = 3;  // does not divide 4 channels
  CHECK(conv(p) == kArgError);
  p.groups = 0;
  CHECK(conv(p) == kArgError);
  p = valid_conv();
  p.ch_mult = 2;  // out_c != in_c * ch_mult
  CHECK(dw(p) == kArgError);
  p.ch_mult = 0;
  CHECK(dw(p) == kArgError);
  shift[2] = -32;
  CHECK(conv(valid_conv()) == kArgError);
  shift[2] = 32;
  CHECK(dw(valid_conv()) == kArgError);
  shift[2] = -1;
  const ConvParams v = valid_conv();
  CHECK(conv2d_s8(nullptr, mult.data(), shift.data(), x.data(), w.data(), nullptr, y.data(), nullptr) == kArgError);
  CHECK(conv2d_s8(&v, mult.data(), shift.data(), nullptr, w.data(), nullptr, y.data(), nullptr) == kArgError);
  CHECK(dwconv2d_s8(&v, mult.data(), nullptr, x.data(), w.data(), nullptr, y.data(), nullptr) == kArgError);
  CHECK(dwconv2d_s8(&v, mult.data(), shift.data(), x.data(), w.data(), nullptr, nullptr, nullptr) == kArgError);
  CHECK(untouched(y));
}

TEST_CASE("fully_connected_s8 rejects zero sizes, bad per_channel, bad shifts") {
  std::vector<int8_t> x(8, 1), w(8, 1), y(4, 0x55);
  std::vector<int32_t> mult(1, 1 << 30), shift(1, 0);
  FcParams p{};
  p.rows = 1; p.depth = 8; p.units = 1; p.act_min = -128; p.act_max = 127;
  auto fc = [&](const FcParams& q) { return fully_connected_s8(&q, mult.data(), shift.data(), x.data(), w.data(), nullptr, y.data(), nullptr); };
  REQUIRE(fc(p) == kOk);
  y.assign(4, 0x55);
  FcParams q = p; q.rows = 0; CHECK(fc(q) == kArgError);
  q = p; q.depth = 0; CHECK(fc(q) == kArgError);
  q = p; q.units = -1; CHECK(fc(q) == kArgError);
  q = p; q.per_channel = 2; CHECK(fc(q) == kArgError);
  q = p; q.act_min = -129; CHECK(fc(q) == kArgError);
  shift[0] = 40; CHECK(fc(p) == kArgError);
  CHECK(untouched(y));
}

TEST_CASE("elementwise kernels reject negative counts, ranks above kMaxRank, bad shifts, null tables") {
  int8_t a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 3, 4};
  std::vector<int8_t> y(4, 0x55);
  AddParams ap{};
  ap.left_shift = 20; ap.a_mult = ap.b_mult = ap.out_mult = 1 << 30; ap.act_min = -128; ap.act_max = 127;
  REQUIRE(add_s8(&ap, a, b, y.data(), 4) == kOk);
  y.assign(4, 0x55);
  CHECK(add_s8(&ap, a, b, y.data(), -1) == kArgError);
  AddParams bad = ap; bad.left_shift = 31; CHECK(add_s8(&bad, a, b, y.data(), 4) == kArgError);
  bad = ap; bad.a_offset = 1000; CHECK(add_s8(&bad, a, b, y.data(), 4) == kArgError);
  bad = ap; bad.out_shift = -40; CHECK(add_s8(&bad, a, b, y.data(), 4) == kArgError);
  BroadcastShape s{};
  s.rank = 1; s.out_dims[0] = 4; s.a_strides[0] = 1; s.b_strides[0] = 1;
  REQUIRE(add_s8_broadcast(&ap, &s, a, b, y.data()) == kOk);
  y.assign(4, 0x55);
  BroadcastShape big = s; big.rank = kMaxRank + 1;
  CHECK(add_s8_broadcast(&ap, &big, a, b, y.data()) == kArgError);
  BroadcastShape neg = s; neg.out_dims[0] = -4;
  CHECK(add_s8_broadcast(&ap, &neg, a, b, y.data()) == kArgError);

  MulParams mp{};
  mp.mult = 1 << 30; mp.act_min = -128; mp.act_max = 127;
  REQUIRE(mul_s8(&mp, a, b, y.data(), 4) == kOk);
  y.assign(4, 0x55);
  CHECK(mul_s8_broadcast(&mp, &big, a, b, y.data()) == kArgError);
  MulParams mbad = mp; mbad.shift = 32; CHECK(mul_s8(&mbad, a, b, y.data(), 4) == kArgError);

  RequantizeParams rp{};
  rp.mult = 1 << 30; rp.act_min = -128; rp.act_max = 127;
  REQUIRE(requantize_s8(&rp, a, y.data(), 4) == kOk);
  y.assign(4, 0x55);
  RequantizeParams rbad = rp; rbad.shift = -32; CHECK(requantize_s8(&rbad, a, y.data(), 4) == kArgError);
  CHECK(requantize_s8(&rp, a, y.data(), -2) == kArgError);

  LeakyParams lp{};
  lp.id_mult = 1 << 30; lp.channels = 1; lp.inner = 1;
  const int32_t am[1] = {1 << 30}, ash[1] = {0};
  const uint8_t an[1] = {0};
  REQUIRE(leaky_relu_s8(&lp, am, ash, an, a, y.data(), 4) == kOk);
  y.assign(4, 0x55);
  LeakyParams lbad = lp; lbad.channels = 0; CHECK(leaky_relu_s8(&lbad, am, ash, an, a, y.data(), 4) == kArgError);
  lbad = lp; lbad.inner = 0; CHECK(leaky_relu_s8(&lbad, am, ash, an, a, y.data(), 4) == kArgError);
  CHECK(leaky_relu_s8(&lp, am, ash, nullptr, a, y.data(), 4) == kArgError);

  CHECK(lut_s8(nullptr, a, y.data(), 4) == kArgError);
  CHECK(fill_s8(0, y.data(), -1) == kArgError);
  CHECK(fill_s8(0, nullptr, 4) == kArgError);
  CHECK(untouched(y));
}

TEST_CASE("pooling rejects bad geometry and windows wholly in the padding; reduce and softmax their limits") {
  int8_t x[16] = {0};
  std::vector<int8_t> y(16, 0x55);
  PoolParams p{};
  p.batch = 1; p.in_h = p.in_w = 4; p.channels = 1; p.out_h = p.out_w = 2;
  p.k_h = p.k_w = 2; p.stride_h = p.stride_w = 2; p.dil_h = p.dil_w = 1;
  p.act_min = -128; p.act_max = 127;
  const int32_t mult[5] = {0, 1 << 30, 1 << 30, 1 << 30, 1 << 30}, shift[5] = {0, 0, 0, 0, 0};
  REQUIRE(maxpool_s8(&p, x, y.data()) == kOk);
  REQUIRE(avgpool_s8(&p, x, y.data()) == kOk);
  REQUIRE(avgpool_requant_s8(&p, mult, shift, x, y.data()) == kOk);
  y.assign(16, 0x55);
  PoolParams q = p;
  q.pad_top = 2;  // output row 0 covers padding rows -2, -1 only
  CHECK(maxpool_s8(&q, x, y.data()) == kArgError);
  CHECK(avgpool_s8(&q, x, y.data()) == kArgError);
  CHECK(avgpool_requant_s8(&q, mult, shift, x, y.data()) == kArgError);
  q = p; q.channels = 0; CHECK(maxpool_s8(&q, x, y.data()) == kArgError);
  q = p; q.pad_right = -1; CHECK(avgpool_s8(&q, x, y.data()) == kArgError);
  q = p; q.stride_w = 0; CHECK(avgpool_s8(&q, x, y.data()) == kArgError);
  const int32_t bad_shift[5] = {0, 0, 0, 0, 99};
  CHECK(avgpool_requant_s8(&p, mult, bad_shift, x, y.data()) == kArgError);

  ReduceParams rp{};
  rp.rank = 2; rp.in_dims[0] = 4; rp.in_dims[1] = 4; rp.reduce[1] = 1; rp.mult = 1 << 30;
  REQUIRE(reduce_mean_s8(&rp, x, y.data()) == kOk);
  y.assign(16, 0x55);
  ReduceParams rbad = rp; rbad.rank = 7; CHECK(reduce_mean_s8(&rbad, x, y.data()) == kArgError);
  rbad = rp; rbad.in_dims[0] = -1; CHECK(reduce_mean_s8(&rbad, x, y.data()) == kArgError);

  SoftmaxParams sp{};
  sp.outer = 4; sp.axis_len = 4; sp.inner = 1; sp.input_mult = 1 << 30; sp.input_shift = 20; sp.diff_min = -100;
  REQUIRE(softmax_s8(&sp, x, y.data()) == kOk);
  y.assign(16, 0x55);
  SoftmaxParams sbad = sp; sbad.axis_len = 512; CHECK(softmax_s8(&sbad, x, y.data()) == kArgError);
  sbad = sp; sbad.input_shift = 32; CHECK(softmax_s8(&sbad, x, y.data()) == kArgError);
  sbad = sp; sbad.outer = 0; CHECK(softmax_s8(&sbad, x, y.data()) == kArgError);
  sbad = sp; sbad.diff_min = 1; CHECK(softmax_s8(&sbad, x, y.data()) == kArgError);

  CopyParams cp{};
  cp.rank = kMaxRank + 1;
  CHECK(copy_strided_s8(&cp, x, y.data()) == kArgError);
  GatherParams gp{};
  gp.rank = 1; gp.dims[0] = 4;  // tables[0] missing
  CHECK(gather_s8(&gp, x, y.data()) == kArgError);
  CHECK(untouched(y));
}
