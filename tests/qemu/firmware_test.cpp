// The Cortex-M4 firmware template (examples/qemu-cortex-m4) on QEMU's
// mps2-an386: a stand-in model folder (tests/qemu/demo_model, shaped like what
// `tinyc compile --target cortex-m4` emits) built with build.sh and run with
// scripts/qemu/run.sh, in both directions (pass and fail), plus a fault, the
// heap guard and the memory map.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "qemu/qemu_helpers.h"

namespace fs = std::filesystem;
using namespace tinyc::test;
using namespace tinyc::test::qemu;

namespace {

const char* kPassLine = "selftest: 0 mismatching bytes\n";

// Exit codes from examples/qemu-cortex-m4/semihosting.h.
const int kExitMismatch = 1;
const int kExitFault = 250;

// The address of `symbol` in `arm-none-eabi-nm` output, or "" when absent.
std::string nm_address(const std::string& nm_out, const std::string& symbol) {
  const std::string tail = " " + symbol + "\n";
  size_t at = nm_out.find(tail);
  if (at == std::string::npos) return "";
  size_t line = nm_out.rfind('\n', at);
  line = (line == std::string::npos) ? 0 : line + 1;
  return nm_out.substr(line, nm_out.find(' ', line) - line);
}

void write_text(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("template: the stand-in model passes its self-test on the Cortex-M4 board") {
  if (!target_tools_available("qemu template pass")) return;
  std::string out = temp_dir("qemu-pass");
  CommandResult b = build_image(standin("demo_model"), "demo", out);
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CHECK(b.err.empty());  // warning-free under -Wall -Wextra -Werror -pedantic
  CHECK(b.out.find("text") != std::string::npos);  // arm-none-eabi-size's table
  CHECK(b.out.find("image.elf") != std::string::npos);

  // The self-test also checks the startup: .data copied, constructors run, FPU on.
  CommandResult r = run_image(out + "/image.elf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == kPassLine);
}

TEST_CASE("template: a self-test with mismatching bytes prints the count and exits 1") {
  if (!target_tools_available("qemu template fail")) return;
  std::string out = temp_dir("qemu-fail");
  CommandResult b = build_image(standin("demo_model"), "demo", out, "-D DEMO_EXTRA_MISMATCHES=3");
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CommandResult r = run_image(out + "/image.elf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == kExitMismatch);
  CHECK(r.out == "selftest: 3 mismatching bytes\n");
}

TEST_CASE("template: a load from an unmapped address ends in the fault handler with CFSR") {
  if (!target_tools_available("qemu template fault")) return;
  std::string out = temp_dir("qemu-fault");
  CommandResult b = build_image(standin("demo_model"), "demo", out, "-D DEMO_FAULT -D DEMO_FAULT_ADDRESS=0xA0000000u");
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CommandResult r = run_image(out + "/image.elf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == kExitFault);
  // A precise data bus error (CFSR bit 9 PRECISERR, bit 15 BFARVALID), escalated
  // to HardFault (HFSR bit 30 FORCED) because BusFault is not enabled.
  CHECK(r.out.find("FAULT: exception 3 (HardFault)") != std::string::npos);
  CHECK(r.out.find("CFSR=0x00008200") != std::string::npos);
  CHECK(r.out.find("HFSR=0x40000000") != std::string::npos);
  CHECK(r.out.find("BFAR=0xa0000000") != std::string::npos);
  CHECK(r.out.find("selftest:") == std::string::npos);
}

TEST_CASE("build.sh: compiles runtime/**.cpp when sources.txt does not list the runtime") {
  if (!target_tools_available("qemu build.sh runtime fallback")) return;
  std::string model = temp_dir("qemu-model");
  fs::copy(standin("demo_model"), model, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  // Neither the runtime kernel nor the self-test listed: build.sh adds both.
  write_text(model + "/sources.txt", "demo.cpp\n\n# comment\nstartup_checks.cpp\n");
  std::string out = temp_dir("qemu-fallback");
  CommandResult b = build_image(model, "demo", out);
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CommandResult r = run_image(out + "/image.elf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == kPassLine);
}

TEST_CASE("build.sh: heap use fails to link (no _sbrk)") {
  if (!target_tools_available("qemu heap guard")) return;
  std::string model = temp_dir("qemu-heap");
  write_text(model + "/sources.txt", "heap_selftest.cpp\n");
  write_text(model + "/heap_selftest.cpp",
             "#include <stdlib.h>\n"
             "extern \"C\" int heap_selftest(void);\n"
             "int heap_selftest(void) { void* p = malloc(16); free(p); return p ? 0 : 1; }\n");
  CommandResult b = build_image(model, "heap", temp_dir("qemu-heap-out"));
  CHECK(b.exit_code != 0);
  CHECK(b.err.find("undefined reference to `_sbrk'") != std::string::npos);
}

TEST_CASE("build.sh: warnings fail the build") {
  if (!target_tools_available("qemu -Werror")) return;
  std::string model = temp_dir("qemu-warn");
  write_text(model + "/sources.txt", "warn_selftest.cpp\n");
  write_text(model + "/warn_selftest.cpp",
             "extern \"C\" int warn_selftest(void);\n"
             "int warn_selftest(void) { int unused = 1; return 0; }\n");
  CommandResult b = build_image(model, "warn", temp_dir("qemu-warn-out"));
  CHECK(b.exit_code != 0);
  CHECK(b.err.find("-Werror=unused-variable") != std::string::npos);
}

TEST_CASE("build.sh: the memory map comes from --defsym, and data + bss + stack must fit") {
  if (!target_tools_available("qemu memory map")) return;
  std::string out = temp_dir("qemu-map");
  // netduinoplus2's map (STM32F405): flash 0x08000000 1 MB, RAM 0x20000000 128 KB.
  CommandResult b = build_image(standin("demo_model"), "demo", out,
                                "--defsym __flash_origin=0x08000000 --defsym __flash_length=1M "
                                "--defsym __ram_length=128K");
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CommandResult nm = run_command("arm-none-eabi-nm " + quote(out + "/image.elf"));
  REQUIRE(nm.exit_code == 0);
  CHECK(nm_address(nm.out, "g_vector_table") == "08000000");
  CHECK(nm_address(nm.out, "Reset_Handler").substr(0, 3) == "080");
  CHECK(nm_address(nm.out, "_estack") == "20020000");  // top of the 128 KB RAM

  CommandResult tiny = build_image(standin("demo_model"), "demo", temp_dir("qemu-map-tiny"),
                                   "--defsym __ram_length=1K");  // less than the 16 KB stack
  CHECK(tiny.exit_code != 0);
  CHECK(tiny.err.find("data + bss + stack do not fit in RAM") != std::string::npos);
}

TEST_CASE("build.sh and run.sh: usage errors") {
  if (!target_tools_available("qemu usage errors")) return;
  CommandResult cpu = build_image(standin("demo_model"), "demo", temp_dir("qemu-usage"), "--cpu cortex-a53");
  CHECK(cpu.exit_code == 2);
  CHECK(cpu.err.find("unknown cpu 'cortex-a53'") != std::string::npos);
  CommandResult name = build_image(standin("demo_model"), "not-a-name", temp_dir("qemu-usage"));
  CHECK(name.exit_code == 2);
  CommandResult missing = run_image(temp_dir("qemu-usage") + "/absent.elf");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no such image") != std::string::npos);
}

TEST_CASE("run.sh: a hanging image is stopped by the timeout and fails") {
  if (!target_tools_available("qemu run.sh timeout")) return;
  std::string out = temp_dir("qemu-hang");
  CommandResult b = build_image(standin("demo_model"), "demo", out, "-D DEMO_HANG");
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CommandResult r = run_command("TINYC_QEMU_TIMEOUT=2 " + quote(source_dir() + "/scripts/qemu/run.sh") + " " +
                                quote(out + "/image.elf"));
  CHECK(r.exit_code == 124);  // timeout's code for "the command timed out"
  CHECK(r.out.find("selftest:") == std::string::npos);
}
