// fully_connected_s8_dsp and add_s8_table (on the host through dsp.h's
// fallbacks) fed by the compiler's packing and tables (pack_fc_dsp,
// add_tables), against the int8 reference on randomized one-node graphs.
//
// Checked once, locally, that these tests can fail: with gemm_1x4's fallback
// reading unit 3's weights for unit 2, and with add_tables not negating
// table_b for Sub, the cases failed.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "codegen/dsp_lowering.h"
#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

void check_fc(int rows, int depth, int units, bool bias_on, bool per_channel, uint32_t seed) {
  INFO("fc rows " << rows << " depth " << depth << " units " << units << (bias_on ? "" : " no-bias")
                  << (per_channel ? " per-channel" : " per-tensor") << " (seed " << seed << ")");
  Rng r(seed);
  OneNode t("Gemm");
  const float s_in = r.log_uniform(0.005f, 0.5f);
  t.input("x", {rows, depth}, s_in, r.uniform(-128, 127), r);
  std::vector<float> sw(per_channel ? units : 1);
  double mean_sw = 0;
  for (float& s : sw) mean_sw += (s = r.log_uniform(0.002f, 0.05f)) / sw.size();
  const std::vector<int8_t> w = r.bytes(static_cast<size_t>(units) * depth);
  t.weights("w", {units, depth}, sw, w);
  std::vector<int32_t> bias(units);
  for (int32_t& b : bias) b = r.uniform(-depth * 3000, depth * 3000);
  if (bias_on) t.bias("b", bias);
  const float s_out = static_cast<float>(double(s_in) * mean_sw * std::sqrt(double(depth)) * 5476.0 / 50.0 *
                                         r.log_uniform(0.2f, 5.0f));
  t.output("y", {rows, units}, s_out, r.uniform(-128, 127));
  t.activation(random_activation(r, s_out));
  t.node().attrs["transB"] = Attribute::of_int(1);
  const tinyc::int8::FcPrep prep = tinyc::int8::prepare_fc(t.graph(), t.finish());

  tinyc::codegen::PackedFc pf;
  REQUIRE(tinyc::codegen::pack_fc_dsp(t.graph(), prep, pf));
  const std::vector<int16_t> w16(pf.weights.begin(), pf.weights.end());
  const std::vector<int32_t> ch(pf.channels.begin(), pf.channels.end());
  std::vector<int32_t> scratch(static_cast<size_t>(pf.scratch_bytes + 3) / 4);
  CHECK(static_cast<int64_t>(tinyc_rt::fully_connected_s8_dsp_scratch_size(&pf.params)) == pf.scratch_bytes);
  std::vector<int8_t> y(static_cast<size_t>(rows) * units, 0x55);
  const tinyc_rt::Status st = tinyc_rt::fully_connected_s8_dsp(
      &pf.params, reinterpret_cast<const tinyc_rt::DspChannel*>(ch.data()), t.data("x").data(), w16.data(), y.data(),
      scratch.data());
  REQUIRE(st == tinyc_rt::kOk);
  CHECK(mismatches(y, t.run()) == 0);
}

void check_add(const Shape& shape, bool subtract, uint32_t seed) {
  INFO((subtract ? "sub " : "add ") << shape_text(shape) << " (seed " << seed << ")");
  Rng r(seed);
  OneNode t(subtract ? "Sub" : "Add");
  const float sa = r.log_uniform(0.01f, 0.5f), sb = r.log_uniform(0.01f, 0.5f);
  t.input("a", shape, sa, r.uniform(-128, 127), r);
  t.input("b", shape, sb, r.uniform(-128, 127), r);
  const float s_out = (sa + sb) * r.log_uniform(0.3f, 3.0f);
  t.output("y", shape, s_out, r.uniform(-128, 127));
  t.activation(random_activation(r, s_out));
  const tinyc::int8::AddPrep prep = tinyc::int8::prepare_add(t.graph(), t.finish());
  std::vector<int64_t> ta, tb;
  REQUIRE(tinyc::codegen::add_tables(prep, ta, tb));
  const std::vector<int32_t> ta32(ta.begin(), ta.end()), tb32(tb.begin(), tb.end());
  tinyc_rt::AddParams p{};
  p.out_offset = prep.p.z_out;
  p.out_mult = prep.p.out.m;
  p.out_shift = prep.p.out.shift;
  p.act_min = prep.clamp.min;
  p.act_max = prep.clamp.max;
  const std::vector<int8_t> a = t.data("a"), b = t.data("b");
  std::vector<int8_t> y(a.size(), 0x55);
  REQUIRE(tinyc_rt::add_s8_table(&p, ta32.data(), tb32.data(), a.data(), b.data(), y.data(),
                                 static_cast<int32_t>(a.size())) == tinyc_rt::kOk);
  const std::vector<int8_t> want = t.run();
  CHECK(mismatches(y, want) == 0);
  // In place over either input, as generated code may run it.
  std::vector<int8_t> in_place = a;
  REQUIRE(tinyc_rt::add_s8_table(&p, ta32.data(), tb32.data(), in_place.data(), b.data(), in_place.data(),
                                 static_cast<int32_t>(a.size())) == tinyc_rt::kOk);
  CHECK(mismatches(in_place, want) == 0);
}

}  // namespace

TEST_CASE("fully_connected_s8_dsp == int8 reference on 300 random shapes") {
  Rng r(601);
  for (int i = 0; i < 300; ++i) {
    const int rows = r.chance(0.7) ? 1 : r.uniform(2, 4);
    const int depth = r.chance(0.3) ? 8 * r.uniform(1, 20) : r.uniform(1, 70);
    const int units = r.uniform(1, 19);
    check_fc(rows, depth, units, !r.chance(0.15), !r.chance(0.3), 8000 + i);
  }
}

TEST_CASE("fully_connected_s8_dsp widening deep rows in chunks == int8 reference") {
  Rng r(607);
  int chunked = 0;
  for (int i = 0; i < 60; ++i) {
    const int rows = r.chance(0.6) ? 1 : r.uniform(2, 3);
    const int depth = r.uniform(129, 420);
    const int units = r.uniform(1, 40);
    tinyc_rt::FcParams p{};
    p.rows = rows;
    p.depth = depth;
    p.units = units;
    if (tinyc_rt::dsp_pack::fc_chunk_taps(&p) < tinyc_rt::dsp_pack::fc_depth_padded(&p)) ++chunked;
    check_fc(rows, depth, units, !r.chance(0.15), !r.chance(0.3), 8600 + i);
  }
  CHECK(chunked > 30);  // the chunked path ran, not only the whole-row one
}

TEST_CASE("fully_connected_s8_dsp: the MLPerf Tiny shapes") {
  const int shapes[][2] = {{640, 128}, {128, 128}, {128, 8}, {8, 128}, {128, 640}, {64, 12}, {256, 2}, {64, 10}};
  int seed = 8500;
  for (const auto& s : shapes)
    for (int pc = 0; pc < 2; ++pc) check_fc(1, s[0], s[1], true, pc == 1, static_cast<uint32_t>(seed++));
}

TEST_CASE("add_s8_table == int8 reference on 200 random shapes, Add and Sub") {
  Rng r(602);
  for (int i = 0; i < 200; ++i) check_add(random_shape(r, 4), r.chance(0.3), 9000 + i);
  check_add({1, 64, 8, 8}, false, 9300);  // IC's residual adds
  check_add({1, 32, 16, 16}, false, 9301);
}
