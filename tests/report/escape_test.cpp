// The report's escaping and memory picture on hand-made data: names from the
// model are untrusted text.
#include <doctest/doctest.h>

#include <string>

#include "tinyc/report.h"

namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

const char* kEvil = "<script>alert('x')</script>&\"q\"";

tinyc::CodegenResult evil_plan() {
  tinyc::CodegenResult r;
  tinyc::PlanBuffer a, b, c;
  a.name = kEvil;
  a.size = 64;
  a.first_step = 0;
  a.last_step = 1;
  b.name = "b\" onmouseover=\"alert(1)";
  b.size = 32;
  b.first_step = 1;
  b.last_step = 2;
  c.name = "empty";
  c.size = 0;
  c.first_step = 2;
  c.last_step = 2;
  r.buffers = {a, b, c};
  r.plan.offsets = {0, 64, 0};
  r.plan.arena_size = 96;
  r.plan.lower_bound = 96;
  r.plan.peak_step = 1;
  r.plan.strategy = "greedy_by_size";
  tinyc::OpSummary op;
  op.node = kEvil;
  op.op = "Conv";
  op.kernel = "conv2d_s8";
  r.ops = {op};
  return r;
}

}  // namespace

TEST_CASE("html_escape escapes the five HTML metacharacters") {
  CHECK(tinyc::html_escape(kEvil) == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;q&quot;");
  CHECK(tinyc::html_escape("conv_1/out:0") == "conv_1/out:0");
}

TEST_CASE("memory picture: one rect per buffer, names escaped, peak marked") {
  const tinyc::CodegenResult r = evil_plan();
  const std::string svg = tinyc::render_memory_svg(r);
  CHECK(count(svg, "<rect class=\"buf\"") == r.buffers.size());
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("onmouseover=\"alert") == std::string::npos);
  CHECK(svg.find("&lt;script&gt;alert(&#39;x&#39;)") != std::string::npos);
  CHECK(svg.find("class=\"peak\"") != std::string::npos);
  CHECK(svg.find("peak (step 1)") != std::string::npos);
  CHECK(svg.find("steps 1..2") != std::string::npos);  // lifetime in the hover text
}

TEST_CASE("the page escapes node and tensor names in every section") {
  tinyc::Graph g;
  tinyc::Tensor in(kEvil, tinyc::DType::I8, {1, 4});
  g.tensors.emplace(in.name, in);
  g.inputs = {in.name};
  g.outputs = {in.name};
  const tinyc::CodegenResult r = evil_plan();
  const std::string html = tinyc::render_report_html({kEvil, "net", "cortex-m4", "0"}, g, r, nullptr);
  // The only scripts are the page's own two.
  CHECK(count(html, "<script") == 2);
  CHECK(html.find("alert('x')") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("not measured") != std::string::npos);  // no quality data
}
