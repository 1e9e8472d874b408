// Building the harness into the cache, and running it over sample ranges.
#include "validate/harness.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "tinyc/error.h"
#include "validate/hash.h"
#include "validate/process.h"

namespace tinyc::validate {

namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
  if (!f.flush()) fail("validate: cannot write " + p.string(), ErrorKind::Internal);
}

std::string machine() {
  struct utsname u;
  return uname(&u) == 0 ? std::string(u.sysname) + "-" + u.machine : "unknown";
}

std::string unique_suffix() {
  std::random_device rd;
  return std::to_string(getpid()) + "-" + std::to_string(rd());
}

// The compiler command line for the harness in `dir`.
std::vector<std::string> build_command(const CodegenResult& code, const std::vector<std::string>& compiler,
                                       const fs::path& dir) {
  std::vector<std::string> cmd = compiler;
  const fs::path model = dir / "model";
  for (const char* f : {"-std=c++11", "-O2", "-fno-exceptions", "-fno-rtti"}) cmd.push_back(f);
  cmd.push_back("-I" + model.string());
  cmd.push_back("-I" + (model / "runtime" / "include").string());
  for (const auto& [path, text] : code.files)
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".cpp") == 0 && path.find("_selftest") == std::string::npos)
      cmd.push_back((model / path).string());
  cmd.push_back((dir / "harness.cpp").string());
  cmd.push_back("-o");
  cmd.push_back((dir / "harness").string());
  return cmd;
}

}  // namespace

Harness prepare_harness(const CodegenResult& code, const Graph& q, const std::string& model_key,
                        const std::string& cache_root, const std::vector<std::string>& compiler) {
  const std::string main_cpp = harness_source(q);
  // The key: everything the executable depends on. The generated files
  // follow from the model and options; model_key and the version are there so
  // that a key names one model even when two generate the same code.
  Hasher h;
  h.add(std::string("tinyc validate harness 1")).add(std::string(TINYC_VERSION)).add(model_key).add(machine());
  for (const auto& [path, text] : code.files) h.add(path).add(text);
  h.add(main_cpp);
  for (const std::string& c : compiler) h.add(c);
  const fs::path root = fs::path(cache_root) / "validate";
  Harness r;
  r.dir = (root / h.hex()).string();
  r.exe = (root / h.hex() / "harness").string();
  if (fs::exists(r.exe)) {
    r.cached = true;
    return r;
  }
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) fail("validate: cannot create the cache folder " + root.string() + ": " + ec.message(), ErrorKind::Usage);
  const fs::path tmp = root / (h.hex() + ".tmp-" + unique_suffix());
  fs::create_directories(tmp);
  try {
    write_output_dir(code, (tmp / "model").string(), false);
    write_text(tmp / "harness.cpp", main_cpp);
    const std::vector<std::string> cmd = build_command(code, compiler, tmp);
    std::string line;
    for (const std::string& a : cmd) line += (line.empty() ? "" : " ") + a;
    write_text(tmp / "build.log", line + "\n");
    const int rc = run_process(cmd, (tmp / "build.log").string());
    if (rc != 0)
      fail("validate: building the host harness failed (" + compiler[0] +
               (rc < 0 ? " could not be started; set CXX" : " exited with " + std::to_string(rc)) +
               "):\n" + file_tail((tmp / "build.log").string()),
           ErrorKind::Internal);
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  fs::rename(tmp, r.dir, ec);
  if (ec) {
    fs::remove_all(tmp, ec);  // another process put the same build in place first
    if (!fs::exists(r.exe)) fail("validate: cannot move the harness into " + r.dir, ErrorKind::Internal);
  }
  return r;
}

std::vector<uint8_t> run_harness(const Harness& h, const SampleSet& s, size_t out_bytes, int jobs,
                                 const std::string& work_dir) {
  const int64_t n = s.count;
  const int64_t parts = std::max<int64_t>(1, std::min<int64_t>(jobs, n));
  std::vector<int64_t> bounds;
  for (int64_t j = 0; j <= parts; ++j) bounds.push_back(n * j / parts);
  std::vector<int> codes(static_cast<size_t>(parts), 0);
  std::vector<std::string> ins, outs, logs;
  for (int64_t j = 0; j < parts; ++j) {
    const std::string base = work_dir + "/part" + std::to_string(j);
    ins.push_back(base + ".in");
    outs.push_back(base + ".out");
    logs.push_back(base + ".log");
    const std::vector<uint8_t> bytes = s.int8_bytes(bounds[j], bounds[j + 1]);
    std::ofstream f(ins.back(), std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f.flush()) fail("validate: cannot write " + ins.back(), ErrorKind::Internal);
  }
  std::vector<std::thread> threads;
  for (int64_t j = 0; j < parts; ++j)
    threads.emplace_back([&, j] {
      codes[j] = run_process({h.exe, ins[j], outs[j], std::to_string(bounds[j + 1] - bounds[j])}, logs[j]);
    });
  for (auto& t : threads) t.join();
  std::vector<uint8_t> out;
  out.reserve(out_bytes * static_cast<size_t>(n));
  for (int64_t j = 0; j < parts; ++j) {
    if (codes[j] != 0)
      fail("validate: the host harness " + h.exe + " failed on samples " + std::to_string(s.first + bounds[j]) + ".." +
               std::to_string(s.first + bounds[j + 1] - 1) + " (exit " + std::to_string(codes[j]) +
               "): " + file_tail(logs[j]),
           ErrorKind::Internal);
    std::ifstream f(outs[j], std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), {});
    if (bytes.size() != out_bytes * static_cast<size_t>(bounds[j + 1] - bounds[j]))
      fail("validate: the host harness wrote " + std::to_string(bytes.size()) + " bytes to " + outs[j] + ", expected " +
               std::to_string(out_bytes * static_cast<size_t>(bounds[j + 1] - bounds[j])),
           ErrorKind::Internal);
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  return out;
}

}  // namespace tinyc::validate
