// `tinyc compile` from the command line: what lands in the folder (and that
// the folder builds on its own through its CMakeLists.txt and its source
// list), the summary, and every error of the command — unknown target, float
// model without calibration, a plan over --ram-limit, an existing folder
// (refused without --force, replaced with it), nodes without an int8 kernel —
// each leaving no folder behind.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/test_util.h"
#include "tinyc/codegen.h"
#include "tinyc/error.h"
#include "tinyc/targets.h"

using namespace tinyc;
using tinyc::test::run_cli;
using tinyc::test::run_command;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
std::string models() { return tinyc::test::source_dir() + "/examples/models/"; }
std::string digits_args() { return models() + "digits.onnx --calib " + models() + "digits_calib.npy"; }

std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(fs::relative(e.path(), dir).string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("compile: the folder holds the API, the model, the self-test, its runtime and build files") {
  const std::string out = tinyc::test::temp_dir("compile-cli") + "/net";
  const auto r = run_cli("compile " + digits_args() + " --target cortex-m0plus --name net --selftest " + models() +
                         "digits_selftest.npy -o " + out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The summary: the per-op table, arena, weights and where the arena peaks.
  CHECK(has(r.out, "arena "));
  CHECK(has(r.out, "lower bound"));
  CHECK(has(r.out, "weights and constants"));
  CHECK(has(r.out, "peak at step"));
  CHECK(has(r.out, "Conv"));
  for (const char* f : {"net.h", "net.cpp", "net_selftest.cpp", "CMakeLists.txt", "sources.txt"})
    CHECK_MESSAGE(tinyc::test::file_exists(out + "/" + f), f);
  std::string h, cpp;
  REQUIRE(tinyc::test::read_file(out + "/net.h", h));
  REQUIRE(tinyc::test::read_file(out + "/net.cpp", cpp));
  CHECK(has(h, "extern \"C\""));
  CHECK(has(h, "int net_invoke(const int8_t* input, int8_t* output)"));
  CHECK(has(h, "NET_ARENA_BYTES"));
  CHECK(has(h, "NET_INPUT_SCALE"));
  CHECK(has(h, "NET_INPUT_ZERO_POINT"));
  CHECK(has(h, "net_quantize_input"));
  CHECK(has(h, "net_dequantize_output"));
  CHECK(has(h, "int net_selftest(void)"));
  CHECK(has(cpp, "const int8_t"));  // weights as const arrays (flash)
  CHECK_FALSE(has(cpp, "malloc"));
  // Only the kernels the model uses: a Cortex-M0+ build gets portable kernels, no DSP ones, no softmax.
  const std::vector<std::string> files = listing(out);
  bool any_dsp = false, any_softmax = false, any_conv = false;
  for (const auto& f : files) {
    any_dsp |= has(f, "arm_dsp");
    any_softmax |= has(f, "softmax");
    any_conv |= has(f, "conv2d");
  }
  CHECK_FALSE(any_dsp);
  CHECK_FALSE(any_softmax);
  CHECK(any_conv);
}

TEST_CASE("compile: the folder builds on its own with its CMakeLists.txt, and with its source list") {
  const std::string root = tinyc::test::temp_dir("compile-cmake");
  const std::string out = root + "/net";
  REQUIRE(run_cli("compile " + digits_args() + " --target host --name net --selftest " + models() +
                  "digits_selftest.npy -o " + out)
              .exit_code == 0);
  // A user's project that takes the folder in one line.
  std::ofstream(root + "/CMakeLists.txt") << "cmake_minimum_required(VERSION 3.16)\nproject(user CXX)\n"
                                          << "add_subdirectory(net)\n"
                                          << "add_executable(app main.cpp)\n"
                                          << "target_link_libraries(app PRIVATE net)\n";
  std::ofstream(root + "/main.cpp") << "#include \"net.h\"\nint main() { return net_selftest() == 0 ? 0 : 1; }\n";
  auto b = run_command("cmake -S " + root + " -B " + root + "/build -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build " +
                       root + "/build -j2");
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CHECK(run_command(root + "/build/app").exit_code == 0);

  // The plain list: every source, relative to the folder; one compiler line.
  std::string list;
  REQUIRE(tinyc::test::read_file(out + "/sources.txt", list));
  std::string cmd = "cd " + out + " && g++ -std=c++11 -Wall -Wextra -Werror -pedantic -I. -Iruntime/include -o " + root +
                    "/app2 " + root + "/main.cpp";
  size_t start = 0, lines = 0;
  while (start < list.size()) {
    size_t nl = list.find('\n', start);
    std::string line = list.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line[0] != '#') {
      cmd += " " + line;
      ++lines;
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  CHECK(lines >= 3);
  b = run_command(cmd);
  INFO(b.err);
  REQUIRE(b.exit_code == 0);
  CHECK(run_command(root + "/app2").exit_code == 0);
}

TEST_CASE("compile: an unknown target names the targets there are") {
  const std::string out = tinyc::test::temp_dir("compile-target") + "/x";
  const auto r = run_cli("compile " + digits_args() + " --target cortex-m33 -o " + out);
  CHECK(r.exit_code == 2);
  for (const Target& t : all_targets()) CHECK_MESSAGE(has(r.err, t.name), t.name);
  CHECK(has(r.err, "cortex-m33"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("compile: a float model without --calib is refused") {
  const std::string out = tinyc::test::temp_dir("compile-calib") + "/x";
  const auto r = run_cli("compile " + models() + "digits.onnx --target host -o " + out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "--calib"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("compile: a plan over --ram-limit fails with what is live at the peak, and writes nothing") {
  const std::string out = tinyc::test::temp_dir("compile-ram") + "/x";
  const auto r = run_cli("compile " + digits_args() + " --target cortex-m4 --ram-limit 1000 -o " + out);
  CHECK(r.exit_code == 1);
  CHECK(has(r.err, "1000"));
  CHECK(has(r.err, "peak"));
  CHECK(has(r.err, "Relu_output_0"));  // the table names the tensors live at the peak
  CHECK_FALSE(fs::exists(out));
  // The same model fits when the limit is its arena.
  CHECK(run_cli("compile " + digits_args() + " --target cortex-m4 --ram-limit 100000 -q -o " + out).exit_code == 0);
}

TEST_CASE("compile: an existing folder with other files is refused unless --force, and never half-written") {
  const std::string root = tinyc::test::temp_dir("compile-force");
  const std::string out = root + "/gen";
  fs::create_directories(out);
  std::ofstream(out + "/notes.txt") << "mine";
  auto r = run_cli("compile " + digits_args() + " --target host -o " + out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "--force"));
  CHECK(listing(out) == std::vector<std::string>{"notes.txt"});

  // A failure after the folder exists (here: a bad --name) leaves it as it was.
  r = run_cli("compile " + digits_args() + " --target host --force --name 9bad -o " + out);
  CHECK(r.exit_code == 2);
  CHECK(listing(out) == std::vector<std::string>{"notes.txt"});

  r = run_cli("compile " + digits_args() + " --target host --force -q -o " + out);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(fs::exists(out + "/notes.txt"));
  CHECK(fs::exists(out + "/digits.h"));
  // Recompiling over tinyc's own output needs no --force.
  CHECK(run_cli("compile " + digits_args() + " --target host -q -o " + out).exit_code == 0);
  // Nothing temporary is left beside it.
  CHECK(listing(root).size() == listing(out).size() + 1);
}

TEST_CASE("generate_code: one error lists every node the int8 runtime has no kernel for") {
  Graph g;
  g.name = "g";
  QuantParams q;
  q.scale = {0.1f};
  q.zero_point = {0};
  for (const char* t : {"x", "y", "z"}) {
    Tensor tensor(t, DType::I8, {1, 4});
    tensor.quant = q;
    g.add_tensor(tensor);
  }
  g.inputs = {"x"};
  g.outputs = {"z"};
  Node a, b;
  a.name = "first";
  a.op_type = "Erf";
  a.inputs = {"x"};
  a.outputs = {"y"};
  b.name = "second";
  b.op_type = "Hardmax";
  b.inputs = {"y"};
  b.outputs = {"z"};
  g.nodes = {a, b};
  CodegenOptions opts;
  opts.name = "g";
  opts.target = find_target("host");
  try {
    generate_code(g, opts);
    FAIL("generate_code accepted nodes without kernels");
  } catch (const Error& e) {
    const std::string m = e.what();
    CHECK(has(m, "first"));
    CHECK(has(m, "Erf"));
    CHECK(has(m, "second"));
    CHECK(has(m, "Hardmax"));
    CHECK(m.find('\n') == std::string::npos);
  }
}

TEST_CASE("compile --json: the summary as one JSON object") {
  const std::string out = tinyc::test::temp_dir("compile-json") + "/x";
  const auto r = run_cli("compile " + digits_args() + " --target host --json -o " + out);
  REQUIRE(r.exit_code == 0);
  const std::string py = tinyc::test::temp_dir("compile-json-py") + "/summary.json";
  std::ofstream(py) << r.out;
  // Python's json module reads it, and the numbers are the plan's.
  const auto check = run_command("/usr/bin/python3 -c \"import json,sys; d=json.load(open('" + py +
                                 "')); assert d['arena_bytes'] >= d['lower_bound'] > 0; assert len(d['ops']) >= 5; "
                                 "assert d['macs'] == sum(o['macs'] for o in d['ops']); print(d['arena_bytes'])\"");
  INFO(r.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(has(r.out, "\"peak\""));
}
