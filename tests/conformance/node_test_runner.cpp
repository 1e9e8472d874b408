// One ONNX backend node test through import_onnx + run_float (see node_test_runner.h).
#include "conformance/node_test_runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "conformance/tensor_proto_io.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"
#include "tinyc/reference.h"

namespace fs = std::filesystem;

namespace tinyc::conformance {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Passed: return "passed";
    case Outcome::Failed: return "failed";
    case Outcome::Unsupported: return "unsupported";
  }
  return "?";
}

namespace {

struct DataSet {
  std::vector<Tensor> inputs, outputs;
};

std::vector<Tensor> load_numbered(const fs::path& dir, const char* prefix, std::string& why, bool& ok) {
  std::vector<Tensor> r;
  for (int i = 0;; ++i) {
    const fs::path p = dir / (std::string(prefix) + std::to_string(i) + ".pb");
    if (!fs::exists(p)) break;
    Tensor t;
    if (!load_tensor_proto(p.string(), t, why)) {
      ok = false;
      return r;
    }
    r.push_back(std::move(t));
  }
  return r;
}

bool load_data_sets(const fs::path& dir, std::vector<DataSet>& sets, std::string& why) {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && e.path().filename().string().rfind("test_data_set_", 0) == 0) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) {
    bool ok = true;
    DataSet s;
    s.inputs = load_numbered(d, "input_", why, ok);
    if (ok) s.outputs = load_numbered(d, "output_", why, ok);
    if (!ok) return false;
    sets.push_back(std::move(s));
  }
  if (sets.empty()) why = "no test_data_set_* folder";
  return !sets.empty();
}

std::string value_str(double v) {
  std::ostringstream s;
  s.precision(9);
  s << v;
  return s.str();
}

bool is_float(DType t) { return t == DType::F32 || t == DType::F64 || t == DType::F16; }

// "" when equal, else what differs.
std::string compare(const Tensor& got, const Tensor& want, Compare mode) {
  if (got.dtype != want.dtype) return std::string("type ") + dtype_name(got.dtype) + ", expected " + dtype_name(want.dtype);
  if (got.shape != want.shape) return "shape " + shape_str(got.shape) + ", expected " + shape_str(want.shape);
  if (mode == Compare::BitExact) {
    if (got.data == want.data) return "";
    const size_t e = dtype_size(got.dtype);
    for (size_t i = 0; i < got.data.size(); ++i)
      if (got.data[i] != want.data[i]) {
        const size_t k = i / e;
        const double g = is_float(got.dtype) ? got.to_float()[k] : static_cast<double>(got.to_int64()[k]);
        const double w = is_float(want.dtype) ? want.to_float()[k] : static_cast<double>(want.to_int64()[k]);
        return "element " + std::to_string(k) + " is " + value_str(g) + ", expected " + value_str(w) + " (bit-exact)";
      }
  }
  if (!is_float(got.dtype)) {
    const std::vector<int64_t> g = got.to_int64(), w = want.to_int64();
    for (size_t i = 0; i < g.size(); ++i)
      if (g[i] != w[i]) return "element " + std::to_string(i) + " is " + std::to_string(g[i]) + ", expected " + std::to_string(w[i]);
    return "";
  }
  // numpy.testing.assert_allclose(rtol=1e-3, atol=1e-7), as the ONNX backend runner.
  const std::vector<float> g = got.to_float(), w = want.to_float();
  for (size_t i = 0; i < g.size(); ++i) {
    if (std::isnan(g[i]) && std::isnan(w[i])) continue;
    if (g[i] == w[i]) continue;  // also equal infinities
    if (std::fabs(static_cast<double>(g[i]) - w[i]) <= 1e-7 + 1e-3 * std::fabs(static_cast<double>(w[i]))) continue;
    return "element " + std::to_string(i) + " is " + value_str(g[i]) + ", expected " + value_str(w[i]);
  }
  return "";
}

// Import errors that only say an input must be a compile-time constant.
bool needs_constant_inputs(const std::string& message) {
  return message.find("known at compile time") != std::string::npos ||
         message.find("must be a constant") != std::string::npos;
}

// Imports the model with the inputs from `first_data` on turned into
// constants (see model_with_constant_inputs).
Graph import_with_constants(const std::string& model, const ModelSummary& summary, const DataSet& ds,
                            size_t first_data, const ImportOptions& opts) {
  std::vector<Tensor> baked;
  for (size_t i = first_data; i < ds.inputs.size() && i < summary.inputs.size(); ++i) {
    Tensor t = ds.inputs[i];
    t.name = summary.inputs[i];
    baked.push_back(std::move(t));
  }
  ImportOptions rest = opts;  // shapes only for the inputs that remain inputs
  for (const Tensor& t : baked) rest.input_shapes.erase(t.name);
  const std::string bytes = model_with_constant_inputs(model, baked);
  return import_onnx_bytes(bytes, model, rest, fs::path(model).parent_path().string());
}

