// The report's memory picture: arena offset (y, 0 at the top) over execution
// step (x); one rectangle per planned buffer, the peak step shaded, the lower
// bound as a dashed line. Hover text is an SVG <title> (and the page's
// tooltip script reads the data-* attributes).
#include <fmt/format.h>

#include <algorithm>

#include "tinyc/report.h"

namespace tinyc {
namespace {

constexpr double kLeft = 80, kTop = 24, kWidth = 1040, kHeight = 440, kBottom = 48, kRight = 150;

std::string bytes_text(int64_t b) { return fmt::format("{} B", b); }

}  // namespace

std::string render_memory_svg(const CodegenResult& code) {
  const MemoryPlan& p = code.plan;
  int steps = 1;
  for (const PlanBuffer& b : code.buffers) steps = std::max(steps, b.last_step + 1);
  const int64_t arena = std::max<int64_t>({p.arena_size, p.lower_bound, 1});
  const double sx = kWidth / steps, sy = kHeight / static_cast<double>(arena);
  auto X = [&](double step) { return kLeft + step * sx; };
  auto Y = [&](double offset) { return kTop + offset * sy; };

  std::string s = fmt::format(
      "<svg id=\"memory\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" "
      "role=\"img\" aria-label=\"arena layout over execution steps\">\n",
      kLeft + kWidth + kRight, kTop + kHeight + kBottom);
  s += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n", X(0), Y(0), kWidth,
                   p.arena_size * sy);
  // The peak step, behind the buffers.
  s += fmt::format(
      "<rect class=\"peak\" x=\"{:.2f}\" y=\"{}\" width=\"{:.2f}\" height=\"{}\"><title>peak: step {}, {} live (the "
      "lower bound)</title></rect>\n",
      X(p.peak_step), Y(0), sx, kHeight, p.peak_step, bytes_text(p.lower_bound));
  s += fmt::format("<text class=\"peak-label\" x=\"{:.2f}\" y=\"{}\" text-anchor=\"middle\">peak (step {})</text>\n",
                   X(p.peak_step + 0.5), kTop - 8, p.peak_step);

  for (size_t i = 0; i < code.buffers.size(); ++i) {
    const PlanBuffer& b = code.buffers[i];
    const int64_t off = i < p.offsets.size() ? p.offsets[i] : 0;
    const std::string name = html_escape(b.name);
    const std::string life = fmt::format("steps {}..{}", b.first_step, b.last_step);
    const std::string where = fmt::format("[{}, {})", off, off + b.size);
    s += fmt::format(
        "<rect class=\"buf\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"hsl({}, 62%, 66%)\" "
        "data-name=\"{}\" data-size=\"{}\" data-offset=\"{}\" data-life=\"{}\">"
        "<title>{}: {} at {}, {}</title></rect>\n",
        X(b.first_step), Y(static_cast<double>(off)), (b.last_step - b.first_step + 1) * sx,
        std::max(b.size * sy, 1.0), (i * 47) % 360, name, bytes_text(b.size), where, life, name, bytes_text(b.size),
        where, life);
  }

  // The peak step's outline, over the buffers.
  s += fmt::format("<rect class=\"peak-edge\" x=\"{:.2f}\" y=\"{}\" width=\"{:.2f}\" height=\"{}\"/>\n", X(p.peak_step),
                   Y(0), sx, kHeight);
  // The lower bound and the arena's end.
  s += fmt::format(
      "<line class=\"bound\" x1=\"{}\" y1=\"{:.2f}\" x2=\"{}\" y2=\"{:.2f}\"/><text class=\"axis\" x=\"{}\" "
      "y=\"{:.2f}\">lower bound {}</text>\n",
      X(0), Y(static_cast<double>(p.lower_bound)), X(steps), Y(static_cast<double>(p.lower_bound)), X(steps) + 6,
      Y(static_cast<double>(p.lower_bound)) + 4, bytes_text(p.lower_bound));
  if (p.arena_size != p.lower_bound)
    s += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{:.2f}\">arena {}</text>\n", X(steps) + 6,
                     Y(static_cast<double>(p.arena_size)) + 14, bytes_text(p.arena_size));
  // Axes: about 10 steps and 5 offsets labelled.
  const int every = std::max(1, (steps + 19) / 20);
  for (int t = 0; t < steps; t += every)
    s += fmt::format("<text class=\"axis\" x=\"{:.2f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", X(t + 0.5),
                     kTop + kHeight + 16, t);
  s += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">execution step</text>\n",
                   X(steps / 2.0), kTop + kHeight + 36);
  for (int k = 0; k <= 4; ++k) {
    const int64_t off = p.arena_size * k / 4;
    s += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{:.2f}\" text-anchor=\"end\">{}</text>\n", kLeft - 6,
                     Y(static_cast<double>(off)) + 4, off);
  }
  s += fmt::format(
      "<text class=\"axis\" transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\">arena offset "
      "(bytes)</text>\n",
      kTop + kHeight / 2);
  s += "</svg>\n";
  return s;
}

}  // namespace tinyc
