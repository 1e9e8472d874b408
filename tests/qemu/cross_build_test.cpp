// The template builds for the other Cortex-M targets (built only: QEMU's
// mps2-an386 runs the Cortex-M4 image), warning-free at -Os and -O2.
#include <doctest/doctest.h>

#include "qemu/qemu_helpers.h"

using namespace tinyc::test;
using namespace tinyc::test::qemu;

namespace {

struct Expect {
  const char* cpu;
  const char* opt;
  const char* arch_tag;  // arm-none-eabi-readelf -A
  const char* fp_tag;    // "" = no FP architecture attribute
};

}  // namespace

TEST_CASE("template: builds for cortex-m0plus, cortex-m4 and cortex-m7 at -Os and -O2") {
  if (!target_tools_available("qemu cross builds")) return;
  const Expect cases[] = {
      {"cortex-m0plus", "-Os", "Tag_CPU_arch: v6S-M", ""},
      {"cortex-m0plus", "-O2", "Tag_CPU_arch: v6S-M", ""},
      {"cortex-m4", "-Os", "Tag_CPU_arch: v7E-M", "Tag_FP_arch: VFPv4-D16"},
      {"cortex-m7", "-Os", "Tag_CPU_arch: v7E-M", "Tag_FP_arch: FPv5/FP-D16"},
      {"cortex-m7", "-O2", "Tag_CPU_arch: v7E-M", "Tag_FP_arch: FPv5/FP-D16"},
  };
  for (const Expect& e : cases) {
    CAPTURE(e.cpu);
    CAPTURE(e.opt);
    std::string out = temp_dir("qemu-cross");
    CommandResult b = build_image(standin("demo_model"), "demo", out, std::string("--cpu ") + e.cpu + " " + e.opt);
    INFO(b.out << b.err);
    REQUIRE(b.exit_code == 0);
    CHECK(b.err.empty());
    CommandResult attrs = run_command("arm-none-eabi-readelf -A " + quote(out + "/image.elf"));
    CHECK(attrs.out.find(e.arch_tag) != std::string::npos);
    if (*e.fp_tag) {
      CHECK(attrs.out.find(e.fp_tag) != std::string::npos);
    } else {
      CHECK(attrs.out.find("Tag_FP_arch") == std::string::npos);
    }
    // Armv6-M has no DBG: the counter's markers must compile to nothing there.
    CommandResult dis = run_command("arm-none-eabi-objdump -d " + quote(out + "/image.elf"));
    const bool has_dbg = dis.out.find("\tdbg\t") != std::string::npos;
    CHECK(has_dbg == (std::string(e.cpu) != "cortex-m0plus"));
  }
}

TEST_CASE("template: the -Os Cortex-M4 image also passes in QEMU") {
  if (!target_tools_available("qemu -Os run")) return;
  std::string out = temp_dir("qemu-os");
  CommandResult b = build_image(standin("demo_model"), "demo", out, "-Os");
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CommandResult r = run_image(out + "/image.elf");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "selftest: 0 mismatching bytes\n");
}
