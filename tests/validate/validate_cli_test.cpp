// tinyc validate and tinyc targets from the command line: exit codes, --json,
// sharding with --out and --merge, and help with examples.
#include <doctest/doctest.h>

#include <fstream>

#include "common/test_util.h"

using tinyc::test::run_cli;
using tinyc::test::run_command;

namespace {

std::string digits_args(const std::string& cache) {
  const std::string src = tinyc::test::source_dir();
  return "validate '" + src + "/examples/models/digits.onnx' --calib '" + src + "/examples/models/digits_calib.npy' --data '" +
         tinyc::test::fixture("digits/test_x.npy") + "' --labels '" + tinyc::test::fixture("digits/test_y.npy") +
         "' --cache '" + cache + "' -j 2";
}

const std::string& cache() {
  static const std::string c = tinyc::test::temp_dir("validate-cli-cache");
  return c;
}

// Runs python3 on a JSON file; returns its stdout.
std::string py(const std::string& file, const std::string& expr) {
  auto r = run_command("/usr/bin/python3 -c \"import json; r=json.load(open('" + file + "')); print(" + expr + ")\"");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return r.out;
}

}  // namespace

TEST_CASE("validate on digits: report, --json, exit 0") {
  auto t = run_cli(digits_args(cache()));
  INFO(t.err);
  CHECK(t.exit_code == 0);
  CHECK(t.out.find("bit-exact (0 of 360 samples differ)") != std::string::npos);
  CHECK(t.out.find("samples/s") != std::string::npos);
  CHECK(t.err.find("samples\r") == std::string::npos);  // no progress bar: stderr is not a terminal
  CHECK(t.err.find('\r') == std::string::npos);
  auto j = run_cli(digits_args(cache()) + " --json");
  CHECK(j.exit_code == 0);
  const std::string file = tinyc::test::temp_dir("validate-cli-json") + "/r.json";
  std::ofstream(file) << j.out;
  CHECK(py(file, "r['mismatch']['samples'], r['samples'], r['top1']['labels'], r['run']['build_cached']") ==
        "0 360 True True\n");
}

TEST_CASE("validate --shard I/N --out, then --merge: the same report") {
  const std::string dir = tinyc::test::temp_dir("validate-cli-shards");
  auto full = run_cli(digits_args(cache()) + " --json --out '" + dir + "/full.json'");
  REQUIRE(full.exit_code == 0);
  std::string parts;
  for (int i = 0; i < 3; ++i) {
    const std::string part = dir + "/part" + std::to_string(i) + ".json";
    auto s = run_cli(digits_args(cache()) + " --shard " + std::to_string(i) + "/3 --out '" + part + "' -q");
    CHECK(s.exit_code == 0);
    CHECK(s.out.empty());
    parts += " '" + part + "'";
  }
  auto m = run_cli("validate --merge" + parts + " --out '" + dir + "/merged.json'");
  INFO(m.err);
  CHECK(m.exit_code == 0);
  CHECK(m.out.find("bit-exact (0 of 360 samples differ)") != std::string::npos);
  CHECK(m.out.find("summed over 3 parts") != std::string::npos);
  // Everything but the "run" object (timing, build) is identical.
  auto eq = run_command("/usr/bin/python3 -c \"import json; a=json.load(open('" + dir + "/full.json')); b=json.load(open('" +
                        dir + "/merged.json')); a.pop('run'); b.pop('run'); print(a == b)\"");
  CHECK(eq.out == "True\n");

  {  // a merged result with a mismatch exits 3
    // A part file claiming a differing sample (as a shard that found one writes it).
    std::string text;
    REQUIRE(tinyc::test::read_file(dir + "/part1.json", text));
    const std::string from = "\"mismatch\": {\"samples\": 0, \"bytes\": 0, \"first_indices\": []}";
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "\"mismatch\": {\"samples\": 1, \"bytes\": 2, \"first_indices\": [130]}");
    std::ofstream(dir + "/bad1.json") << text;
    auto b = run_cli("validate --merge '" + dir + "/part0.json' '" + dir + "/bad1.json' '" + dir + "/part2.json'");
    CHECK(b.exit_code == 3);
    CHECK(b.out.find("1 of 360 samples differ (2 bytes): sample 130") != std::string::npos);
    CHECK(b.err.find("differs from the int8 reference on 1 of 360 samples") != std::string::npos);
  }
  {  // an incomplete set of parts exits 1
    auto b = run_cli("validate --merge '" + dir + "/part0.json' '" + dir + "/part2.json'");
    CHECK(b.exit_code == 1);
    CHECK(b.err.find("missing samples 120..239") != std::string::npos);
  }
}

TEST_CASE("validate: bad arguments exit 2") {
  const std::string dir = tinyc::test::temp_dir("validate-cli-bad");
  const std::string model = tinyc::test::source_dir() + "/examples/models/digits.onnx";
  for (const std::string& args : std::vector<std::string>{
           "validate", "validate '" + model + "'", digits_args(cache()) + " --shard 3/3 --out " + dir + "/p.json",
        digits_args(cache()) + " --shard 1/2", digits_args(cache()) + " --shard x --out " + dir + "/p.json",
        digits_args(cache()) + " -j 0", "validate --merge", "validate --merge a.json --data x.npy",
        digits_args(cache()) + " --no-such-option"}) {
    INFO(args);
    auto r = run_cli(args);
    CHECK(r.exit_code == 2);
  }
  auto r = run_cli("validate --merge '" + dir + "/none.json'");
  CHECK(r.exit_code == 1);
  // A compiler that fails: exit 1 with the compiler's part of the story, nothing cached.
  auto c = run_cli(digits_args(dir + "/cache") + " --cxx false");
  CHECK(c.exit_code == 1);
  CHECK(c.err.find("building the host harness failed (false exited with 1)") != std::string::npos);
  auto none = run_cli(digits_args(dir + "/cache") + " --cxx /no/such/compiler");
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("could not be started") != std::string::npos);
}

TEST_CASE("tinyc targets lists the targets with their CPU flags") {
  auto t = run_cli("targets");
  CHECK(t.exit_code == 0);
  for (const char* s : {"host", "cortex-m0plus", "cortex-m4", "cortex-m7", "-mcpu=cortex-m4 -mthumb"})
    CHECK(t.out.find(s) != std::string::npos);
  auto j = run_cli("targets --json");
  CHECK(j.exit_code == 0);
  const std::string file = tinyc::test::temp_dir("targets-json") + "/t.json";
  std::ofstream(file) << j.out;
  CHECK(py(file, "[t['name'] for t in r if t['dsp']]") == "['cortex-m4', 'cortex-m7']\n");
}

TEST_CASE("validate and targets --help end with examples") {
  for (const char* cmd : {"validate --help", "targets --help"}) {
    auto h = run_cli(cmd);
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("Example") != std::string::npos);
  }
}
