// Helpers shared by the tests: paths to fixtures and shared models, temp
// folders, running the CLI.
#pragma once

#include <string>
#include <vector>

namespace tinyc::test {

/// The project's source folder (for tests/fixtures/...).
std::string source_dir();
/// A path under tests/fixtures/.
std::string fixture(const std::string& rel);
/// The shared third-party models folder ($TINYC_SHARED_DIR/models, default ../shared/models),
/// or "" when it does not exist. Tests that need it print why they skip.
std::string shared_models_dir();
/// Prints "SKIP <what>: <why>" in a form the summary scripts count.
void report_skip(const std::string& what, const std::string& why);

/// A fresh, empty temporary directory (removed at process exit).
std::string temp_dir(const std::string& tag);

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};
/// Runs a shell command line, capturing stdout and stderr.
CommandResult run_command(const std::string& cmdline);
/// Runs the tinyc CLI with the given argument string.
CommandResult run_cli(const std::string& args);

/// Reads a whole file ("" and false if it cannot).
bool read_file(const std::string& path, std::string& out);
bool file_exists(const std::string& path);

}  // namespace tinyc::test
