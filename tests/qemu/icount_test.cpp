// The instruction counter (benchmarks/qemu_plugin, scripts/qemu/count.sh) on
// an assembly region whose count is known by construction
// (tests/qemu/loop_model/loop_selftest.cpp documents the expected numbers).
#include <doctest/doctest.h>

#include <string>

#include "qemu/qemu_helpers.h"

using namespace tinyc::test;
using namespace tinyc::test::qemu;

namespace {

std::string build_loop(int loop_n) {
  std::string out = temp_dir("qemu-loop");
  CommandResult b = build_image(standin("loop_model"), "loop", out,
                                "-D TINYC_MARK_SELFTEST=0 -D LOOP_N=" + std::to_string(loop_n));
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  return out + "/image.elf";
}

}  // namespace

TEST_CASE("icount: exact counts per op on a loop of known length, identical run to run") {
  if (!target_tools_available("qemu icount loop")) return;
  for (int n : {1000, 40000}) {
    CAPTURE(n);
    std::string elf = build_loop(n);
    CommandResult first = count_image(elf);
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    ICount c = parse_icount(first.out);
    REQUIRE(c.found);
    CHECK(c.total == 2 * n + 139);
    CHECK(c.other == 11);
    CHECK(c.markers == 3);
    REQUIRE(c.ops.size() == 2);
    CHECK(c.ops[0].instructions == 2 * n + 23);
    CHECK(c.ops[0].entries == 2);
    CHECK(c.ops[0xDEAD].instructions == 102);
    CHECK(c.ops[0xDEAD].entries == 1);
    CHECK(c.total == c.ops[0].instructions + c.ops[0xDEAD].instructions + c.other + c.markers);

    CommandResult second = count_image(elf);
    CHECK(second.exit_code == 0);
    CHECK(second.out == first.out);
  }
}

TEST_CASE("icount: the loop region really has an op marker split across a 4 KB boundary") {
  // Guards the test above: the straddling marker is what exercises the plugin
  // naming an op from a movw that QEMU translates in a different block.
  if (!target_tools_available("qemu icount straddle")) return;
  std::string elf = build_loop(1000);
  CommandResult dis = run_command("arm-none-eabi-objdump -d " + quote(elf));
  REQUIRE(dis.exit_code == 0);
  size_t dbg3 = 0;
  bool straddles = false;
  for (size_t at = dis.out.find("f3af 80f3"); at != std::string::npos; at = dis.out.find("f3af 80f3", at + 1)) {
    ++dbg3;
    size_t line = dis.out.rfind('\n', at) + 1;
    unsigned long address = std::stoul(dis.out.substr(line, at - line), nullptr, 16);
    if (address % 4096 == 4092) straddles = true;
  }
  CHECK(dbg3 == 3);
  CHECK(straddles);
  // And END 6 bytes before a boundary with a 16-bit instruction after it,
  // which QEMU's plugin API reports as one 6-byte instruction.
  const size_t end = dis.out.find("f3af 80f2");
  REQUIRE(end != std::string::npos);
  const size_t line = dis.out.rfind('\n', end) + 1;
  CHECK(std::stoul(dis.out.substr(line, end - line), nullptr, 16) % 4096 == 4090);
}

TEST_CASE("icount: main.cpp's markers count the whole self-test; no markers is an error") {
  if (!target_tools_available("qemu icount selftest")) return;
  std::string out = temp_dir("qemu-count-demo");
  CommandResult b = build_image(standin("demo_model"), "demo", out);
  REQUIRE(b.exit_code == 0);
  CommandResult r = count_image(out + "/image.elf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("selftest: 0 mismatching bytes\n") == 0);
  ICount c = parse_icount(r.out);
  REQUIRE(c.found);
  // The stand-in does 8 dot products of 32 int8 pairs: at least one instruction per pair.
  CHECK(c.total > 8 * 32);
  CHECK(c.other == c.total);  // no op markers in the stand-in
  CHECK(c.markers == 0);
  CHECK(c.ops.empty());

  std::string bare = temp_dir("qemu-count-bare");
  REQUIRE(build_image(standin("demo_model"), "demo", bare, "-D TINYC_MARK_SELFTEST=0").exit_code == 0);
  CommandResult none = count_image(bare + "/image.elf");
  CHECK(none.exit_code == 3);
  CHECK(none.out.find("icount none") != std::string::npos);
  CHECK(none.err.find("no complete marker region") != std::string::npos);
}
