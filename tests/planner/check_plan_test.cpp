// check_plan accepts exactly the legal layouts: crafted bad plans, one per
// rule, must be rejected with a message naming the buffers and ranges.
#include <doctest/doctest.h>

#include "planner/planner_fixtures.h"
#include "tinyc/error.h"

using namespace tinyc;
using tinyc::test::buf;

namespace {

// in -> conv -> b -> relu -> c (in place of b) -> pool -> d; a valid plan by hand:
// b 0, c 0 (in place), in 32, d 32; arena 48.
std::vector<PlanBuffer> relu_chain() {
  std::vector<PlanBuffer> b = {buf("in", 16, 0, 0), buf("b", 32, 0, 1), buf("c", 32, 1, 2), buf("d", 8, 2, 2)};
  b[2].inplace_with = {1};
  return b;
}

MemoryPlan plan_of(std::vector<int64_t> offsets, int64_t arena) {
  MemoryPlan p;
  p.offsets = std::move(offsets);
  p.arena_size = arena;
  return p;
}

std::string rejection(const std::vector<PlanBuffer>& b, const MemoryPlan& p) {
  try {
    check_plan(b, p);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Internal);
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("check_plan accepts a valid plan, in place included") {
  CHECK(rejection(relu_chain(), plan_of({32, 0, 0, 32}, 48)) == "accepted");
  // A larger arena than needed is still valid.
  CHECK(rejection(relu_chain(), plan_of({32, 0, 0, 32}, 64)) == "accepted");
}

TEST_CASE("check_plan rejects overlapping live buffers") {
  CHECK(rejection(relu_chain(), plan_of({16, 0, 0, 32}, 48)) ==
        "memory plan: buffers 'in' [16, 32) and 'b' [0, 32) overlap while both live at steps 0..0");
  // Buffers that are never live together may overlap.
  CHECK(rejection(relu_chain(), plan_of({32, 0, 0, 40}, 48)) == "accepted");
  CHECK(rejection(relu_chain(), plan_of({0, 16, 16, 0}, 48)) == "accepted");
}

TEST_CASE("check_plan rejects buffers outside the arena or misaligned") {
  CHECK(rejection(relu_chain(), plan_of({32, 0, 0, 32}, 40)) ==
        "memory plan: buffer 'in' at [32, 48) lies outside the arena [0, 40)");
  CHECK(rejection(relu_chain(), plan_of({-4, 0, 0, 32}, 48)) ==
        "memory plan: buffer 'in' at [-4, 12) lies outside the arena [0, 48)");
  CHECK(rejection(relu_chain(), plan_of({34, 0, 0, 32}, 50)) ==
        "memory plan: buffer 'in' at offset 34 is not aligned to 4");
  CHECK(rejection(relu_chain(), plan_of({32, 0, 0}, 48)) == "memory plan: 3 offsets for 4 buffers");
}

TEST_CASE("check_plan allows in place only at exactly the partner's offset") {
  CHECK(rejection(relu_chain(), plan_of({32, 0, 8, 40}, 48)) ==
        "memory plan: buffers 'b' [0, 32) and 'c' [8, 40) overlap while both live at steps 1..1"
        " (in-place partners must share exactly the same offset)");
}

TEST_CASE("check_plan rejects in place when the lifetimes do not touch as required") {
  // c written at step 0 while b is still read at step 1.
  std::vector<PlanBuffer> early = relu_chain();
  early[2].first_step = 0;
  const std::string msg = rejection(early, plan_of({32, 0, 0, 32}, 48));
  CHECK(msg ==
        "memory plan: buffers 'b' [0, 32) and 'c' [0, 32) overlap while both live at steps 0..1"
        " (declared in place, but one's last step is not the other's first step)");
  // Declared the wrong way round: b lists c, but c is not dead when b is written.
  std::vector<PlanBuffer> reversed = relu_chain();
  reversed[2].inplace_with.clear();
  reversed[1].inplace_with = {2};
  CHECK(rejection(reversed, plan_of({32, 0, 0, 32}, 48)).find("declared in place") != std::string::npos);
  // Not declared at all.
  std::vector<PlanBuffer> undeclared = relu_chain();
  undeclared[2].inplace_with.clear();
  CHECK(rejection(undeclared, plan_of({32, 0, 0, 32}, 48)) ==
        "memory plan: buffers 'b' [0, 32) and 'c' [0, 32) overlap while both live at steps 1..1");
}

TEST_CASE("check_plan: in place is a pair, not a chain") {
  // b dies at 1 where c and e are born; both declare b. c and e share b's offset
  // with b, but they are live together with each other: rejected.
  std::vector<PlanBuffer> b = {buf("b", 16, 0, 1), buf("c", 16, 1, 2), buf("e", 16, 1, 2)};
  b[1].inplace_with = {0};
  b[2].inplace_with = {0};
  CHECK(rejection(b, plan_of({0, 0, 0}, 16)) ==
        "memory plan: buffers 'c' [0, 16) and 'e' [0, 16) overlap while both live at steps 1..2");
  CHECK(rejection(b, plan_of({0, 0, 16}, 32)) == "accepted");
}

TEST_CASE("check_plan: aliases sit at their target and extend its life") {
  // v views b and is read at step 3: d (step 3) may not reuse b's bytes.
  std::vector<PlanBuffer> b = {buf("b", 32, 0, 1), buf("v", 32, 2, 3), buf("d", 16, 3, 3)};
  b[1].alias_of = 0;
  CHECK(rejection(b, plan_of({0, 0, 32}, 48)) == "accepted");
  CHECK(rejection(b, plan_of({0, 32, 32}, 64)) == "memory plan: alias 'v' at offset 32 but its target 'b' at 0");
  CHECK(rejection(b, plan_of({0, 0, 0}, 32)) ==
        "memory plan: buffers 'b' [0, 32) and 'd' [0, 16) overlap while both live at steps 3..3");
}

TEST_CASE("check_plan: zero-size buffers overlap nothing") {
  const std::vector<PlanBuffer> b = {buf("a", 16, 0, 1), buf("z", 0, 0, 1)};
  CHECK(rejection(b, plan_of({0, 0}, 16)) == "accepted");
  CHECK(rejection(b, plan_of({0, 16}, 16)) == "accepted");
  CHECK(rejection(b, plan_of({0, 20}, 16)).find("outside the arena") != std::string::npos);
}
