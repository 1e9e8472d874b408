// tinyc inspect: a model's inputs, outputs, per-node table and totals.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "tinyc/analysis.h"
#include "tinyc/error.h"
#include "tinyc/pipeline.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"

namespace tinyc::cli {

namespace {

struct InspectArgs {
  std::string model;
  std::vector<std::string> shapes;
  bool json = false;
  bool dump_ir = false;
};

int inspect(const InspectArgs& a) {
  ImportReport report;
  Graph g = import_onnx_keeping_unsupported(a.model, shape_options(a.model, a.shapes), &report);
  if (a.dump_ir) {
    if (!report.unsupported.empty()) throw Error(a.model, "", "", "unsupported ops: " + report.unsupported.front() + " (see tinyc inspect)");
    run_float_pipeline(g);
    std::cout << dump_ir(g);
    return 0;
  }
  std::cout << (a.json ? inspect_json(g, report) : inspect_text(g, report));
  if (report.unsupported.empty()) return 0;
  // The table is printed; the exit code and one line on stderr say it cannot be compiled.
  std::string list;
  for (const auto& u : report.unsupported) list += (list.empty() ? "" : ", ") + u;
  std::cerr << "tinyc: error: " << Error(a.model, "", "", "unsupported ops: " + list).what() << "\n";
  return 1;
}

}  // namespace

void register_inspect(CLI::App& app, const GlobalOptions&, Action& action) {
  auto args = std::make_shared<InspectArgs>();
  auto* sub = app.add_subcommand("inspect", "Show a model's inputs, outputs, nodes (shapes, MACs, weights) and totals");
  sub->add_option("model", args->model, "The .onnx model")->required();
  sub->add_option("--shape", args->shapes, kShapeHelp);
  sub->add_flag("--json", args->json, "Print the report as JSON");
  sub->add_flag("--dump-ir", args->dump_ir, "Print tinyc's IR after the cleanup passes instead");
  sub->footer(
      "Examples:\n"
      "  tinyc inspect model.onnx\n"
      "  tinyc inspect model.onnx --shape batch=1 --json\n"
      "  tinyc inspect model.onnx --shape input=1x3x96x96 --dump-ir\n"
      "Exit code 1 when the model cannot be read or uses ops tinyc does not support (listed at the end).");
  sub->callback([args, &action] { action = [args] { return inspect(*args); }; });
}

}  // namespace tinyc::cli
