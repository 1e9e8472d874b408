// End to end on the emulated Cortex-M4: `tinyc compile` the digits CNN
// (tests/fixtures/digits) with a self-test, build it with the firmware
// template and run it in QEMU; the generated code must reproduce tinyc's int8
// reference bit for bit. A benchmark build (op markers) must give a per-op
// instruction breakdown that adds up.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "qemu/qemu_helpers.h"
#include "tinyc/codegen.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"
#include "tinyc/targets.h"

using namespace tinyc::test;
using namespace tinyc::test::qemu;

namespace {

// The first `n` samples of the digits test images: a short QEMU run.
std::string first_test_images(int64_t n) {
  tinyc::Tensor all = tinyc::read_npy(fixture("digits/test_x.npy"));
  REQUIRE(all.shape.size() == 4);
  REQUIRE(all.shape[0] >= n);
  tinyc::Tensor some("x", all.dtype, {n, all.shape[1], all.shape[2], all.shape[3]});
  some.allocate();
  std::memcpy(some.data.data(), all.data.data(), some.data.size());
  std::string path = temp_dir("qemu-digits-x") + "/x.npy";
  tinyc::write_npy(path, some);
  return path;
}

}  // namespace

TEST_CASE("digits: tinyc compile --target cortex-m4, built with the template, passes in QEMU") {
  if (!target_tools_available("qemu digits end to end")) return;
  const std::string x = first_test_images(4);
  const std::string gen = temp_dir("qemu-digits") + "/out";
  CommandResult c = run_cli("compile " + quote(fixture("digits/digits.onnx")) + " --target cortex-m4 --calib " +
                            quote(fixture("digits/calib.npy")) + " --selftest " + quote(x) + " --name digits -o " +
                            quote(gen));
  INFO(c.out << c.err);
  REQUIRE(c.exit_code == 0);

  for (const char* opt : {"-O2", "-Os"}) {
    CAPTURE(opt);
    const std::string fw = temp_dir("qemu-digits-fw");
    CommandResult b = build_image(gen, "digits", fw, opt);
    INFO(b.out << b.err);
    REQUIRE(b.exit_code == 0);
    CHECK(b.err.empty());  // generated code is warning-free under -Wall -Wextra -Werror -pedantic
    CommandResult r = run_image(fw + "/image.elf");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "selftest: 0 mismatching bytes\n");
  }
}

TEST_CASE("digits: a benchmark build's per-op instruction counts add up") {
  if (!target_tools_available("qemu digits per-op counts")) return;
  const int64_t samples = 2;
  const tinyc::Graph cleaned = tinyc::load_model(fixture("digits/digits.onnx"));
  const std::vector<tinyc::Tensor> calib = {tinyc::read_npy(fixture("digits/calib.npy"))};
  const tinyc::Int8Lowering low = tinyc::build_int8(cleaned, &calib);
  tinyc::CodegenOptions opts;
  opts.name = "digits";
  opts.target = tinyc::find_target("cortex-m4");
  opts.op_markers = true;
  opts.selftest_inputs.push_back(tinyc::int8_input_data(tinyc::read_npy(first_test_images(samples)),
                                                        low.graph.tensor(low.graph.inputs.at(0))));
  const tinyc::CodegenResult gen = tinyc::generate_code(low.graph, opts);
  const std::string dir = temp_dir("qemu-digits-bench") + "/out";
  tinyc::write_output_dir(gen, dir, false);

  const std::string fw = temp_dir("qemu-digits-bench-fw");
  CommandResult b = build_image(dir, "digits", fw);
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  CommandResult r = count_image(fw + "/image.elf");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("selftest: 0 mismatching bytes\n") == 0);

  const ICount c = parse_icount(r.out);
  REQUIRE(c.found);
  // An op index for every op that calls a kernel (a Reshape is only a view),
  // plus the marker after the last op (the return path), each entered once per
  // self-test sample.
  std::vector<int> marked;
  for (size_t i = 0; i < gen.ops.size(); ++i)
    if (!gen.ops[i].kernel.empty()) marked.push_back(static_cast<int>(i));
  marked.push_back(static_cast<int>(gen.ops.size()));
  REQUIRE(marked.size() > 1);
  CHECK(c.ops.size() == marked.size());
  int64_t sum = 0;
  for (int i : marked) {
    CAPTURE(i);
    REQUIRE(c.ops.count(i) == 1);
    CHECK(c.ops.at(i).entries == samples);
    sum += c.ops.at(i).instructions;
  }
  CHECK(c.markers == samples * static_cast<int64_t>(marked.size()));
  CHECK(c.total == sum + c.other + c.markers);
  // Every op with arithmetic costs at least one instruction per MAC... over
  // all ops together (a kernel may skip padding taps, so not op by op).
  int64_t macs = 0;
  for (const tinyc::OpSummary& op : gen.ops) macs += op.macs;
  CHECK(sum >= samples * macs);
}