// Runs one data set through g and compares; "" when it matches.
std::string check_data_set(const Graph& g, const ModelSummary& summary, const DataSet& ds, size_t s, Compare mode) {
  std::map<std::string, const Tensor*> given;
  for (size_t i = 0; i < ds.inputs.size() && i < summary.inputs.size(); ++i) given[summary.inputs[i]] = &ds.inputs[i];
  std::vector<Tensor> inputs;
  for (const auto& name : g.inputs) {
    auto it = given.find(name);
    if (it == given.end()) return "graph input '" + name + "' has no test data";
    inputs.push_back(*it->second);
  }
  std::vector<Tensor> outs;
  try {
    outs = run_float(g, inputs);
  } catch (const std::exception& e) {
    return e.what();
  }
  if (outs.size() != ds.outputs.size())
    return std::to_string(outs.size()) + " outputs, the test has " + std::to_string(ds.outputs.size());
  for (size_t i = 0; i < outs.size(); ++i) {
    const std::string diff = compare(outs[i], ds.outputs[i], mode);
    if (!diff.empty()) return "data set " + std::to_string(s) + ", output '" + g.outputs[i] + "': " + diff;
  }
  return "";
}

}  // namespace

NodeTestResult run_node_test(const std::string& dir, Compare mode) {
  NodeTestResult r;
  r.name = fs::path(dir).filename().string();
  const std::string model = (fs::path(dir) / "model.onnx").string();
  ModelSummary summary;
  std::vector<DataSet> sets;
  if (!read_model_summary(model, summary, r.detail)) {
    r.outcome = Outcome::Failed;
    return r;
  }
  // Data of types tinyc has no dtype for (strings, sequences) is only an
  // error once the import has accepted the model.
  std::string data_problem;
  const bool have_data = load_data_sets(dir, sets, data_problem);
  const std::vector<std::string> supported = supported_ops();
  const std::set<std::string> sup(supported.begin(), supported.end());
  r.op_types_supported = std::all_of(summary.ops.begin(), summary.ops.end(), [&](const std::string& o) { return sup.count(o) != 0; });

  // Test data inputs match the model's non-initializer inputs in order; their
  // shapes fix any symbolic dimension.
  ImportOptions opts;
  if (have_data)
    for (size_t i = 0; i < sets[0].inputs.size() && i < summary.inputs.size(); ++i)
      opts.input_shapes[summary.inputs[i]] = sets[0].inputs[i].shape;
  Graph g;
  try {
    g = import_onnx(model, opts);
  } catch (const Error& e) {
    r.outcome = Outcome::Unsupported;
    r.detail = e.what();
    if (!have_data || !needs_constant_inputs(e.what())) return r;
  } catch (const std::exception& e) {
    r.outcome = Outcome::Failed;
    r.detail = std::string("import threw a non-tinyc exception: ") + e.what();
    return r;
  }
  if (!have_data) {
    r.outcome = Outcome::Failed;
    r.detail = data_problem;
    return r;
  }

  if (r.outcome != Outcome::Unsupported) {
    for (size_t s = 0; s < sets.size(); ++s) {
      r.detail = check_data_set(g, summary, sets[s], s, mode);
      if (!r.detail.empty()) {
        r.outcome = Outcome::Failed;
        return r;
      }
    }
    r.outcome = Outcome::Passed;
    return r;
  }

  // Refused only because shape-like inputs are not constants: bake every
  // input but the first (then, if that is not enough, every input) into the
  // model, per data set, and run what remains.
  for (size_t s = 0; s < sets.size(); ++s) {
    bool imported = false;
    for (size_t first : {size_t{1}, size_t{0}}) {
      try {
        g = import_with_constants(model, summary, sets[s], first, opts);
        imported = true;
        break;
      } catch (const Error& e) {
        r.detail = e.what();
        if (!needs_constant_inputs(e.what())) break;
      }
    }
    if (!imported) return r;  // still Unsupported, with the last reason
    r.constant_inputs = true;
    const std::string diff = check_data_set(g, summary, sets[s], s, mode);
    if (!diff.empty()) {
      r.outcome = Outcome::Failed;
      r.detail = "(shape inputs as constants) " + diff;
      return r;
    }
  }
  r.outcome = Outcome::Passed;
  r.detail.clear();
  return r;
}

}  // namespace tinyc::conformance
