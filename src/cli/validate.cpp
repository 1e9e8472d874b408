// tinyc validate: the model's generated code, int8 reference and float
// reference on a data set (docs/validate.md); --shard and --merge for array jobs.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "tinyc/error.h"
#include "tinyc/validate.h"

namespace tinyc::cli {

namespace {

struct ValidateArgs {
  std::string model, labels, shard, out, cache, cxx;
  std::vector<std::string> data, calib, shapes, merge;
  int jobs = 0;
  bool json = false;
};

std::vector<std::string> split_commas(const std::vector<std::string>& values, const char* option) {
  std::vector<std::string> r;
  for (const std::string& v : values) {
    size_t start = 0;
    while (true) {
      const size_t comma = v.find(',', start);
      const std::string f = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (f.empty()) fail(std::string(option) + " has an empty file name in '" + v + "'", ErrorKind::Usage);
      r.push_back(f);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return r;
}

// "[=====>     ] 120/360 samples" on a terminal's stderr, redrawn in place.
void progress_bar(int64_t done, int64_t total) {
  const int width = 30;
  const int fill = total > 0 ? static_cast<int>(width * done / total) : width;
  std::string bar(static_cast<size_t>(fill), '=');
  if (fill < width) bar += '>' + std::string(static_cast<size_t>(width - fill - 1), ' ');
  std::cerr << "\r[" << bar << "] " << done << "/" << total << " samples" << std::flush;
}

int show(const ValidateResult& r, const ValidateArgs& a, const GlobalOptions& g) {
  if (!a.out.empty()) write_result_file(a.out, r);
  if (a.json)
    std::cout << result_json(r);
  else if (g.verbosity > 0)
    std::cout << format_result(r);
  if (!a.out.empty() && g.verbosity > 1) std::cerr << "tinyc: wrote " << a.out << "\n";
  check_result(r);
  return 0;
}

int run_validate(const ValidateArgs& a, const GlobalOptions& g) {
  if (!a.merge.empty()) {
    if (!a.model.empty() || !a.data.empty() || !a.labels.empty() || !a.calib.empty() || !a.shard.empty())
      fail("--merge combines result files: give no model, --data, --labels, --calib or --shard with it", ErrorKind::Usage);
    std::vector<ValidateResult> parts;
    for (const std::string& f : a.merge) parts.push_back(read_result_file(f));
    return show(merge_results(parts, a.merge), a, g);
  }
  if (a.model.empty()) fail("validate needs a MODEL (or --merge FILES)", ErrorKind::Usage);
  if (a.data.empty()) fail("validate needs --data X.npy", ErrorKind::Usage);
  ValidateOptions o;
  o.model = a.model;
  o.data = split_commas(a.data, "--data");
  o.calib = split_commas(a.calib, "--calib");
  o.labels = a.labels;
  o.shapes = a.shapes;
  if (!a.shard.empty()) {
    o.shard = parse_shard(a.shard);
    if (a.out.empty()) fail("--shard writes a partial result: give --out PART.json", ErrorKind::Usage);
  }
  o.cache_dir = a.cache;
  o.jobs = a.jobs;
  o.compiler = a.cxx;
  const bool bar = g.verbosity > 0 && isatty(2);
  if (bar) o.progress = progress_bar;
  ValidateResult r;
  try {
    r = validate_model(o);
  } catch (...) {
    if (bar) std::cerr << "\n";
    throw;
  }
  if (bar) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
  return show(r, a, g);
}

}  // namespace

void register_validate(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto a = std::make_shared<ValidateArgs>();
  auto* sub = app.add_subcommand(
      "validate", "Run a data set through the generated code (built for this host), the int8 and the float reference");
  sub->add_option("model", a->model, "The .onnx model");
  sub->add_option("--data", a->data, "Samples .npy, one per model input (comma-separated); first dimension = samples");
  sub->add_option("--labels", a->labels, "Class indices .npy, one per sample: report top-1 accuracy");
  sub->add_option("--calib", a->calib, "Calibration data for a float model (.npy, comma-separated per input)");
  sub->add_option("--shape", a->shapes, kShapeHelp);
  sub->add_flag("--json", a->json, "Print the report as JSON (the format of --out files)");
  sub->add_option("--shard", a->shard, "Validate only shard I of N (I/N, 0-based; needs --out)");
  sub->add_option("--out", a->out, "Write the result as JSON here (a partial result with --shard)");
  sub->add_option("--merge", a->merge, "Combine result files of shards into one report")->expected(1, -1);
  sub->add_option("--cache", a->cache, "Folder for built harnesses (default $XDG_CACHE_HOME/tinyc or ~/.cache/tinyc)");
  sub->add_option("-j,--jobs", a->jobs, "Processes/threads (default: all cores)")->check(CLI::PositiveNumber);
  sub->add_option("--cxx", a->cxx, "C++ compiler command for the host harness (default $CXX, else c++)");
  sub->footer(
      "Examples:\n"
      "  tinyc validate digits.onnx --calib digits_calib.npy --data test_x.npy --labels test_y.npy\n"
      "  tinyc validate model_qdq.onnx --data x.npy --json > report.json\n"
      "  tinyc validate digits.onnx --calib cal.npy --data x.npy --shard 2/8 --out parts/2.json\n"
      "  tinyc validate --merge parts/*.json\n"
      "Exit codes: 0 bit-exact, 1 model/input error, 2 usage error, 3 the generated code differs from the int8 reference.");
  sub->callback([a, &g, &action] { action = [a, &g] { return run_validate(*a, g); }; });
}

}  // namespace tinyc::cli
