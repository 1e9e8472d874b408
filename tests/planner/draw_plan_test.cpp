// draw_plan: the memory map and legend of a small plan, drawn by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "planner/planner_fixtures.h"

using namespace tinyc;
using tinyc::test::buf;

TEST_CASE("draw_plan: a relu running in place") {
  // in -> conv -> b -> relu -> c (in place of b) -> pool -> d. Offsets (see
  // hand_cases_test): in 32, b 0, c 0, d 32; arena 48. Bands: [0,32) [32,40) [40,48).
  // At step 1 b and c share [0,32): the lower index (b) is drawn.
  std::vector<PlanBuffer> b = {buf("in", 16, 0, 0), buf("conv", 32, 0, 1), buf("relu", 32, 1, 2),
                               buf("pool", 8, 2, 2)};
  b[2].inplace_with = {1};
  const std::string want =
      "arena 48 B (greedy_by_size); lower bound 48 B at step 0; greedy_by_size 48 B\n"
      "  offset | steps 0..2\n"
      "       0 | bbc\n"
      "      32 | a.d\n"
      "      40 | a..\n"
      "      48 +\n"
      "  a  in  [32, 48)  16 B  steps 0..0\n"
      "  b  conv  [0, 32)  32 B  steps 0..1\n"
      "  c  relu  [0, 32)  32 B  steps 1..2  in place of 'conv'\n"
      "  d  pool  [32, 40)  8 B  steps 2..2\n";
  CHECK(draw_plan(b, plan_memory(b)) == want);
}

TEST_CASE("draw_plan: aliases and empty buffers in the legend") {
  std::vector<PlanBuffer> b = {buf("x", 16, 0, 0), buf("flat", 16, 1, 2), buf("none", 0, 0, 2)};
  b[1].alias_of = 0;
  const std::string want =
      "arena 16 B (greedy_by_size); lower bound 16 B at step 0; greedy_by_size 16 B\n"
      "  offset | steps 0..2\n"
      "       0 | aaa\n"
      "      16 +\n"
      "  a  x  [0, 16)  16 B  steps 0..0 (with aliases 0..2)\n"
      "  a  flat  [0, 16)  16 B  steps 1..2  alias of 'x'\n"
      "  -  none  [0, 0)  0 B  steps 0..2  empty\n";
  CHECK(draw_plan(b, plan_memory(b)) == want);
}

TEST_CASE("draw_plan: long and tall plans are scaled to fit") {
  // 200 steps, 40 buffers: at most `width` columns and 24 bands.
  std::vector<PlanBuffer> b;
  for (int i = 0; i < 40; ++i) b.push_back(buf("t" + std::to_string(i), 4 + 4 * (i % 7), i * 5, std::min(199, i * 5 + 7)));
  const MemoryPlan plan = plan_memory(b);
  const std::string pic = draw_plan(b, plan, 50);
  std::istringstream lines(pic);
  std::string line;
  int map_rows = 0;
  std::getline(lines, line);
  std::getline(lines, line);
  CHECK(line == "  offset | steps 0..199, 4 per column");
  while (std::getline(lines, line) && line.find(" | ") != std::string::npos) {
    ++map_rows;
    CHECK(line.size() == 11 + 50);
  }
  CHECK(map_rows >= 2);
  CHECK(map_rows <= 24);
  CHECK(line.find(" +") != std::string::npos);
}
