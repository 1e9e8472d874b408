// tinyc compile --report on the bundled digits model: the page's content,
// that it is written only when the compile succeeds, and that it renders in
// headless Chromium without script errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "common/test_util.h"
#include "tinyc/codegen.h"
#include "tinyc/npy.h"
#include "tinyc/pipeline.h"
#include "tinyc/targets.h"

using namespace tinyc::test;
namespace fs = std::filesystem;

namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

std::string model() { return source_dir() + "/examples/models/digits.onnx"; }
std::string calib() { return source_dir() + "/examples/models/digits_calib.npy"; }

// The same compile through the library, for the expected counts.
tinyc::CodegenResult digits_code() {
  const tinyc::Graph cleaned = tinyc::load_model(model());
  const std::vector<tinyc::Tensor> cal = {tinyc::read_npy(calib())};
  tinyc::CodegenOptions opts;
  opts.name = "digits";
  opts.target = tinyc::find_target("cortex-m4");
  return tinyc::generate_code(tinyc::build_int8(cleaned, &cal).graph, opts);
}

// The report compiled once for all test cases.
const std::string& report_path() {
  static const std::string path = [] {
    const std::string dir = temp_dir("report");
    const std::string html = dir + "/digits report.html";
    const CommandResult c = run_cli("compile '" + model() + "' --target cortex-m4 --calib '" + calib() +
                                    "' --name digits -q -o '" + dir + "/out' --report '" + html + "'");
    INFO(c.out << c.err);
    REQUIRE(c.exit_code == 0);
    return html;
  }();
  return path;
}

std::string chromium_binary() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    const CommandResult r = run_command(std::string("command -v ") + name);
    if (r.exit_code == 0 && !r.out.empty()) return r.out.substr(0, r.out.find('\n'));
  }
  return "";
}

}  // namespace

TEST_CASE("compile --report: summary, one row per op with SQNR, one rect per buffer, no network") {
  std::string html;
  REQUIRE(read_file(report_path(), html));
  const tinyc::CodegenResult code = digits_code();
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);  // no external scripts or images
  CHECK(count(html, "<rect class=\"buf\"") == code.buffers.size());
  CHECK(count(html, "<tr") == 1 + code.ops.size() + count(html, "<tr><th>"));  // header + ops + summary rows
  CHECK(html.find("lower bound " + std::to_string(code.plan.lower_bound) + " B") != std::string::npos);
  CHECK(html.find("<code>digits</code>") != std::string::npos);
  CHECK(html.find("cortex-m4") != std::string::npos);
  CHECK(html.find("the calibration data (32 samples)") != std::string::npos);
  CHECK(html.find("output SQNR") != std::string::npos);
  // Every compute row has a measured SQNR (a number, not "not measured").
  CHECK(count(html, "class=\"num sqnr\" title=\"int8 tensor") >= 1);
  CHECK(count(html, "&mdash;</td></tr>") == 0);
}

TEST_CASE("compile --report writes nothing when the compile fails") {
  const std::string dir = temp_dir("report-fail");
  const CommandResult c = run_cli("compile '" + model() + "' --target cortex-m4 --calib '" + calib() +
                                  "' --ram-limit 16 -q -o '" + dir + "/out' --report '" + dir + "/r.html'");
  CHECK(c.exit_code == 1);
  CHECK_FALSE(file_exists(dir + "/r.html"));
  CHECK_FALSE(file_exists(dir + "/out"));
}

TEST_CASE("compile --report renders in headless Chromium without script errors") {
  const std::string chromium = chromium_binary();
  if (chromium.empty()) {
    report_skip("report in headless Chromium", "chromium not found (scripts/install-deps.sh installs it)");
    return;
  }
  const std::string dir = temp_dir("report-chromium");
  const std::string url = "file://" + fs::absolute(report_path()).string();
  const std::string flags = "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                            "--disable-component-update --disable-sync --enable-logging=stderr --v=0";
  const std::string png = dir + "/report.png";
  // Spaces in the path: chromium wants the URL percent-encoded.
  std::string encoded;
  for (char ch : url) encoded += ch == ' ' ? std::string("%20") : std::string(1, ch);

  const CommandResult shot = run_command("'" + chromium + "' " + flags + " --user-data-dir='" + dir +
                                         "/profile1' --screenshot='" + png + "' --window-size=1200,1600 '" + encoded + "'");
  INFO(shot.out << shot.err);
  CHECK(shot.exit_code == 0);
  CHECK(shot.err.find("Uncaught") == std::string::npos);
  REQUIRE(file_exists(png));
  std::string bytes;
  REQUIRE(read_file(png, bytes));
  REQUIRE(bytes.size() > 24);
  CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  // A blank 1200x1600 page compresses to a few kB; tables, text and the picture do not.
  CHECK(bytes.size() > 30000);

  // The DOM after the scripts ran: the tooltip script reached its end and no
  // error was recorded by the page's error hook.
  const CommandResult dom = run_command("'" + chromium + "' " + flags + " --user-data-dir='" + dir +
                                        "/profile2' --dump-dom '" + encoded + "'");
  INFO(dom.err);
  CHECK(dom.exit_code == 0);
  CHECK(dom.err.find("Uncaught") == std::string::npos);
  CHECK(dom.out.find("data-report-ready=\"" + std::to_string(digits_code().buffers.size()) + "\"") != std::string::npos);
  CHECK(dom.out.find("data-report-error=\"") == std::string::npos);  // the attribute, not the hook's source
}
