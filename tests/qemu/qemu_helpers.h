// Helpers for the firmware-template tests: building images with
// examples/qemu-cortex-m4/build.sh, running them with scripts/qemu/run.sh,
// counting instructions with scripts/qemu/count.sh.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/test_util.h"

namespace tinyc::test::qemu {

/// True when the cross toolchain and QEMU are installed; otherwise reports
/// the skip for `what` (scripts/install-deps.sh installs them).
bool target_tools_available(const std::string& what);

/// A stand-in model folder under tests/qemu/ (demo_model, loop_model).
std::string standin(const std::string& folder);

/// build.sh MODEL_DIR NAME -o OUT_DIR ARGS; the image is OUT_DIR/image.elf.
CommandResult build_image(const std::string& model_dir, const std::string& name, const std::string& out_dir,
                          const std::string& args = "");
/// scripts/qemu/run.sh ELF
CommandResult run_image(const std::string& elf);
/// scripts/qemu/count.sh ELF, with the plugin built under the test build folder.
CommandResult count_image(const std::string& elf);

/// The plugin's report ("icount ..." lines), parsed.
struct ICount {
  bool found = false;                  ///< an "icount total" line was printed
  int64_t total = -1, other = -1, markers = -1;
  struct Op {
    int64_t instructions = 0, entries = 0;
  };
  std::map<int, Op> ops;
};
ICount parse_icount(const std::string& text);

/// Shell-quotes one argument.
std::string quote(const std::string& s);

}  // namespace tinyc::test::qemu
