// The arithmetic under the DSP kernels: dsp.h's fallbacks against their
// definitions, and the DSP requantization (SMMLAR + rounding shift with the
// zero point folded in, epilogue.h) against the reference requantization
// (qmath::mbqm) for every channel plan_dsp_channel accepts, including the
// constant channels it makes of dead ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>

#include "arm_dsp/epilogue.h"
#include "codegen/dsp_lowering.h"
#include "one_node.h"
#include "tinyc/quant_math.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"

using rt_test::Rng;
namespace dsp = tinyc_rt::dsp;

namespace {

int32_t random_word(Rng& r) { return static_cast<int32_t>(r.bits()); }

}  // namespace

TEST_CASE("dsp.h instructions: lane arithmetic on random words") {
  Rng r(701);
  for (int i = 0; i < 20000; ++i) {
    const int32_t a = random_word(r), b = random_word(r), c = random_word(r);
    const int8_t* ab = reinterpret_cast<const int8_t*>(&a);  // little-endian bytes b0..b3
    const int32_t alo = int16_t(a & 0xFFFF), ahi = int16_t(uint32_t(a) >> 16);
    const int32_t blo = int16_t(b & 0xFFFF), bhi = int16_t(uint32_t(b) >> 16);
    CHECK(dsp::smlad(a, b, c) == int32_t(uint32_t(c) + uint32_t(alo * blo) + uint32_t(ahi * bhi)));
    CHECK(dsp::sxtb16(a) == int32_t((uint32_t(uint16_t(ab[0])) | (uint32_t(uint16_t(ab[2])) << 16))));
    CHECK(dsp::sxtb16_ror8(a) == int32_t((uint32_t(uint16_t(ab[1])) | (uint32_t(uint16_t(ab[3])) << 16))));
    CHECK(dsp::pkhbt16(a, b) == int32_t((uint32_t(a) & 0xFFFFu) | (uint32_t(b) << 16)));
    CHECK(dsp::pkhtb16(b, a) == int32_t((uint32_t(a) >> 16) | (uint32_t(b) & 0xFFFF0000u)));
    const int64_t rounded_high = (int64_t{a} * b + (int64_t{1} << 31)) >> 32;
    CHECK(dsp::smmlar(a, b, c) == int32_t(uint32_t(c) + uint32_t(rounded_high)));
    const int32_t m = dsp::max_s8x4(a, b);
    const int8_t* mb = reinterpret_cast<const int8_t*>(&m);
    const int8_t* bb = reinterpret_cast<const int8_t*>(&b);
    for (int k = 0; k < 4; ++k) CHECK(mb[k] == std::max(ab[k], bb[k]));
    const int32_t s = dsp::sxtab16(c, a);
    CHECK(int16_t(s & 0xFFFF) == int16_t(int16_t(c & 0xFFFF) + ab[0]));
    CHECK(int16_t(uint32_t(s) >> 16) == int16_t(int16_t(uint32_t(c) >> 16) + ab[2]));
  }
  CHECK(dsp::ssat8(300) == 127);
  CHECK(dsp::ssat8(-129) == -128);
  CHECK(dsp::ssat8(-5) == -5);
}

