// tinyc compile: model -> a folder of int8 C++ for a target.
#include <cctype>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "tinyc/codegen.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"
#include "tinyc/report.h"
#include "tinyc/targets.h"

namespace tinyc::cli {
namespace {

struct CompileArgs {
  std::string model, target, out_dir, calib, name, selftest, arena = "static", io = "caller", report;
  std::vector<std::string> shapes;
  int64_t ram_limit = 0;
  bool force = false;
  bool op_markers = false;
  bool list_sources = false;
  bool json = false;
};

// A C identifier from the model's file name: "kws_qdq.onnx" -> "kws_qdq".
std::string default_name(const std::string& path) {
  std::string s;
  for (char c : std::filesystem::path(path).stem().string())
    s += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "model_" + s;
  return s;
}

int run_compile(const CompileArgs& a, const GlobalOptions& g) {
  const Target& target = find_target(a.target);
  const Graph cleaned = load_model(a.model, shape_options(a.model, a.shapes));
  std::vector<Tensor> calib;
  if (!a.calib.empty()) calib = read_npy_list(a.calib);
  const Graph qdq = build_qdq(cleaned, a.calib.empty() ? nullptr : &calib);
  const Int8Lowering low = lower_to_int8(qdq);
  if (g.verbosity > 0)
    for (const QuantNote& n : low.notes) std::cerr << "tinyc: note: " << n.op << " '" << n.node << "': " << n.message << "\n";
  CodegenOptions opts;
  opts.name = a.name.empty() ? default_name(a.model) : a.name;
  opts.target = target;
  opts.caller_arena = a.arena == "caller";
  opts.io_in_arena = a.io == "arena";
  opts.planner.ram_limit = a.ram_limit;
  opts.op_markers = a.op_markers;
  std::vector<Tensor> selftest_data;
  if (!a.selftest.empty()) {
    const std::vector<Tensor>& data = selftest_data = read_npy_list(a.selftest);
    for (size_t i = 0; i < data.size() && i < low.graph.inputs.size(); ++i)
      opts.selftest_inputs.push_back(int8_input_data(data[i], low.graph.tensor(low.graph.inputs[i])));
  }
  const CodegenResult r = generate_code(low.graph, opts);
  if (a.list_sources) {  // what a build system needs to know before the build (cmake/TinycAddModel.cmake)
    for (const auto& file : r.files) std::cout << file.first << "\n";
    return 0;
  }
  // The report is complete before anything is written; it is written only
  // after the output folder is.
  std::string html;
  if (!a.report.empty())
    html = compile_report({a.model, opts.name, target.name, TINYC_VERSION}, cleaned, qdq, low.graph, r, calib,
                          selftest_data);
  write_output_dir(r, a.out_dir, a.force);
  if (!html.empty()) write_report(a.report, html);
  if (a.json) {
    std::cout << summary_json(low.graph, r);
  } else if (g.verbosity > 0) {
    std::cout << format_summary(low.graph, r);
    std::cout << "wrote " << a.out_dir << "/ (" << r.files.size() << " files) for " << target.name << "\n";
  }
  return 0;
}

}  // namespace

void register_compile(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto args = std::make_shared<CompileArgs>();
  auto* sub = app.add_subcommand("compile", "Compile a model into int8 C++ sources and a runtime for a target");
  sub->footer(
      "Example:\n  tinyc compile digits.onnx --target cortex-m4 --calib calib.npy --selftest x.npy -o out/\n"
      "  (a pre-quantized QDQ/QOperator model needs no --calib)");
  sub->add_option("model", args->model, "ONNX model (float, QDQ or QOperator)")->required();
  sub->add_option("--target", args->target, "host, cortex-m0plus, cortex-m4 or cortex-m7")->required();
  sub->add_option("-o,--output", args->out_dir, "Folder to write")->required();
  sub->add_option("--calib", args->calib, "Calibration data for a float model (.npy, comma-separated per input)");
  sub->add_option("--name", args->name, "C name prefix (default: from the model's file name)");
  sub->add_option("--selftest", args->selftest, "Inputs to embed with the int8 reference's outputs (.npy)");
  sub->add_option("--ram-limit", args->ram_limit, "Fail when the arena needs more bytes than this");
  sub->add_option("--arena", args->arena, "static (a buffer in .bss) or caller (NAME_invoke takes it)")
      ->check(CLI::IsMember({"static", "caller"}));
  sub->add_option("--io", args->io, "caller (input/output buffers are the caller's) or arena (they live in the arena)")
      ->check(CLI::IsMember({"caller", "arena"}));
  sub->add_option("--shape", args->shapes, kShapeHelp);
  sub->add_flag("--force", args->force, "Replace an output folder that holds other files");
  sub->add_flag("--json", args->json, "Print the summary as JSON on stdout");
  sub->add_option("--report", args->report, "Also write an HTML report (summary, per-layer table, memory picture)");
  sub->add_flag("--list-sources", args->list_sources,
                "Print the files the folder would hold (one per line) and write nothing (for build systems)");
  sub->add_flag("--op-markers", args->op_markers, "Benchmark builds: an instruction-counter marker before each op (tinyc_markers.h)");
  sub->callback([&action, args, &g] { action = [args, &g] { return run_compile(*args, g); }; });
}

}  // namespace tinyc::cli
