// tinyc CLI entry point: builds the subcommand table and maps errors to exit codes
// (0 ok, 1 model/input error, 2 usage error, 3 validation mismatch).
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "tinyc/error.h"

int main(int argc, char** argv) {
  using namespace tinyc;
  CLI::App app{"tinyc — ONNX to int8 C++ for microcontrollers", "tinyc"};
  app.set_version_flag("--version", std::string("tinyc ") + TINYC_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // -v/-q also after the subcommand
  cli::GlobalOptions global;
  app.add_flag_function("-v,--verbose", [&](int64_t) { global.verbosity = 2; }, "More output");
  app.add_flag_function("-q,--quiet", [&](int64_t) { global.verbosity = 0; }, "Only errors");

  cli::Action action;
  cli::register_inspect(app, global, action);
  cli::register_run(app, global, action);
  cli::register_quantize(app, global, action);
  cli::register_compile(app, global, action);
  cli::register_validate(app, global, action);
  cli::register_targets(app, global, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 2;
  } catch (const Error& e) {
    std::cerr << "tinyc: error: " << e.what() << "\n";
    switch (e.kind()) {
      case ErrorKind::Usage: return 2;
      case ErrorKind::Mismatch: return 3;
      default: return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "tinyc: internal error: " << e.what() << "\n";
    return 1;
  }
}