TEST_CASE("DSP requantization == reference requantization for every accepted channel") {
  Rng r(702);
  int accepted = 0, constant = 0;
  for (int i = 0; i < 20000; ++i) {
    tinyc::qmath::Multiplier m;
    m.m = r.chance(0.05) ? 0 : (int32_t{1} << 30) + static_cast<int32_t>(r.bits() & 0x3FFFFFFF);
    m.shift = -r.uniform(0, 31);
    const int32_t in_offset = r.uniform(-127, 128), out_offset = r.uniform(-128, 127);
    const int64_t sum_abs = r.chance(0.1) ? 0 : r.uniform(1, r.chance(0.5) ? 1000 : 2000000);
    const int64_t sum = sum_abs == 0 ? 0 : r.uniform(-static_cast<int>(sum_abs), static_cast<int>(sum_abs));
    const int64_t bias = r.chance(0.1) ? r.uniform(-(1 << 30), 1 << 30) : r.uniform(-100000, 100000);
    tinyc::codegen::DspChannelPlan plan;
    if (!tinyc::codegen::plan_dsp_channel(bias, sum, sum_abs, sum_abs == 0, m, in_offset, out_offset, plan)) continue;
    ++accepted;
    constant += plan.constant ? 1 : 0;
    tinyc_rt::DspChannel c;
    c.bias = static_cast<int32_t>(plan.fields[0]);
    c.mult = static_cast<int32_t>(plan.fields[1]);
    c.round = static_cast<int32_t>(plan.fields[2]);
    c.shift = static_cast<int32_t>(plan.fields[3]);
    for (int k = 0; k < 20; ++k) {
      // An accumulator the channel can produce: the bias plus a dot product within |w| * 256.
      const int64_t dot = sum_abs == 0 ? 0 : (static_cast<int64_t>(r.bits() % (2 * 256 * sum_abs + 1)) - 256 * sum_abs);
      const int64_t acc = bias + dot;
      if (acc < INT32_MIN || acc > INT32_MAX) continue;
      const int32_t want = tinyc::qmath::mbqm(static_cast<int32_t>(acc), m) + out_offset;
      // The kernel sees acc with the input offset folded in: acc = dot' + bias', bias' = c.bias.
      // The kernel accumulates sum(q * w) + (bias + in_offset * sum(w)): the same value as acc.
      const int32_t folded_acc = plan.constant ? c.bias : static_cast<int32_t>(acc);
      const int32_t got = tinyc_rt::arm_dsp::requant_dsp(folded_acc, &c);
      INFO("M " << m.m << " shift " << m.shift << " acc " << acc << " zp " << out_offset);
      // Both clamped to int8 (a constant channel's value is clamped at planning).
      CHECK(std::clamp(got, -128, 127) == std::clamp(want, -128, 127));
    }
  }
  CHECK(accepted > 10000);
  CHECK(constant > 500);
}

TEST_CASE("dsp_pack: SXTB16 lane order and packed indices cover every slot once") {
  CHECK(tinyc_rt::dsp_pack::lane(0) == 0);
  CHECK(tinyc_rt::dsp_pack::lane(1) == 2);
  CHECK(tinyc_rt::dsp_pack::lane(2) == 1);
  CHECK(tinyc_rt::dsp_pack::lane(3) == 3);
  CHECK(tinyc_rt::dsp_pack::lane(13) == 14);
  tinyc_rt::ConvParams p{};
  p.k_h = 3; p.k_w = 3; p.in_c = 3; p.out_c = 5; p.groups = 1; p.ch_mult = 1;
  std::vector<int> seen(static_cast<size_t>(tinyc_rt::dsp_pack::conv_weight_count(&p)), 0);
  for (int oc = 0; oc < 6; ++oc)
    for (int t = 0; t < tinyc_rt::dsp_pack::conv_taps_padded(&p); ++t) ++seen.at(tinyc_rt::dsp_pack::conv_weight_index(&p, oc, t));
  CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<long>(seen.size()));
  tinyc_rt::FcParams f{};
  f.depth = 13; f.units = 6;
  std::vector<int> fseen(static_cast<size_t>(tinyc_rt::dsp_pack::fc_weight_count(&f)), 0);
  for (int u = 0; u < 8; ++u)
    for (int d = 0; d < tinyc_rt::dsp_pack::fc_depth_padded(&f); ++d) ++fseen.at(tinyc_rt::dsp_pack::fc_weight_index(&f, u, d));
  CHECK(std::count(fseen.begin(), fseen.end(), 1) == static_cast<long>(fseen.size()));
  p.out_c = p.in_c = 6; p.k_w = 2;  // 6 taps: 3 pairs
  std::vector<int> dseen(static_cast<size_t>(tinyc_rt::dsp_pack::dw_weight_count(&p)), 0);
  for (int c = 0; c < 8; ++c)
    for (int t = 0; t < 6; ++t) ++dseen.at(tinyc_rt::dsp_pack::dw_weight_index(&p, c, t));
  CHECK(std::count(dseen.begin(), dseen.end(), 1) == static_cast<long>(dseen.size()));
}
