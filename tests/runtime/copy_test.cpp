// copy_strided_s8 against the int8 reference's data movement on randomized
// one-node graphs: Transpose (as a gather with permuted input strides and as
// a scatter with permuted output strides), Slice (negative indices and
// steps), Concat (one copy per input) and Reshape. The strides and offsets are
// built here the way a code generator would build them from the prepared node.
//
// Checked once, locally, that these tests can fail: copy.cpp taking a row as
// contiguous when only the input side is (caught by the scatter transpose),
// and nd_index.h rewinding one stride short, each failed.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

#include "one_node.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

using namespace rt_test;
using tinyc::Attribute;
using tinyc::Shape;

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
