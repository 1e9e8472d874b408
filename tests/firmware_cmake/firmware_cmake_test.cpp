// tinyc in a firmware build: examples/ci/steps.sh installs tinyc from this
// build folder into a temporary prefix, builds examples/firmware-cmake against
// it (find_package(tinyc) + tinyc_add_model) and runs the self-test in QEMU.
// Then, in the same firmware build: a changed model and changed options
// regenerate the sources, an unchanged build does not.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "common/test_util.h"

using namespace tinyc::test;
namespace fs = std::filesystem;

namespace {

bool tools_present() {
  for (const char* tool : {"cmake", "arm-none-eabi-gcc", "qemu-system-arm"})
    if (run_command(std::string("command -v ") + tool).exit_code != 0) {
      report_skip("firmware-cmake", std::string(tool) + " not found (scripts/install-deps.sh installs it)");
      return false;
    }
  return true;
}

bool regenerated(const CommandResult& build) { return build.out.find("tinyc: compiling") != std::string::npos; }

}  // namespace

TEST_CASE("examples/ci steps: install tinyc, build examples/firmware-cmake with tinyc_add_model, self-test in QEMU") {
  if (!tools_present()) return;
  const std::string work = temp_dir("fwcmake");
  const std::string src = source_dir();
  const std::string fw = work + "/firmware-build";
  const std::string env = "CI_WORK_DIR='" + work + "' TINYC_BUILD_DIR='" + std::string(TINYC_BINARY_DIR) +
                          "' TINYC_PREFIX='" + work + "/prefix' FIRMWARE_BUILD_DIR='" + fw + "' JOBS=2 ";
  const CommandResult ci = run_command(env + "'" + src + "/examples/ci/steps.sh'");
  INFO(ci.out << ci.err);
  REQUIRE(ci.exit_code == 0);
  CHECK(ci.out.find("deps: all packages present") != std::string::npos);
  CHECK(ci.out.find("selftest: 0 mismatching bytes") != std::string::npos);
  CHECK(file_exists(work + "/prefix/bin/tinyc"));
  CHECK(file_exists(work + "/prefix/lib/cmake/tinyc/tinycConfig.cmake"));
  CHECK(file_exists(fw + "/tinyc/digits/digits.cpp"));

  // A copy of the model, so that touching it leaves the repository alone.
  const std::string models = work + "/models";
  fs::create_directories(models);
  for (const char* f : {"digits.onnx", "digits_calib.npy", "digits_selftest.npy"})
    fs::copy_file(src + "/examples/models/" + f, models + "/" + f);
  auto configure = [&](const std::string& options) {
    const CommandResult c = run_command("cmake -S '" + src + "/examples/firmware-cmake' -B '" + fw +
                                        "' -DFIRMWARE_MODEL='" + models + "/digits.onnx' -DFIRMWARE_TINYC_OPTIONS='" +
                                        options + "'");
    INFO(c.out << c.err);
    REQUIRE(c.exit_code == 0);
  };
  auto build = [&] {
    const CommandResult b = run_command("cmake --build '" + fw + "' -j2");
    INFO(b.out << b.err);
    REQUIRE(b.exit_code == 0);
    return b;
  };

  configure("");
  CHECK(regenerated(build()));   // another model path: another command
  CHECK_FALSE(regenerated(build()));  // nothing changed

  // A touched model regenerates (once).
  fs::copy_file(src + "/examples/models/digits.onnx", models + "/digits.onnx", fs::copy_options::overwrite_existing);
  CHECK(regenerated(build()));
  CHECK_FALSE(regenerated(build()));

  // Changed options regenerate; the stamp records them; the image still passes.
  configure("--ram-limit=65536");
  CHECK(regenerated(build()));
  std::string stamp;
  REQUIRE(read_file(fw + "/tinyc/digits.options", stamp));
  CHECK(stamp.find("--ram-limit=65536") != std::string::npos);
  const CommandResult run = run_command("'" + src + "/scripts/qemu/run.sh' '" + fw + "/image.elf'");
  CHECK(run.out == "selftest: 0 mismatching bytes\n");
}
