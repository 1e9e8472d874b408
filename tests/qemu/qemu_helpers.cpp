#include "qemu/qemu_helpers.h"

#include <sstream>

namespace tinyc::test::qemu {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool target_tools_available(const std::string& what) {
  static const bool present =
      run_command("command -v arm-none-eabi-gcc && command -v arm-none-eabi-objdump && command -v qemu-system-arm")
          .exit_code == 0;
  if (!present) report_skip(what, "arm-none-eabi-gcc or qemu-system-arm not installed (scripts/install-deps.sh)");
  return present;
}

std::string standin(const std::string& folder) { return source_dir() + "/tests/qemu/" + folder; }

CommandResult build_image(const std::string& model_dir, const std::string& name, const std::string& out_dir,
                          const std::string& args) {
  return run_command(quote(source_dir() + "/examples/qemu-cortex-m4/build.sh") + " " + quote(model_dir) + " " +
                     quote(name) + " -o " + quote(out_dir) + " " + args);
}

CommandResult run_image(const std::string& elf) {
  return run_command(quote(source_dir() + "/scripts/qemu/run.sh") + " " + quote(elf));
}

CommandResult count_image(const std::string& elf) {
  return run_command(quote(source_dir() + "/scripts/qemu/count.sh") + " " + quote(elf) + " --plugin-dir " +
                     quote(std::string(TINYC_BINARY_DIR) + "/qemu-plugin"));
}

ICount parse_icount(const std::string& text) {
  ICount r;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream f(line);
    std::string tag, key;
    if (!(f >> tag >> key) || tag != "icount") continue;
    if (key == "total") {
      f >> r.total;
      r.found = true;
    } else if (key == "other") {
      f >> r.other;
    } else if (key == "markers") {
      f >> r.markers;
    } else if (key == "op") {
      int index = -1;
      ICount::Op op;
      f >> index >> op.instructions >> op.entries;
      r.ops[index] = op;
    }
  }
  return r;
}

}  // namespace tinyc::test::qemu
