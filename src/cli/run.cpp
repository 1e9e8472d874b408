// tinyc run: runs a model on .npy inputs with a reference interpreter.
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/pipeline.h"
#include "tinyc/quantize.h"
#include "tinyc/reference.h"
#include "tinyc/run_inputs.h"

namespace tinyc::cli {

namespace {

struct RunArgs {
  std::string model;
  std::vector<std::string> inputs;  ///< files, each value possibly "a.npy,b.npy"
  std::string output;
  std::vector<std::string> shapes;
  std::string mode = "float";
  std::string calib;
  bool dequantize = false;
};

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

// The float reference on the model as it is.
std::vector<Tensor> run_float_mode(const RunArgs& a, const std::vector<Tensor>& arrays,
                                   const std::vector<std::string>& files, const RunPlan& plan,
                                   std::vector<std::string>& names) {
  const Graph g = import_onnx(a.model, plan.import);
  names = g.outputs;
  return run_on_arrays(g, arrays, files, plan, [&g](const std::vector<Tensor>& in) { return run_float(g, in); });
}

// The int8 reference on the int8 graph (quantized with --calib when the model
// is float): float inputs are quantized with each input's parameters, int8
// inputs taken as they are; outputs raw int8, or dequantized.
std::vector<Tensor> run_int8_mode(const RunArgs& a, const std::vector<Tensor>& arrays,
                                  const std::vector<std::string>& files, const RunPlan& plan,
                                  std::vector<std::string>& names) {
  std::vector<Tensor> calib;
  if (!a.calib.empty()) calib = read_npy_list(a.calib);
  const Int8Lowering low = build_int8(load_model(a.model, plan.import), a.calib.empty() ? nullptr : &calib);
  const Graph& q = low.graph;
  names = q.outputs;
  std::vector<Tensor> int8_arrays;
  for (size_t i = 0; i < arrays.size() && i < q.inputs.size(); ++i) {
    try {
      int8_arrays.push_back(int8_input_data(arrays[i], q.tensor(q.inputs[i])));
    } catch (const Error& e) {
      throw e.with_file(files[i]);
    }
  }
  std::vector<Tensor> outputs =
      run_on_arrays(q, int8_arrays, files, plan, [&q](const std::vector<Tensor>& in) { return run_int8(q, in); });
  if (a.dequantize)
    for (size_t i = 0; i < outputs.size(); ++i) outputs[i] = dequantize_tensor(outputs[i], *q.tensor(q.outputs[i]).quant);
  return outputs;
}

int run(const RunArgs& a, const GlobalOptions& global) {
  if (a.dequantize && a.mode != "int8") fail("--dequantize applies to --mode int8", ErrorKind::Usage);
  if (!a.calib.empty() && a.mode != "int8") fail("--calib applies to --mode int8", ErrorKind::Usage);
  const std::vector<std::string> files = split_files(a.inputs);
  std::vector<Tensor> arrays;
  for (const auto& f : files) arrays.push_back(read_npy(f));
  const RunPlan plan = plan_run(declared_inputs(a.model), arrays, files, shape_options(a.model, a.shapes));
  // Everything is computed before anything is written: a failure leaves no output files.
  std::vector<std::string> names;
  const std::vector<Tensor> outputs = a.mode == "int8" ? run_int8_mode(a, arrays, files, plan, names)
                                                       : run_float_mode(a, arrays, files, plan, names);
  if (a.output.empty()) {
    for (size_t i = 0; i < outputs.size(); ++i)
      std::cout << "output '" << names[i] << "': " << summarize_output(outputs[i]) << "\n";
    return 0;
  }
  const std::vector<std::string> paths = output_paths(a.output, outputs.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    write_npy(paths[i], outputs[i]);
    if (global.verbosity > 0)
      std::cout << "wrote " << paths[i] << ": output '" << names[i] << "', " << dtype_name(outputs[i].dtype) << " "
                << shape_str(outputs[i].shape) << "\n";
  }
  return 0;
}

}  // namespace

void register_run(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto args = std::make_shared<RunArgs>();
  auto* sub = app.add_subcommand("run", "Run a model on .npy inputs with the float or int8 reference interpreter");
  sub->add_option("model", args->model, "The .onnx model")->required();
  sub->add_option("-i,--input", args->inputs, "Input .npy files in graph-input order (a.npy,b.npy or repeated)")->required();
  sub->add_option("-o,--output", args->output,
                  "Write the output to this .npy (several outputs: OUT_0.npy, OUT_1.npy, ...); without it a summary is printed");
  sub->add_option("--shape", args->shapes, kShapeHelp);
  sub->add_option("--mode", args->mode, "float (the float reference) or int8 (the int8 reference, bit-exact with the generated code)")
      ->check(CLI::IsMember({"float", "int8"}));
  sub->add_option("--calib", args->calib, "--mode int8 on a float model: calibration data (.npy, comma-separated per input)");
  sub->add_flag("--dequantize", args->dequantize, "--mode int8: write float outputs (scale * (q - zero_point))");
  sub->footer(
      "Examples:\n"
      "  tinyc run model.onnx --input x.npy\n"
      "  tinyc run model.onnx --input images.npy --output logits.npy   # images.npy: N samples\n"
      "  tinyc run two_inputs.onnx --input a.npy,b.npy --shape batch=1\n"
      "  tinyc run model_qdq.onnx --mode int8 --input x.npy --output y_int8.npy\n"
      "  tinyc run digits.onnx --mode int8 --calib calib.npy --input x.npy --dequantize\n"
      "An input array with one more leading dimension than the model's input (or N where the model's\n"
      "batch is 1 or symbolic) is run sample by sample and the outputs are stacked.");
  sub->callback([args, &global, &action] { action = [args, &global] { return run(*args, global); }; });
}

}  // namespace tinyc::cli
