// gather_s8 and fill_s8 against the int8 reference on randomized one-node
// graphs: Pad (constant, edge, reflect; negative pads crop) and nearest Resize
// through per-dimension offset tables built here as a code generator would
// build them; constant Pad also as fill_s8 + copy_strided_s8 of the interior.
//
// Checked once, locally, that these tests can fail: gather.cpp ignoring
// padding in the outer dimensions failed the Pad test case.
#include <doctest/doctest.h>

#include <algorithm>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

// Runs gather_s8 with tables[d][i] = src_index(d, i) * in_stride[d] (or -1).
std::vector<int8_t> run_gather(const std::vector<std::vector<int32_t>>& tables, const Shape& out_shape, int8_t fill,
                               const std::vector<int8_t>& x) {
  tinyc_rt::GatherParams p{};
  p.rank = static_cast<int32_t>(out_shape.size());
  for (size_t d = 0; d < out_shape.size(); ++d) {
    p.dims[d] = static_cast<int32_t>(out_shape[d]);
    p.tables[d] = tables[d].data();
  }
  p.fill = fill;
  std::vector<int8_t> y(static_cast<size_t>(tinyc::num_elements(out_shape)), 0x55);
  REQUIRE(tinyc_rt::gather_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
  return y;
}

}  // namespace

TEST_CASE("gather_s8 as Pad (constant, edge, reflect, crops) and fill_s8 + copy as constant Pad == int8 reference") {
  Rng r(704);
  const char* modes[] = {"constant", "edge", "reflect"};
  for (int i = 0; i < 240; ++i) {
    const std::string mode = modes[i % 3];
    const Shape in = random_shape(r, 4);
    const size_t rank = in.size();
    std::vector<int64_t> pads(2 * rank);
    Shape out = in;
    for (size_t d = 0; d < rank; ++d) {
      // Reflect needs pads below the dimension; constant and edge may also crop.
      const int hi = mode == "reflect" ? static_cast<int>(in[d]) - 1 : 3;
      const int lo = mode == "reflect" ? 0 : -static_cast<int>(in[d]) / 2;
      pads[d] = r.uniform(lo, hi);
      pads[rank + d] = r.uniform(lo, hi);
      out[d] = in[d] + pads[d] + pads[rank + d];
    }
    if (tinyc::num_elements(out) == 0) continue;
    INFO("pad " << mode << " " << shape_text(in) << " pads " << shape_text(pads));
    OneNode t("Pad");
    t.input("x", in, 0.05f, r.uniform(-128, 127), r);
    t.output("y", out, 0.05f, t.graph().tensor("x").quant->zero_point[0]);
    t.node().attrs["pads"] = Attribute::of_ints(pads);
    t.node().attrs["mode"] = Attribute::of_string(mode);
    t.node().attrs["value"] = Attribute::of_float(0.05f * static_cast<float>(r.uniform(-40, 40)));
    const tinyc::int8::PadPrep prep = tinyc::int8::prepare_pad(t.graph(), t.finish());
    const std::vector<int64_t> st = strides_of(prep.in_shape);
    std::vector<std::vector<int32_t>> tables(rank);
    for (size_t d = 0; d < rank; ++d) {
      const int64_t dim = prep.in_shape[d];
      for (int64_t o = 0; o < prep.out_shape[d]; ++o) {
        int64_t s = o - prep.begin[d];
        if (s < 0 || s >= dim) {
          if (prep.mode == tinyc::int8::PadPrep::Mode::Constant) { tables[d].push_back(-1); continue; }
          if (prep.mode == tinyc::int8::PadPrep::Mode::Edge) s = s < 0 ? 0 : dim - 1;
          else s = s < 0 ? -s : 2 * (dim - 1) - s;
        }
        tables[d].push_back(static_cast<int32_t>(s * st[d]));
      }
    }
    const std::vector<int8_t> x = t.data("x");
    const std::vector<int8_t> want = t.run();
    CHECK(mismatches(run_gather(tables, prep.out_shape, prep.value, x), want) == 0);

    if (prep.mode != tinyc::int8::PadPrep::Mode::Constant) continue;
    // Constant pad the other way: fill with the value, copy the overlap.
    std::vector<int8_t> y(want.size(), 0x55);
    REQUIRE(tinyc_rt::fill_s8(prep.value, y.data(), static_cast<int32_t>(y.size())) == tinyc_rt::kOk);
    const std::vector<int64_t> st_out = strides_of(prep.out_shape);
    Shape overlap(rank);
    int64_t in_off = 0, out_off = 0;
    for (size_t d = 0; d < rank; ++d) {
      const int64_t in_start = std::max<int64_t>(0, -prep.begin[d]);
      const int64_t out_start = std::max<int64_t>(0, prep.begin[d]);
      overlap[d] = std::max<int64_t>(0, std::min(prep.in_shape[d] - in_start, prep.out_shape[d] - out_start));
      in_off += in_start * st[d];
      out_off += out_start * st_out[d];
    }
    const tinyc_rt::CopyParams p = copy_params(overlap, st, st_out, in_off, out_off);
    REQUIRE(tinyc_rt::copy_strided_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
    CHECK(mismatches(y, want) == 0);
  }
}

TEST_CASE("gather_s8 as nearest Resize == int8 reference (coordinate modes, rounding modes)") {
  Rng r(705);
  const std::vector<std::string> ctms = {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"};
  const std::vector<std::string> nearest = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  const std::vector<float> factors = {1.0f, 2.0f, 3.0f, 0.5f, 1.5f, 0.75f};
  for (int i = 0; i < 120; ++i) {
    const Shape in = {r.uniform(1, 2), r.uniform(1, 3), r.uniform(1, 6), r.uniform(1, 6)};
    std::vector<float> scales = {1.0f, 1.0f, r.pick(factors), r.pick(factors)};
    Shape out = in;
    for (size_t d = 2; d < 4; ++d) out[d] = std::max<int64_t>(1, static_cast<int64_t>(static_cast<float>(in[d]) * scales[d]));
    const std::string ctm = r.pick(ctms), nm = r.pick(nearest);
    INFO("resize " << shape_text(in) << " -> " << shape_text(out) << " " << ctm << " " << nm);
    OneNode t("Resize");
    t.input("x", in, 0.1f, 0, r);
    t.output("y", out, 0.1f, 0);
    t.node().attrs["coordinate_transformation_mode"] = Attribute::of_string(ctm);
    t.node().attrs["nearest_mode"] = Attribute::of_string(nm);
    t.node().attrs["tinyc.scales"] = Attribute::of_floats(scales);
    const tinyc::int8::ResizePrep prep = tinyc::int8::prepare_resize(t.graph(), t.finish());
    const std::vector<int64_t> st = strides_of(prep.in_shape);
    std::vector<std::vector<int32_t>> tables(in.size());
    for (size_t d = 0; d < in.size(); ++d)
      for (int64_t src : prep.src_index[d]) tables[d].push_back(static_cast<int32_t>(src * st[d]));
    CHECK(mismatches(run_gather(tables, prep.out_shape, 0, t.data("x")), t.run()) == 0);
  }
}

TEST_CASE("fill_s8 writes exactly count bytes") {
  std::vector<int8_t> y(10, 1);
  REQUIRE(tinyc_rt::fill_s8(-7, y.data() + 2, 5) == tinyc_rt::kOk);
  CHECK(y == std::vector<int8_t>{1, 1, -7, -7, -7, -7, -7, 1, 1, 1});
  CHECK(tinyc_rt::fill_s8(3, y.data(), 0) == tinyc_rt::kOk);
  CHECK(y[0] == 1);
}
