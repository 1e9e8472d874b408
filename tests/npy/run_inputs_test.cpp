// Feeding arrays to a model: lossless conversion, run planning, output paths.
#include <doctest/doctest.h>

#include "tinyc/error.h"
#include "tinyc/run_inputs.h"

using namespace tinyc;

namespace {

DeclaredInput input(const std::string& name, Shape dims, std::vector<std::string> params = {}) {
  DeclaredInput d;
  d.name = name;
  d.dtype = DType::F32;
  d.has_shape = true;
  d.dims = std::move(dims);
  d.params = params.empty() ? std::vector<std::string>(d.dims.size(), "") : std::move(params);
  return d;
}

Tensor zeros(Shape s) {
  Tensor t("a", DType::F32, std::move(s));
  t.allocate();
  return t;
}

}  // namespace

TEST_CASE("convert_lossless keeps every value or refuses") {
  Tensor i8 = Tensor::from_values<int8_t>("a", DType::I8, {3}, {-128, 0, 127});
  CHECK(convert_lossless(i8, DType::F32, "a.npy").to_float() == std::vector<float>{-128, 0, 127});
  CHECK_THROWS_AS(convert_lossless(i8, DType::U8, "a.npy"), Error);  // -128
  Tensor f = Tensor::from_float("a", {3}, {1, -2, 100});
  CHECK(convert_lossless(f, DType::I8, "a.npy").to_int64() == std::vector<int64_t>{1, -2, 100});
  CHECK_THROWS_AS(convert_lossless(Tensor::from_float("a", {1}, {300}), DType::I8, "a.npy"), Error);
  CHECK_THROWS_AS(convert_lossless(Tensor::from_float("a", {1}, {0.5f}), DType::I32, "a.npy"), Error);
  Tensor big = Tensor::from_int64("a", {1}, {(int64_t{1} << 24) + 1});
  CHECK_THROWS_AS(convert_lossless(big, DType::F32, "a.npy"), Error);  // not exact in float32
  try {
    convert_lossless(Tensor::from_float("a", {2}, {1, 0.25f}), DType::U8, "data.npy");
    FAIL("expected an Error");
  } catch (const Error& e) {
    CHECK(e.file() == "data.npy");
    CHECK(std::string(e.what()).find("element 1") != std::string::npos);
  }
}

TEST_CASE("plan_run: whole arrays, extra axis, batch axis, symbolic batch") {
  const std::vector<std::string> files = {"a.npy"};
  RunPlan p = plan_run({input("x", {1, 4})}, {zeros({1, 4})}, files, {});
  CHECK(p.split == RunPlan::Split::Whole);
  CHECK(p.samples == 1);
  p = plan_run({input("x", {1, 4})}, {zeros({5, 1, 4})}, files, {});
  CHECK(p.split == RunPlan::Split::ExtraAxis);
  CHECK(p.samples == 5);
  p = plan_run({input("x", {1, 4})}, {zeros({5, 4})}, files, {});
  CHECK(p.split == RunPlan::Split::BatchAxis);
  CHECK(p.samples == 5);
  p = plan_run({input("x", {-1, 4}, {"batch", ""})}, {zeros({6, 4})}, files, {});
  CHECK(p.split == RunPlan::Split::BatchAxis);
  CHECK(p.import.dim_values.at("batch") == 1);
  // A given batch runs in one go.
  ImportOptions six;
  six.dim_values["batch"] = 6;
  p = plan_run({input("x", {-1, 4}, {"batch", ""})}, {zeros({6, 4})}, files, six);
  CHECK(p.split == RunPlan::Split::Whole);
  // A symbolic inner dimension takes the array's value.
  p = plan_run({input("x", {1, -1}, {"", "len"})}, {zeros({1, 7})}, files, {});
  CHECK(p.import.dim_values.at("len") == 7);
  CHECK_THROWS_AS(plan_run({input("x", {1, 4})}, {zeros({1, 5})}, files, {}), Error);
  CHECK_THROWS_AS(plan_run({input("x", {1, 4})}, {zeros({1, 4}), zeros({1, 4})}, {"a.npy", "b.npy"}, {}), Error);
  // Inputs must agree on the samples.
  CHECK_THROWS_AS(plan_run({input("x", {1, 4}), input("y", {1, 2})}, {zeros({3, 1, 4}), zeros({1, 2})},
                           {"a.npy", "b.npy"}, {}),
                  Error);
}

TEST_CASE("output paths for one and several outputs") {
  CHECK(output_paths("out.npy", 1) == std::vector<std::string>{"out.npy"});
  CHECK(output_paths("dir/out.npy", 2) == std::vector<std::string>{"dir/out_0.npy", "dir/out_1.npy"});
  CHECK(output_paths("out", 2) == std::vector<std::string>{"out_0", "out_1"});
}

TEST_CASE("summaries show range, argmax per row and first values") {
  Tensor t = Tensor::from_float("y", {2, 3}, {0.1f, 0.7f, 0.2f, 5, -1, 0});
  std::string s = summarize_output(t);
  CHECK(s.find("float32 2x3") == 0);
  CHECK(s.find("min -1") != std::string::npos);
  CHECK(s.find("max 5") != std::string::npos);
  CHECK(s.find("argmax 1 0") != std::string::npos);
}
