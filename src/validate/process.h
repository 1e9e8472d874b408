// Running a program (the C++ compiler, the harness) without a shell.
#pragma once

#include <string>
#include <vector>

namespace tinyc::validate {

/// Runs argv[0] (looked up in PATH) with its stdout and stderr appended to
/// `log_path`, waits, and returns its exit status (128 + signal when killed,
/// -1 when it could not start). Safe to call from several threads.
int run_process(const std::vector<std::string>& argv, const std::string& log_path);

/// The end of a text file (up to `max_bytes`), for error messages.
std::string file_tail(const std::string& path, size_t max_bytes = 2000);

/// Splits a command given in an environment variable ("ccache g++") on spaces.
std::vector<std::string> split_command(const std::string& s);

}  // namespace tinyc::validate
