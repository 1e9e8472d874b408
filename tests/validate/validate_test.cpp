// tinyc validate as a library: exact sums, shards, and that the merged result
// of 3 shards equals the result of one run over all samples; mismatches are
// caught and listed by global index; the harness build is reused.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "common/test_util.h"
#include "tinyc/error.h"
#include "tinyc/validate.h"

using namespace tinyc;
namespace fs = std::filesystem;

namespace {

ValidateOptions digits_options(const std::string& cache) {
  ValidateOptions o;
  o.model = test::fixture("digits/digits.onnx");
  o.calib = {test::source_dir() + "/examples/models/digits_calib.npy"};
  o.data = {test::fixture("digits/test_x.npy")};
  o.labels = test::fixture("digits/test_y.npy");
  o.cache_dir = cache;
  o.jobs = 2;
  return o;
}

// The report without its last line (speed and build, which differ between runs).
std::string without_speed(const std::string& report) {
  const size_t at = report.rfind("speed:");
  return report.substr(0, at);
}

// One cache and one unsharded run for the whole file (the harness builds once).
struct Digits {
  std::string cache = test::temp_dir("validate-cache");
  ValidateResult full = validate_model(digits_options(cache));
};
const Digits& digits() {
  static const Digits d;
  return d;
}

}  // namespace

TEST_CASE("ExactSum: the rounded sum does not depend on order or grouping") {
  ExactSum a;
  for (double x : {1e100, 1.0, -1e100, 1e-30}) a.add(x);
  CHECK(a.value() == 1.0 + 1e-30);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> d(-1.0, 1.0);
  std::vector<double> v;
  for (int i = 0; i < 3000; ++i) v.push_back(d(rng) * std::pow(10.0, (i % 13) - 6));
  ExactSum forward, parts[3], merged;
  for (double x : v) forward.add(x);
  for (size_t i = 0; i < v.size(); ++i) parts[i % 3].add(v[v.size() - 1 - i]);
  for (auto& p : parts) merged.add(ExactSum::from_state(p.partials(), p.special()));
  CHECK(forward.value() == merged.value());  // bit for bit
  CHECK(forward.partials() == merged.partials());  // and the same state for result files
  ExactSum inf;
  inf.add(1.0);
  inf.add(INFINITY);
  CHECK(std::isinf(inf.value()));
}

TEST_CASE("--shard I/N: parsing and ranges that cover every sample once") {
  CHECK(parse_shard("2/3").index == 2);
  CHECK(parse_shard("0/1").count == 1);
  for (const char* bad : {"3/3", "1", "-1/2", "a/b", "1/0", "/2", "1/", ""}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_shard(bad), Error);
  }
  for (int64_t n : {0, 1, 7, 360}) {
    int64_t at = 0;
    for (int64_t i = 0; i < 5; ++i) {
      const auto [a, b] = shard_range({i, 5}, n);
      CHECK(a == at);
      at = b;
    }
    CHECK(at == n);
  }
}

TEST_CASE("digits: generated code is bit-exact with the int8 reference; int8 accuracy close to float") {
  const ValidateResult& r = digits().full;
  CHECK(r.samples == 360);
  CHECK(r.samples_total == 360);
  CHECK(r.mismatched_samples == 0);
  CHECK(r.mismatch_indices.empty());
  CHECK(r.has_labels);
  CHECK(r.float_correct > 320);
  CHECK(r.int8_correct > 320);
  REQUIRE(r.outputs.size() == 1);
  CHECK(r.outputs[0].elements == 3600);
  CHECK(r.outputs[0].sqnr_db() > 15);
  CHECK(r.outputs[0].cosine() > 0.98);
  CHECK_NOTHROW(check_result(r));
  const std::string text = format_result(r);
  CHECK(text.find("bit-exact (0 of 360 samples differ)") != std::string::npos);
  CHECK(text.find("top-1 accuracy: float") != std::string::npos);
}

