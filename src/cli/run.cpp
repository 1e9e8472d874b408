// tinyc run: runs a model on .npy inputs with a reference interpreter.
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/shape_args_util.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/reference.h"
#include "tinyc/run_inputs.h"

namespace tinyc::cli {

namespace {

struct RunArgs {
  std::string model;
  std::vector<std::string> inputs;  ///< files, each value possibly "a.npy,b.npy"
  std::string output;
  std::vector<std::string> shapes;
};

/// The interpreters `run` can use, by --mode name (only "float" so far): each
/// makes a runner for an imported graph.
using RunnerFactory = GraphRunner (*)(const Graph& g);
const std::map<std::string, RunnerFactory>& runners() {
  static const std::map<std::string, RunnerFactory> t = {
      {"float", [](const Graph& g) -> GraphRunner { return [&g](const std::vector<Tensor>& in) { return run_float(g, in); }; }},
  };
  return t;
}

std::vector<std::string> split_files(const std::vector<std::string>& values) {
  std::vector<std::string> files;
  for (const auto& v : values) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      std::string f = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (f.empty()) fail("--input has an empty file name in '" + v + "'", ErrorKind::Usage);
      files.push_back(f);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return files;
}

int run(const RunArgs& a, const GlobalOptions& global) {
  const std::vector<std::string> files = split_files(a.inputs);
  std::vector<Tensor> arrays;
  for (const auto& f : files) arrays.push_back(read_npy(f));
  const RunPlan plan = plan_run(declared_inputs(a.model), arrays, files, shape_options(a.model, a.shapes));
  const Graph g = import_onnx(a.model, plan.import);
  // Everything is computed before anything is written: a failure leaves no output files.
  const std::vector<Tensor> outputs = run_on_arrays(g, arrays, files, plan, runners().at("float")(g));
  if (a.output.empty()) {
    for (size_t i = 0; i < outputs.size(); ++i)
      std::cout << "output '" << g.outputs[i] << "': " << summarize_output(outputs[i]) << "\n";
    return 0;
  }
  const std::vector<std::string> paths = output_paths(a.output, outputs.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    write_npy(paths[i], outputs[i]);
    if (global.verbosity > 0)
      std::cout << "wrote " << paths[i] << ": output '" << g.outputs[i] << "', " << dtype_name(outputs[i].dtype) << " "
                << shape_str(outputs[i].shape) << "\n";
  }
  return 0;
}

}  // namespace

void register_run(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto args = std::make_shared<RunArgs>();
  auto* sub = app.add_subcommand("run", "Run a model on .npy inputs with the float reference interpreter");
  sub->add_option("model", args->model, "The .onnx model")->required();
  sub->add_option("-i,--input", args->inputs, "Input .npy files in graph-input order (a.npy,b.npy or repeated)")->required();
  sub->add_option("-o,--output", args->output,
                  "Write the output to this .npy (several outputs: OUT_0.npy, OUT_1.npy, ...); without it a summary is printed");
  sub->add_option("--shape", args->shapes, kShapeHelp);
  sub->footer(
      "Examples:\n"
      "  tinyc run model.onnx --input x.npy\n"
      "  tinyc run model.onnx --input images.npy --output logits.npy   # images.npy: N samples\n"
      "  tinyc run two_inputs.onnx --input a.npy,b.npy --shape batch=1\n"
      "An input array with one more leading dimension than the model's input (or N where the model's\n"
      "batch is 1 or symbolic) is run sample by sample and the outputs are stacked.");
  sub->callback([args, &global, &action] { action = [args, &global] { return run(*args, global); }; });
}

}  // namespace tinyc::cli
