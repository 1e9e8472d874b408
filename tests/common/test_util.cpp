#include "common/test_util.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace tinyc::test {

std::string source_dir() { return TINYC_SOURCE_DIR; }

std::string fixture(const std::string& rel) { return source_dir() + "/tests/fixtures/" + rel; }

std::string shared_models_dir() {
  const char* env = std::getenv("TINYC_SHARED_DIR");
  std::string dir = (env && *env) ? std::string(env) : std::string(TINYC_SHARED_DIR_DEFAULT);
  dir += "/models";
  return fs::is_directory(dir) ? dir : std::string();
}

void report_skip(const std::string& what, const std::string& why) {
  std::cout << "SKIP " << what << ": " << why << std::endl;
}

namespace {
struct TempDirs {
  std::vector<std::string> dirs;
  ~TempDirs() {
    if (std::getenv("TINYC_KEEP_TEMP")) return;
    std::error_code ec;
    for (const auto& d : dirs) fs::remove_all(d, ec);
  }
};
TempDirs& temp_dirs() {
  static TempDirs t;
  return t;
}
}  // namespace

std::string temp_dir(const std::string& tag) {
  std::string tmpl = (fs::temp_directory_path() / ("tinyc-test-" + tag + "-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
  std::string d(buf.data());
  temp_dirs().dirs.push_back(d);
  return d;
}

CommandResult run_command(const std::string& cmdline) {
  std::string dir = temp_dir("cmd");
  std::string out = dir + "/out", err = dir + "/err";
  std::string full = "(" + cmdline + ") >'" + out + "' 2>'" + err + "' </dev/null";
  int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  read_file(out, r.out);
  read_file(err, r.err);
  // Gone now rather than at exit: a suite that aborts (sanitizers) leaves no pile of these.
  if (!std::getenv("TINYC_KEEP_TEMP")) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return r;
}

CommandResult run_cli(const std::string& args) { return run_command(std::string("'") + TINYC_CLI_PATH + "' " + args); }

bool read_file(const std::string& path, std::string& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) { out.clear(); return false; }
  std::ostringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

bool file_exists(const std::string& path) { return fs::exists(path); }

}  // namespace tinyc::test