TEST_CASE("3 shards, written as files and merged, give exactly the unsharded result") {
  const Digits& d = digits();
  const std::string parts = test::temp_dir("validate-parts");
  std::vector<ValidateResult> read;
  std::vector<std::string> files;
  for (int64_t i = 0; i < 3; ++i) {
    ValidateOptions o = digits_options(d.cache);
    o.shard = {i, 3};
    o.jobs = 1;
    const ValidateResult r = validate_model(o);
    CHECK(r.samples == 120);
    CHECK(r.build_cached);  // built by the unsharded run
    files.push_back(parts + "/" + std::to_string(i) + ".json");
    write_result_file(files.back(), r);
  }
  for (int i : {2, 0, 1}) read.push_back(read_result_file(files[static_cast<size_t>(i)]));  // order does not matter
  const ValidateResult merged = merge_results(read, {files[2], files[0], files[1]});
  CHECK(merged.parts == 3);
  CHECK(result_json(merged, false) == result_json(d.full, false));
  CHECK(without_speed(format_result(merged)) == without_speed(format_result(d.full)));
  CHECK(merged.outputs[0].sqnr_db() == d.full.outputs[0].sqnr_db());

  {  // a missing shard or an overlap is an error naming the samples
    try {
      merge_results({read[0], read[1]}, {files[2], files[0]});
      FAIL("merged an incomplete set");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("missing samples 120..239") != std::string::npos);
    }
    CHECK_THROWS_AS(merge_results({read[0], read[1], read[2], read[0]}), Error);
  }
  {  // parts of another data set do not merge
    ValidateResult other = read[0];
    other.data_key = "0";
    CHECK_THROWS_AS(merge_results({other, read[1], read[2]}), Error);
  }
}

TEST_CASE("a differing output byte is caught, by global sample index, also across shards") {
  const Digits& d = digits();
  ValidateOptions o = digits_options(d.cache);
  o.test_corrupt_sample = 17;
  const ValidateResult r = validate_model(o);
  CHECK(r.mismatched_samples == 1);
  CHECK(r.mismatched_bytes == 1);
  CHECK(r.mismatch_indices == std::vector<int64_t>{17});
  CHECK(format_result(r).find("1 of 360 samples differ (1 bytes): sample 17") != std::string::npos);
  try {
    check_result(r);
    FAIL("no mismatch error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Mismatch);
  }
  // In shard 2 of 3 the sample keeps its global index.
  o.test_corrupt_sample = 250;
  o.shard = {2, 3};
  const ValidateResult s = validate_model(o);
  CHECK(s.mismatch_indices == std::vector<int64_t>{250});
  o.shard = {0, 3};
  const ValidateResult s0 = validate_model(o);  // 250 is not in shard 0
  CHECK(s0.mismatched_samples == 0);
}

TEST_CASE("the harness is built once per model and options, then reused from the cache") {
  const std::string cache = test::temp_dir("validate-cache-reuse");
  ValidateOptions o = digits_options(cache);
  o.labels.clear();
  const ValidateResult first = validate_model(o);
  CHECK_FALSE(first.build_cached);
  const fs::path exe = fs::path(first.build_dir) / "harness";
  REQUIRE(fs::exists(exe));
  const auto built_at = fs::last_write_time(exe);
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(fs::path(cache) / "validate")) entries += e.is_directory();
  const ValidateResult second = validate_model(o);
  CHECK(second.build_cached);
  CHECK(second.build_dir == first.build_dir);
  CHECK(fs::last_write_time(exe) == built_at);
  size_t after = 0;
  for (const auto& e : fs::directory_iterator(fs::path(cache) / "validate")) after += e.is_directory();
  CHECK(after == entries);
  CHECK_FALSE(second.has_labels);
  CHECK(format_result(second).find("top-1 accuracy") == std::string::npos);
  // Other options (here: a different calibration set) are another build.
  o.calib = {test::fixture("digits/calib.npy")};
  const ValidateResult third = validate_model(o);
  CHECK(third.model_key != first.model_key);
}

TEST_CASE("result JSON round-trips exactly") {
  const ValidateResult& r = digits().full;
  const ValidateResult back = parse_result_json(result_json(r), "r.json");
  CHECK(result_json(back) == result_json(r));
  CHECK_THROWS_AS(parse_result_json("{\"format\": \"other\"}", "x.json"), Error);
  CHECK_THROWS_AS(parse_result_json("{\"format\": \"tinyc-validate-1\", \"model\": 3", "x.json"), Error);
}

TEST_CASE("bad data is an error naming the file") {
  ValidateOptions o = digits_options(test::temp_dir("validate-bad"));
  o.labels = test::fixture("digits/calib.npy");  // 32 values, not 360 labels
  try {
    validate_model(o);
    FAIL("accepted wrong labels");
  } catch (const Error& e) {
    CHECK(e.file() == o.labels);
  }
  o = digits_options(test::temp_dir("validate-bad"));
  o.data.clear();
  CHECK_THROWS_AS(validate_model(o), Error);
}
