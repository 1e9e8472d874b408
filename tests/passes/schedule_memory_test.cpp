// schedule_for_memory: the topological order with the lowest peak of live
// bytes; chains and ties keep their order; too wide for the exact search, a
// greedy order. (generate_code's use of it: codegen_plan_test.cpp.)
#include <doctest/doctest.h>

#include "passes/ir_text.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::parse_ir;

namespace {

std::vector<std::string> node_names(const Graph& g) {
  std::vector<std::string> r;
  for (const Node& n : g.nodes) r.push_back(n.name);
  return r;
}

// Every node after the producers of its inputs.
bool is_topological(const Graph& g) {
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const std::string& o : g.nodes[i].outputs) at[o] = i;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const std::string& in : g.nodes[i].inputs)
      if (at.count(in) && at[in] >= i) return false;
  return true;
}

// Two branches from %x, each a big tensor then a small one, listed
// interleaved (both big tensors live at once) as an exporter may list them.
const char* kInterleaved = R"(
  graph two_towers (opset 13)
    input  %x : f32[1,16]
    %a1 : f32[1,256] = Relu(%x)  # node a1
    %b1 : f32[1,256] = Sigmoid(%x)  # node b1
    %a2 : f32[1,4] = Relu(%a1)  # node a2
    %b2 : f32[1,4] = Sigmoid(%b1)  # node b2
    %y : f32[1,4] = Add(%a2, %b2)  # node add
    output %y
)";

}  // namespace

TEST_CASE("interleaved branches: one branch runs to its small tensor before the other starts") {
  Graph g = parse_ir(kInterleaved);
  // Model order, at b1: x 64 + a1 1024 + b1 1024.
  CHECK(peak_live_bytes(g) == 64 + 1024 + 1024);
  schedule_for_memory(g);
  CHECK(node_names(g) == std::vector<std::string>{"a1", "a2", "b1", "b2", "add"});
  // At a2 and at b1: x 64 + one big 1024 + a2 16.
  CHECK(peak_live_bytes(g) == 64 + 1024 + 16);
}

TEST_CASE("a chain, and a graph already in its best order, keep their order") {
  const Graph chain = parse_ir(R"(
    graph chain (opset 13)
      input  %x : f32[1,16]
      %a : f32[1,256] = Relu(%x)  # node a
      %b : f32[1,4] = Sigmoid(%a)  # node b
      %c : f32[1,64] = Relu(%b)  # node c
      output %c
  )");
  Graph g = chain;
  schedule_for_memory(g);
  CHECK(node_names(g) == node_names(chain));

  Graph best = parse_ir(kInterleaved);
  schedule_for_memory(best);
  const std::vector<std::string> once = node_names(best);
  schedule_for_memory(best);
  CHECK(node_names(best) == once);
}

TEST_CASE("ties keep the model's order; the order found is a topological order") {
  // Both branches the same size: every order of a and b has the same peak.
  Graph g = parse_ir(R"(
    graph even (opset 13)
      input  %x : f32[1,16]
      %b : f32[1,16] = Sigmoid(%x)  # node b
      %a : f32[1,16] = Relu(%x)  # node a
      %y : f32[1,16] = Add(%a, %b)  # node add
      output %y
  )");
  schedule_for_memory(g);
  CHECK(node_names(g) == std::vector<std::string>{"b", "a", "add"});
}

TEST_CASE("a residual block: the shortcut's big input is freed as early as the order allows") {
  // x feeds conv1 and the Add; a branch off x (s) is small. Running s's
  // producer early frees nothing (x stays for the Add), so the model's order
  // and the schedule's peak agree, and the order stays.
  Graph g = parse_ir(R"(
    graph residual (opset 13)
      input  %x : f32[1,64]
      %c1 : f32[1,64] = Relu(%x)  # node conv1
      %c2 : f32[1,64] = Sigmoid(%c1)  # node conv2
      %s : f32[1,4] = Relu(%x)  # node side
      %y : f32[1,64] = Add(%c2, %x)  # node add
      output %y
      output %s
  )");
  const int64_t before = peak_live_bytes(g);
  schedule_for_memory(g);
  CHECK(peak_live_bytes(g) <= before);
  CHECK(is_topological(g));
}

TEST_CASE("a graph too wide to search exactly gets the greedy order, and the pass returns") {
  // 24 three-node branches listed stage by stage (every big %p live at once):
  // 3^24 sets of nodes already run, past the exact search's budget.
  constexpr int kBranches = 24;
  std::string text = "graph wide (opset 13)\n  input  %x : f32[1,8]\n";
  for (int b = 0; b < kBranches; ++b)
    text += "  %p" + std::to_string(b) + " : f32[1,64] = Relu(%x)  # node p" + std::to_string(b) + "\n";
  for (int b = 0; b < kBranches; ++b)
    text += "  %q" + std::to_string(b) + " : f32[1,8] = Sigmoid(%p" + std::to_string(b) + ")  # node q" +
            std::to_string(b) + "\n";
  std::string sum = "%x";
  for (int b = 0; b < kBranches; ++b) {
    const std::string i = std::to_string(b);
    text += "  %r" + i + " : f32[1,8] = Add(%q" + i + ", " + sum + ")  # node r" + i + "\n";
    sum = "%r" + i;
  }
  text += "  output " + sum + "\n";
  Graph g = parse_ir(text);
  CHECK(peak_live_bytes(g) == 32 + kBranches * 256 + 32);  // at q0: x, every p, q0
  schedule_for_memory(g);
  // Greedy: each p is followed by its q at once (which frees it).
  CHECK(peak_live_bytes(g) < 32 + 3 * 256 + kBranches * 32);
  REQUIRE(g.nodes.size() == 3 * kBranches);
  CHECK(is_topological(g));
}
