// tinyc targets: the targets tinyc compiles for, with their CPU flags.
#include <iostream>

#include "cli/commands.h"
#include "tinyc/targets.h"

namespace tinyc::cli {

void register_targets(CLI::App& app, const GlobalOptions&, Action& action) {
  auto json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("targets", "List the targets (--target of compile) with their CPU flags");
  sub->add_flag("--json", *json, "Print a JSON array instead of the table");
  sub->footer(
      "Examples:\n"
      "  tinyc targets\n"
      "  tinyc targets --json | jq -r '.[] | select(.dsp) | .name'\n"
      "The CPU flags are what arm-none-eabi-gcc needs for the generated code of that target.");
  sub->callback([json, &action] {
    action = [json] {
      std::cout << (*json ? targets_json() : format_targets());
      return 0;
    };
  });
}

}  // namespace tinyc::cli
