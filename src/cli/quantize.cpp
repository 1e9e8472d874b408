// tinyc quantize: post-training static quantization of a float ONNX model to
// a QDQ ONNX model, with a quality report (float vs the int8 reference).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "quantize/ptq/calibrate.h"
#include "quantize/ptq/quality_report.h"
#include "quantize/ptq/samples.h"
#include "tinyc/error.h"
#include "tinyc/pipeline.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/quantize.h"

namespace tinyc::cli {
namespace {

struct QuantizeArgs {
  std::string model, output;
  std::vector<std::string> calib, eval;
  std::string labels;
  std::string method = "minmax";
  double percentile = 99.99;
  bool per_tensor_weights = false;
  int64_t synthetic = 0;
  bool json = false;
  std::vector<std::string> shapes;
};

std::vector<Tensor> read_arrays(const std::vector<std::string>& paths) {
  std::vector<Tensor> r;
  for (const auto& p : paths) r.push_back(read_npy(p));
  return r;
}

// A one-line progress bar on stderr, redrawn in place; only on a terminal.
std::function<void(size_t, size_t)> progress_bar() {
  if (!isatty(fileno(stderr))) return nullptr;
  return [](size_t done, size_t total) {
    constexpr int kWidth = 30;
    const int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
    std::fprintf(stderr, "\rcalibrating [%s%s] %zu/%zu", std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(kWidth - filled), '.').c_str(), done, total);
    if (done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  };
}

int run_quantize(const QuantizeArgs& a, const GlobalOptions& global) {
  if (a.calib.empty() && a.synthetic <= 0)
    fail("no calibration data: give --calib CAL.npy (one .npy per model input, samples along the first axis), "
         "or --calib-synthetic N for a smoke test with random data",
         ErrorKind::Usage);
  if (!a.calib.empty() && a.synthetic > 0) fail("give either --calib or --calib-synthetic, not both", ErrorKind::Usage);
  if (!a.labels.empty() && a.eval.empty()) fail("--labels needs --eval (the data the labels belong to)", ErrorKind::Usage);

  QuantizeOptions opts;
  opts.method = ptq::parse_method(a.method);
  opts.percentile = a.percentile;
  opts.per_channel_weights = !a.per_tensor_weights;
  if (global.verbosity > 0) opts.progress = progress_bar();

  Graph g = import_onnx(a.model, shape_options(a.model, a.shapes));
  run_float_pipeline(g);

  std::vector<Tensor> calib;
  if (a.synthetic > 0) {
    calib = ptq::synthetic_samples(g, a.synthetic);
    std::cerr << "tinyc: WARNING: calibrating on " << a.synthetic
              << " synthetic samples drawn uniformly from [-1, 1) (fixed seed), not on real data.\n"
              << "tinyc: WARNING: the quantization ranges do not reflect real inputs: use the result for smoke tests "
                 "only, never for deployment.\n";
  } else {
    calib = read_arrays(a.calib);
  }

  const Graph qdq = quantize_graph(g, calib, opts);
  export_onnx(qdq, a.output);

  const bool on_eval = !a.eval.empty();
  const std::vector<Tensor> data = on_eval ? read_arrays(a.eval) : calib;
  std::unique_ptr<Tensor> labels;
  if (!a.labels.empty()) labels = std::make_unique<Tensor>(read_npy(a.labels));
  const ptq::QualityReport rep = ptq::quality_report(g, qdq, data, labels.get());

  const std::string source = on_eval ? "eval" : (a.synthetic > 0 ? "synthetic calibration" : "calibration");
  if (a.json) {
    std::cout << "{\"model\": " << ptq::json_quote(a.model) << ", \"output\": " << ptq::json_quote(a.output)
              << ", \"method\": " << ptq::json_quote(ptq::method_name(opts.method))
              << ", \"per_channel_weights\": " << (opts.per_channel_weights ? "true" : "false")
              << ", \"data\": " << ptq::json_quote(source) << ", \"report\": " << ptq::format_report_json(rep)
              << "}\n";
  } else if (global.verbosity > 0) {
    std::cout << "wrote " << a.output << " (QDQ, " << ptq::method_name(opts.method) << " calibration, "
              << (opts.per_channel_weights ? "per-channel" : "per-tensor") << " weights)\n"
              << "data: " << source << "\n"
              << ptq::format_report_text(rep, global.verbosity > 1 ? rep.tensors.size() : 10);
  }
  return 0;
}

}  // namespace

void register_quantize(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto args = std::make_shared<QuantizeArgs>();
  auto* sub = app.add_subcommand("quantize", "Quantize a float model to int8 (QDQ ONNX) from calibration data");
  sub->add_option("model", args->model, "Float ONNX model")->required()->check(CLI::ExistingFile);
  sub->add_option("-o,--output", args->output, "Where to write the QDQ model (.onnx)")->required();
  sub->add_option("--calib", args->calib, "Calibration data: one .npy per model input, samples along axis 0")
      ->check(CLI::ExistingFile);
  sub->add_option("--calib-synthetic", args->synthetic,
                  "Calibrate on N seeded random samples, uniform in [-1, 1) (smoke tests only)");
  sub->add_option("--method", args->method, "Range observer: minmax, percentile, mse or entropy")
      ->check(CLI::IsMember({"minmax", "percentile", "mse", "entropy"}))
      ->capture_default_str();
  sub->add_option("--percentile", args->percentile, "Percentile kept by --method percentile (both tails)")
      ->capture_default_str();
  sub->add_flag("--per-tensor-weights", args->per_tensor_weights, "One weight scale per tensor, not per channel");
  sub->add_option("--eval", args->eval, "Report quality on this data (.npy per input) instead of the calibration set")
      ->check(CLI::ExistingFile);
  sub->add_option("--labels", args->labels, "Class ids for --eval (.npy): adds top-1 accuracy")
      ->check(CLI::ExistingFile);
  sub->add_flag("--json", args->json, "Print the quality report as JSON on stdout");
  sub->add_option("--shape", args->shapes, kShapeHelp);
  sub->footer(
      "Example:\n"
      "  tinyc quantize digits.onnx --calib calib.npy -o digits_int8.onnx --method entropy \\\n"
      "      --eval test_x.npy --labels test_y.npy");
  sub->callback([args, &global, &action] { action = [args, &global] { return run_quantize(*args, global); }; });
}

}  // namespace tinyc::cli
