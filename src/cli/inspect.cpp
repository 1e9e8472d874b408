#include "cli/commands.h"

namespace tinyc::cli {
void register_inspect(CLI::App& app, const GlobalOptions&, Action& action) {
  auto* sub = app.add_subcommand("inspect", "Show a model's inputs, outputs, nodes and totals");
  sub->callback([&action] { action = [] { return 0; }; });
}
}  // namespace tinyc::cli
