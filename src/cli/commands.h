// The CLI's subcommands. Each file in src/cli/ registers one subcommand: it
// parses arguments and calls the library, nothing more.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace tinyc::cli {

/// Options every subcommand sees.
struct GlobalOptions {
  int verbosity = 1;  ///< 0 quiet (-q), 1 normal, 2 verbose (-v)
};

/// A subcommand's action, run after parsing. Returns the exit code; throws tinyc::Error.
using Action = std::function<int()>;

/// The help text of --shape (parsed by tinyc::shape_options).
constexpr const char* kShapeHelp =
    "NAME=1x3x96x96 fixes input NAME's shape; NAME=N sets symbolic dimension NAME (e.g. batch=1). Repeatable.";

/// Each register_* adds a subcommand to `app` and sets `action` when it is chosen.
void register_inspect(CLI::App& app, const GlobalOptions& g, Action& action);
void register_run(CLI::App& app, const GlobalOptions& g, Action& action);
void register_quantize(CLI::App& app, const GlobalOptions& g, Action& action);
void register_compile(CLI::App& app, const GlobalOptions& g, Action& action);
void register_validate(CLI::App& app, const GlobalOptions& g, Action& action);
void register_targets(CLI::App& app, const GlobalOptions& g, Action& action);

}  // namespace tinyc::cli
