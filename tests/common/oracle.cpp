#include "common/oracle.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "common/test_util.h"
#include "tinyc/npy.h"

namespace fs = std::filesystem;

namespace tinyc::test {
namespace {

std::string oracle_dir() { return source_dir() + "/tests/oracle"; }

/// The Node.js binary: $TINYC_NODE, else `node` from PATH.
std::string node_binary() {
  const char* env = std::getenv("TINYC_NODE");
  return (env && *env) ? std::string(env) : std::string("node");
}

/// Single-quotes a string for /bin/sh.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return line.empty() ? std::string("(no message)") : line;
}

struct Availability {
  bool ok = false;
  std::string why;
};

Availability probe() {
  const std::string pkg = oracle_dir() + "/node_modules/onnxruntime-node";
  if (!fs::exists(pkg + "/package.json"))
    return {false, "onnxruntime-node is not installed in tests/oracle (run scripts/setup-oracle.sh)"};
  // Loading the package also loads its native library: a broken install shows here.
  CommandResult r = run_command(sh_quote(node_binary()) + " -e " +
                                sh_quote("require(" + std::string("'") + pkg + "'); console.log('ok')"));
  if (r.exit_code != 0 || r.out.find("ok") == std::string::npos)
    return {false, "cannot load onnxruntime-node with " + node_binary() + ": " + first_line(r.err)};
  return {true, ""};
}

}  // namespace

bool ort_available(std::string* why) {
  static const Availability cached = probe();
  if (why) *why = cached.why;
  return cached.ok;
}

bool require_oracle(const std::string& what) {
  std::string why;
  if (ort_available(&why)) return true;
  const char* allow = std::getenv("TINYC_ALLOW_NO_ORACLE");
  if (allow && std::string(allow) == "1") {
    report_skip(what, "onnxruntime oracle unavailable (TINYC_ALLOW_NO_ORACLE=1): " + why);
    return false;
  }
  throw std::runtime_error("onnxruntime oracle unavailable: " + why +
                           " (set TINYC_ALLOW_NO_ORACLE=1 to skip instead)");
}

std::vector<Tensor> run_onnxruntime(const std::string& model, const std::vector<Tensor>& inputs, bool optimize) {
  const std::string dir = temp_dir("ort");
  std::ostringstream cmd;
  cmd << sh_quote(node_binary()) << ' ' << sh_quote(oracle_dir() + "/run_ort.js") << ' ' << sh_quote(model) << ' '
      << sh_quote(dir + "/out") << " --opt " << (optimize ? "all" : "disabled");
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string path = dir + "/in" + std::to_string(i) + ".npy";
    write_npy(path, inputs[i]);
    cmd << ' ' << sh_quote(path);
  }
  CommandResult r = run_command(cmd.str());
  if (r.exit_code != 0)
    throw std::runtime_error("onnxruntime failed on " + model + ": " + first_line(r.err));

  // run_ort.js prints the output names, one a line, in graph order.
  std::vector<Tensor> outputs;
  std::istringstream names(r.out);
  std::string name;
  for (size_t k = 0; std::getline(names, name); ++k) {
    Tensor t = read_npy(dir + "/out." + std::to_string(k) + ".npy");
    t.name = name;
    outputs.push_back(std::move(t));
  }
  if (outputs.empty()) throw std::runtime_error("onnxruntime produced no outputs for " + model);
  if (!std::getenv("TINYC_KEEP_TEMP")) {
    std::error_code ec;
    fs::remove_all(dir, ec);  // hundreds of runs per suite: do not wait for process exit
  }
  return outputs;
}

double relative_error(const Tensor& actual, const Tensor& expected) {
  if (actual.shape != expected.shape)
    throw std::runtime_error("relative_error: shape " + shape_str(actual.shape) + " vs " + shape_str(expected.shape));
  const std::vector<float> a = actual.to_float(), e = expected.to_float();
  double max_diff = 0, max_ref = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const bool nan_a = std::isnan(a[i]), nan_e = std::isnan(e[i]);
    if (nan_a && nan_e) continue;
    if (nan_a || nan_e) return std::numeric_limits<double>::infinity();
    if (a[i] != e[i]) max_diff = std::max(max_diff, std::fabs(double(a[i]) - double(e[i])));
    max_ref = std::max(max_ref, std::fabs(double(e[i])));
  }
  return max_diff / std::max(max_ref, 1e-6);
}

}  // namespace tinyc::test
