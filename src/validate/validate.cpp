// validate_model: one run (or one shard) from the model and data to a result.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <thread>

#include "tinyc/codegen.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"
#include "tinyc/reference.h"
#include "tinyc/run_inputs.h"
#include "tinyc/validate.h"
#include "validate/compare.h"
#include "validate/harness.h"
#include "validate/hash.h"
#include "validate/process.h"
#include "validate/samples.h"

namespace tinyc {

namespace fs = std::filesystem;
using namespace validate;

namespace {

// A temporary folder removed when it goes out of scope.
struct WorkDir {
  std::string path;
  WorkDir() {
    std::string t = (fs::temp_directory_path() / "tinyc-validate-XXXXXX").string();
    if (!mkdtemp(t.data())) fail("validate: cannot create a temporary folder in " + fs::temp_directory_path().string(), ErrorKind::Internal);
    path = t;
  }
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::vector<int64_t> read_labels(const std::string& file, int64_t samples) {
  const Tensor t = read_npy(file);
  if (t.size() != samples)
    throw Error(file, "", "", "holds " + std::to_string(t.size()) + " labels (shape " + shape_str(t.shape) + "), the data " +
                                  std::to_string(samples) + " samples");
  return t.to_int64();
}

std::vector<std::string> compiler_command(const std::string& given) {
  const char* env = std::getenv("CXX");
  std::vector<std::string> c = split_command(!given.empty() ? given : (env && *env ? env : "c++"));
  if (c.empty()) fail("validate: empty compiler command", ErrorKind::Usage);
  return c;
}

// The references over samples [from, to) of `s`, into `r` (one thread's share).
void run_references(const Graph& fg, const Graph& qg, const SampleSet& s, const std::vector<uint8_t>& generated,
                    size_t out_bytes, const std::vector<int64_t>& labels, int64_t from, int64_t to,
                    std::atomic<int64_t>& done, ValidateResult& r) {
  for (int64_t i = from; i < to; ++i) {
    const std::vector<Tensor> q = run_int8(qg, s.int8_sample(i));
    const std::vector<Tensor> f = run_float(fg, s.float_sample(i));
    const int64_t global = s.first + i;
    compare_sample(global, f, q, generated.data() + out_bytes * static_cast<size_t>(i), qg,
                   labels.empty() ? -1 : labels[static_cast<size_t>(global)], r);
    ++done;
  }
}

}  // namespace

std::string default_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/tinyc";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.cache/tinyc";
  return (fs::temp_directory_path() / "tinyc-cache").string();
}

ValidateResult validate_model(const ValidateOptions& o) {
  if (o.data.empty()) fail("validate: --data is required (one .npy per model input)", ErrorKind::Usage);
  if (o.jobs < 0) fail("validate: -j must be at least 1", ErrorKind::Usage);
  if (o.shard.count < 1 || o.shard.index < 0 || o.shard.index >= o.shard.count)
    fail("validate: bad shard " + std::to_string(o.shard.index) + "/" + std::to_string(o.shard.count), ErrorKind::Usage);
  const ImportOptions base = shape_options(o.model, o.shapes);
  std::vector<Tensor> arrays;
  for (const std::string& f : o.data) arrays.push_back(read_npy(f));
  const RunPlan plan = plan_run(declared_inputs(o.model), arrays, o.data, base);
  const int64_t total = plan.samples;
  const std::vector<int64_t> labels = o.labels.empty() ? std::vector<int64_t>{} : read_labels(o.labels, total);

  const Graph fg = load_model(o.model, plan.import);
  std::vector<Tensor> calib;
  for (const std::string& f : o.calib) calib.push_back(read_npy(f));
  const Int8Lowering low = build_int8(fg, o.calib.empty() ? nullptr : &calib);
  const Graph& qg = low.graph;

  ValidateResult r;
  r.model = fs::path(o.model).filename().string();
  Hasher mk;
  mk.add(std::string(TINYC_VERSION)).add_file(o.model);
  for (const std::string& f : o.calib) mk.add_file(f);
  for (const std::string& s : o.shapes) mk.add(s);
  r.model_key = mk.hex();
  Hasher dk;
  for (const Tensor& a : arrays) dk.add(dtype_name(a.dtype)).add(shape_str(a.shape)).add(a.data.data(), a.data.size());
  dk.add(&total, sizeof total);
  if (!labels.empty()) dk.add(labels.data(), labels.size() * sizeof(int64_t));
  r.data_key = dk.hex();
  r.samples_total = total;
  r.has_labels = !labels.empty();
  r.outputs = empty_stats(qg);
  const auto [first, last] = shard_range(o.shard, total);
  r.ranges = {{first, last}};
  const SampleSet s = make_samples(fg, qg, arrays, o.data, total, first, last);
  arrays.clear();

  CodegenOptions copts;
  copts.name = "model";
  copts.target = find_target("host");
  const CodegenResult code = generate_code(qg, copts);
  const std::string cache = o.cache_dir.empty() ? default_cache_dir() : o.cache_dir;
  const Harness h = prepare_harness(code, qg, r.model_key, cache, compiler_command(o.compiler));
  r.build_cached = h.cached;
  r.build_dir = h.dir;

  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int jobs = o.jobs > 0 ? o.jobs : hw;
  r.jobs = jobs;
  size_t out_bytes = 0;
  for (const std::string& n : qg.outputs) out_bytes += qg.tensor(n).byte_size();

  const auto t0 = std::chrono::steady_clock::now();
  std::vector<uint8_t> generated;
  if (s.count > 0) {
    WorkDir work;
    generated = run_harness(h, s, out_bytes, jobs, work.path);
  }
  if (o.test_corrupt_sample >= first && o.test_corrupt_sample < last)
    generated[out_bytes * static_cast<size_t>(o.test_corrupt_sample - first)] ^= 1;

  // The references on all cores: contiguous sample ranges, one result each.
  const int64_t threads = std::max<int64_t>(1, std::min<int64_t>(jobs, s.count));
  std::vector<ValidateResult> parts(static_cast<size_t>(threads));
  std::vector<std::exception_ptr> errors(parts.size());
  std::atomic<int64_t> done{0}, finished{0};
  std::vector<std::thread> pool;
  for (int64_t t = 0; t < threads; ++t) {
    parts[t].outputs = empty_stats(qg);
    pool.emplace_back([&, t] {
      try {
        run_references(fg, qg, s, generated, out_bytes, labels, s.count * t / threads, s.count * (t + 1) / threads, done,
                       parts[t]);
      } catch (...) {
        errors[t] = std::current_exception();
      }
      ++finished;
    });
  }
  if (o.progress) {
    while (finished < threads) {
      o.progress(done, s.count);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    o.progress(done, s.count);
  }
  for (auto& t : pool) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  const auto ranges = r.ranges;
  for (const ValidateResult& p : parts) add_results(r, p);
  r.ranges = ranges;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void check_result(const ValidateResult& r) {
  if (r.mismatched_samples > 0)
    fail(r.model + ": the generated code differs from the int8 reference on " + std::to_string(r.mismatched_samples) +
             " of " + std::to_string(r.samples) + " samples",
         ErrorKind::Mismatch);
}

}  // namespace tinyc
