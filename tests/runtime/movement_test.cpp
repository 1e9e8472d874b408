// copy_strided_s8, gather_s8 and fill_s8 against the int8 reference's data
// movement ops on randomized one-node graphs: Transpose, Slice (negative steps
// too), Concat (one copy per input) and Reshape through copy_strided_s8; Pad
// (constant, edge, reflect; negative pads crop) and nearest Resize through
// gather_s8 with per-dimension offset tables; constant Pad also as fill_s8 +
// a copy of the interior. The tables and strides are built here the way a
// code generator would build them from the prepared node.
//
// Checked once, locally, that these tests can fail: copy.cpp taking a row as
// contiguous when only the input side is (caught by the scatter transpose),
// gather.cpp ignoring padding in the outer dimensions, and nd_index.h
// rewinding one stride short each failed.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

namespace {

Shape random_shape(Rng& r, int max_rank) {
  Shape s(r.uniform(1, max_rank));
  for (auto& d : s) d = r.uniform(1, s.size() <= 3 ? 6 : 3);
  return s;
}

tinyc_rt::CopyParams copy_params(const Shape& dims, const std::vector<int64_t>& in_strides,
                                 const std::vector<int64_t>& out_strides, int64_t in_offset, int64_t out_offset) {
  tinyc_rt::CopyParams p{};
  p.rank = static_cast<int32_t>(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) {
    p.dims[d] = static_cast<int32_t>(dims[d]);
    p.in_strides[d] = static_cast<int32_t>(in_strides[d]);
    p.out_strides[d] = static_cast<int32_t>(out_strides[d]);
  }
  p.in_offset = static_cast<int32_t>(in_offset);
  p.out_offset = static_cast<int32_t>(out_offset);
  return p;
}

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

TEST_CASE("copy_strided_s8 as Transpose (gather and scatter strides) == int8 reference, rank 1..6") {
  Rng r(701);
  for (int i = 0; i < 200; ++i) {
    const Shape in = random_shape(r, 6);
    std::vector<int64_t> perm(in.size());
    std::iota(perm.begin(), perm.end(), 0);
    for (size_t k = perm.size(); k > 1; --k) std::swap(perm[k - 1], perm[static_cast<size_t>(r.uniform(0, static_cast<int>(k) - 1))]);
    Shape out(in.size());
    for (size_t d = 0; d < in.size(); ++d) out[d] = in[perm[d]];
    INFO("transpose " << shape_text(in) << " perm " << shape_text(perm));
    OneNode t("Transpose");
    t.input("x", in, 0.1f, 3, r);
    t.output("y", out, 0.1f, 3);
    t.node().attrs["perm"] = Attribute::of_ints(perm);
    const tinyc::int8::TransposePrep prep = tinyc::int8::prepare_transpose(t.graph(), t.finish());
    const std::vector<int64_t> st_in = strides_of(prep.in_shape);
    std::vector<int64_t> in_strides(out.size());
    for (size_t d = 0; d < out.size(); ++d) in_strides[d] = st_in[prep.perm[d]];
    const tinyc_rt::CopyParams p = copy_params(out, in_strides, strides_of(out), 0, 0);
    const std::vector<int8_t> x = t.data("x");
    std::vector<int8_t> y(x.size(), 0x55);
    REQUIRE(tinyc_rt::copy_strided_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
    const std::vector<int8_t> want = t.run();
    CHECK(mismatches(y, want) == 0);
    // The same permutation as a scatter: read the input in order, write with
    // permuted output strides (input dim perm[j] goes to output dim j).
    const std::vector<int64_t> st_out = strides_of(out);
    std::vector<int64_t> out_strides(in.size());
    for (size_t j = 0; j < in.size(); ++j) out_strides[prep.perm[j]] = st_out[j];
    const tinyc_rt::CopyParams scatter = copy_params(in, st_in, out_strides, 0, 0);
    std::vector<int8_t> y2(x.size(), 0x55);
    REQUIRE(tinyc_rt::copy_strided_s8(&scatter, x.data(), y2.data()) == tinyc_rt::kOk);
    CHECK(mismatches(y2, want) == 0);
  }
}

TEST_CASE("copy_strided_s8 as Slice == int8 reference (negative indices and steps)") {
  Rng r(702);
  int done = 0, negative_steps = 0;
  while (done < 200) {
    const Shape in = random_shape(r, 5);
    std::vector<int64_t> starts, ends, axes, steps;
    Shape out = in;
    for (size_t a = 0; a < in.size(); ++a) {
      if (!r.chance(0.6)) continue;
      const int64_t dim = in[a];
      const int64_t step = r.chance(0.3) ? -r.uniform(1, 2) : r.uniform(1, 3);
      int64_t s = r.uniform(static_cast<int>(-dim - 1), static_cast<int>(dim + 1));
      int64_t e = r.uniform(static_cast<int>(-dim - 1), static_cast<int>(dim + 1));
      // The ONNX Slice rule, to declare the output shape.
      int64_t cs = s < 0 ? s + dim : s, ce = e < 0 ? e + dim : e;
      if (step > 0) {
        cs = std::clamp<int64_t>(cs, 0, dim);
        ce = std::clamp<int64_t>(ce, 0, dim);
        out[a] = ce > cs ? (ce - cs + step - 1) / step : 0;
      } else {
        cs = std::clamp<int64_t>(cs, 0, dim - 1);
        ce = std::clamp<int64_t>(ce, -1, dim - 1);
        out[a] = cs > ce ? (cs - ce - step - 1) / (-step) : 0;
      }
      starts.push_back(s);
      ends.push_back(e);
      axes.push_back(static_cast<int64_t>(a));
      steps.push_back(step);
    }
    if (tinyc::num_elements(out) == 0) continue;
    negative_steps += std::any_of(steps.begin(), steps.end(), [](int64_t s) { return s < 0; });
    INFO("slice " << shape_text(in) << " starts " << shape_text(starts) << " ends " << shape_text(ends) << " axes "
                  << shape_text(axes) << " steps " << shape_text(steps));
    OneNode t("Slice");
    t.input("x", in, 0.1f, 0, r);
    t.output("y", out, 0.1f, 0);
    t.node().attrs["starts"] = Attribute::of_ints(starts);
    t.node().attrs["ends"] = Attribute::of_ints(ends);
    t.node().attrs["axes"] = Attribute::of_ints(axes);
    t.node().attrs["steps"] = Attribute::of_ints(steps);
    const tinyc::int8::SlicePrep prep = tinyc::int8::prepare_slice(t.graph(), t.finish());
    const std::vector<int64_t> st = strides_of(prep.in_shape);
    std::vector<int64_t> in_strides(in.size());
    int64_t offset = 0;
    for (size_t d = 0; d < in.size(); ++d) {
      in_strides[d] = prep.step[d] * st[d];
      offset += prep.start[d] * st[d];
    }
    const tinyc_rt::CopyParams p = copy_params(prep.out_shape, in_strides, strides_of(prep.out_shape), offset, 0);
    const std::vector<int8_t> x = t.data("x");
    std::vector<int8_t> y(static_cast<size_t>(tinyc::num_elements(out)), 0x55);
    REQUIRE(tinyc_rt::copy_strided_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
    CHECK(mismatches(y, t.run()) == 0);
    ++done;
  }
  CHECK(negative_steps > 20);
}

TEST_CASE("copy_strided_s8 as Concat (one call per input) and Reshape == int8 reference") {
  Rng r(703);
  for (int i = 0; i < 150; ++i) {
    const Shape base = random_shape(r, 5);
    const int axis = r.uniform(0, static_cast<int>(base.size()) - 1);
    const int k = r.uniform(1, 3);
    OneNode t("Concat");
    Shape out = base;
    out[axis] = 0;
    std::vector<Shape> shapes;
    for (int j = 0; j < k; ++j) {
      Shape s = base;
      s[axis] = r.uniform(1, 4);
      out[axis] += s[axis];
      shapes.push_back(s);
      t.input("x" + std::to_string(j), s, 0.2f, -5, r);
    }
    INFO("concat of " << k << " inputs along axis " << axis << " -> " << shape_text(out));
    t.output("y", out, 0.2f, -5);
    t.node().attrs["axis"] = Attribute::of_int(axis);
    const tinyc::int8::ConcatPrep prep = tinyc::int8::prepare_concat(t.graph(), t.finish());
    const std::vector<int64_t> st_out = strides_of(out);
    std::vector<int8_t> y(static_cast<size_t>(tinyc::num_elements(out)), 0x55);
    int64_t at = 0;
    for (int j = 0; j < k; ++j) {
      const tinyc_rt::CopyParams p = copy_params(shapes[j], strides_of(shapes[j]), st_out, 0, at * st_out[axis]);
      const std::vector<int8_t> x = t.data("x" + std::to_string(j));
      REQUIRE(tinyc_rt::copy_strided_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
      at += prep.axis_sizes[j];
    }
    CHECK(mismatches(y, t.run()) == 0);
  }
  // Reshape: the same bytes, one contiguous run.
  OneNode t("Reshape");
  t.input("x", {2, 3, 4}, 0.1f, 0, r);
  t.output("y", {6, 4}, 0.1f, 0);
  t.finish();
  const std::vector<int8_t> x = t.data("x");
  const tinyc_rt::CopyParams p = copy_params({24}, {1}, {1}, 0, 0);
  std::vector<int8_t> y(24, 0x55);
  REQUIRE(tinyc_rt::copy_strided_s8(&p, x.data(), y.data()) == tinyc_rt::kOk);
  CHECK(mismatches(y, t.run()) == 0);
}

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
