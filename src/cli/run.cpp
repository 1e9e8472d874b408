#include "cli/commands.h"

namespace tinyc::cli {
void register_run(CLI::App& app, const GlobalOptions&, Action& action) {
  auto* sub = app.add_subcommand("run", "Run a model on .npy inputs with the reference interpreter");
  sub->callback([&action] { action = [] { return 0; }; });
}
}  // namespace tinyc::cli
