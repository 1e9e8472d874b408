// schedule_for_memory: the topological order of the nodes whose peak of
// simultaneously live activation bytes is lowest.
//
// On a chain there is one order; on a branching graph (residual blocks,
// parallel towers) the order decides what is live at once: finishing one
// branch before starting the next, or running the branch that frees a big
// tensor first, can lower the peak the memory planner has to fit. The search
// is exact: a memoised search over the sets of nodes already run (what is
// live depends only on that set), the cost of an order being its largest step
// (the live tensors plus the outputs being written). The number of such sets
// is small for the graphs tinyc targets (a chain has n + 1, a residual block
// adds a handful); past kMaxStates the search gives up for a greedy order
// (the ready node that frees the most first), taken only when its peak is
// lower than the model's order. Among orders with the same peak the one closest to the original order
// wins (ties go to the node listed first), so chains and already-good orders
// are left exactly as they are.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "tinyc/passes.h"

namespace tinyc {
namespace {

constexpr size_t kMaxStates = 200000;
constexpr size_t kMaxNodes = 4096;  // the search recurses once per node

struct Problem {
  std::vector<int64_t> bytes;             // per activation tensor
  std::vector<char> pinned;               // per tensor: a graph output, live to the end
  std::vector<int> readers;               // per tensor: how many nodes read it
  std::vector<std::vector<int>> reads;    // per node: activation tensors read (each once)
  std::vector<std::vector<int>> writes;   // per node: tensors written
  std::vector<std::vector<int>> preds;    // per node: nodes it must follow
};

Problem problem_of(const Graph& g) {
  Problem p;
  std::unordered_map<std::string, int> id;
  auto tensor_id = [&](const std::string& name) {
    auto it = id.find(name);
    if (it != id.end()) return it->second;
    const int t = static_cast<int>(p.bytes.size());
    id.emplace(name, t);
    p.bytes.push_back(static_cast<int64_t>(g.tensor(name).byte_size()));
    p.pinned.push_back(g.is_graph_output(name) ? 1 : 0);
    p.readers.push_back(0);
    return t;
  };
  std::unordered_map<std::string, int> producer;
  for (size_t n = 0; n < g.nodes.size(); ++n)
    for (const std::string& o : g.nodes[n].outputs)
      if (!o.empty()) producer[o] = static_cast<int>(n);
  p.reads.resize(g.nodes.size());
  p.writes.resize(g.nodes.size());
  p.preds.resize(g.nodes.size());
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    for (const std::string& in : g.nodes[n].inputs) {
      if (in.empty() || !g.has_tensor(in) || g.is_constant(in)) continue;
      const int t = tensor_id(in);
      bool seen = false;
      for (int r : p.reads[n]) seen = seen || r == t;
      if (seen) continue;
      p.reads[n].push_back(t);
      ++p.readers[t];
      auto pr = producer.find(in);
      if (pr != producer.end()) p.preds[n].push_back(pr->second);
    }
    for (const std::string& o : g.nodes[n].outputs)
      if (!o.empty() && g.has_tensor(o)) p.writes[n].push_back(tensor_id(o));
  }
  return p;
}

// Running node n with `live` bytes live and left[t] readers of each tensor
// still to run: the bytes its step needs (the live ones and its outputs) and
// the bytes live after it (outputs nobody reads are freed at once, inputs it
// read last are freed, graph outputs never).
struct Effect {
  int64_t step, after;
};
Effect effect_of(const Problem& p, size_t n, int64_t live, const std::vector<int>& left) {
  Effect e{live, live};
  for (int t : p.writes[n]) {
    e.step += p.bytes[t];
    if (p.readers[t] > 0 || p.pinned[t]) e.after += p.bytes[t];
  }
  for (int t : p.reads[n])
    if (left[t] == 1 && !p.pinned[t]) e.after -= p.bytes[t];
  return e;
}
void mark_read(const Problem& p, size_t n, std::vector<int>& left, int delta) {
  for (int t : p.reads[n]) left[t] -= delta;
}

// The graph inputs: live from the start.
int64_t input_bytes(const Graph& g) {
  int64_t b = 0;
  for (const std::string& in : g.inputs)
    if (g.has_tensor(in)) b += static_cast<int64_t>(g.tensor(in).byte_size());
  return b;
}

class Search {
 public:
  explicit Search(const Problem& p)
      : p_(p), done_(p.reads.size(), 0), left_(p.readers), key_((p.reads.size() + 7) / 8, '\0') {}

  /// The lowest peak over the orders of the remaining nodes, from the current
  /// set; false when the state budget ran out.
  bool solve(int64_t live, int64_t* peak) {
    auto it = memo_.find(key_);
    if (it != memo_.end()) {
      *peak = it->second.peak;
      return true;
    }
    if (memo_.size() >= kMaxStates) return false;
    Entry best{INT64_MAX, -1};
    for (size_t n = 0; n < done_.size(); ++n) {
      if (done_[n] || !ready(n)) continue;
      const Effect e = effect_of(p_, n, live, left_);
      if (e.step >= best.peak) continue;  // cannot beat the best (ties keep the earlier node)
      mark_read(p_, n, left_, 1);
      mark(n, true);
      int64_t rest = 0;
      const bool ok = solve(e.after, &rest);
      mark(n, false);
      mark_read(p_, n, left_, -1);
      if (!ok) return false;
      const int64_t cost = e.step > rest ? e.step : rest;
      if (cost < best.peak) best = Entry{cost, static_cast<int>(n)};
    }
    if (best.next < 0) best.peak = 0;  // every node has run
    memo_.emplace(key_, best);
    *peak = best.peak;
    return true;
  }

  /// The order solve() found (call after it returned true from the empty set).
  std::vector<int> order() {
    std::vector<int> r;
    while (true) {
      const Entry& e = memo_.at(key_);
      if (e.next < 0) break;
      r.push_back(e.next);
      mark(static_cast<size_t>(e.next), true);
    }
    return r;
  }

 private:
  struct Entry {
    int64_t peak;
    int next;  // the node to run next, -1 when none is left
  };

  bool ready(size_t n) const {
    for (int q : p_.preds[n])
      if (!done_[static_cast<size_t>(q)]) return false;
    return true;
  }
  void mark(size_t n, bool on) {
    done_[n] = on ? 1 : 0;
    const char bit = static_cast<char>(1u << (n % 8));
    key_[n / 8] = static_cast<char>(on ? (key_[n / 8] | bit) : (key_[n / 8] & ~bit));
  }

  const Problem& p_;
  std::vector<char> done_;
  std::vector<int> left_;  // per tensor: readers not run yet
  std::string key_;        // done_ as a bitset: the memo key
  std::unordered_map<std::string, Entry> memo_;
};

// When the exact search is too large: at each step the ready node that leaves
// the fewest live bytes after it (frees the most), then the one whose step
// needs the least, then the one listed first.
std::vector<int> greedy_order(const Problem& p, int64_t live) {
  const size_t n_nodes = p.reads.size();
  std::vector<char> done(n_nodes, 0);
  std::vector<int> left = p.readers, order;
  for (size_t k = 0; k < n_nodes; ++k) {
    int best = -1;
    int64_t best_after = 0, best_step = 0;
    for (size_t n = 0; n < n_nodes; ++n) {
      if (done[n]) continue;
      bool ready = true;
      for (int q : p.preds[n]) ready = ready && done[static_cast<size_t>(q)];
      if (!ready) continue;
      const Effect e = effect_of(p, n, live, left);
      if (best < 0 || e.after < best_after || (e.after == best_after && e.step < best_step)) {
        best = static_cast<int>(n);
        best_after = e.after;
        best_step = e.step;
      }
    }
    if (best < 0) return {};  // not a DAG over these nodes: leave the graph alone
    done[static_cast<size_t>(best)] = 1;
    mark_read(p, static_cast<size_t>(best), left, 1);
    live = best_after;
    order.push_back(best);
  }
  return order;
}

// The peak of running the nodes in `order`.
int64_t peak_of(const Problem& p, const std::vector<int>& order, int64_t live) {
  std::vector<int> left = p.readers;
  int64_t peak = live;
  for (int n : order) {
    const Effect e = effect_of(p, static_cast<size_t>(n), live, left);
    mark_read(p, static_cast<size_t>(n), left, 1);
    peak = e.step > peak ? e.step : peak;
    live = e.after;
  }
  return peak;
}

std::vector<int> model_order(size_t n) {
  std::vector<int> r(n);
  for (size_t i = 0; i < n; ++i) r[i] = static_cast<int>(i);
  return r;
}

}  // namespace

int64_t peak_live_bytes(const Graph& g) {
  const Problem p = problem_of(g);
  return peak_of(p, model_order(p.reads.size()), input_bytes(g));
}

void schedule_for_memory(Graph& g) {
  if (g.nodes.size() < 3 || g.nodes.size() > kMaxNodes) return;
  const Problem p = problem_of(g);
  const int64_t inputs = input_bytes(g);
  Search s(p);
  int64_t peak = 0;
  std::vector<int> order;
  if (s.solve(inputs, &peak)) {
    order = s.order();
  } else {  // too many sets to search: the greedy order, if it does better
    order = greedy_order(p, inputs);
    if (order.size() != g.nodes.size() ||
        peak_of(p, order, inputs) >= peak_of(p, model_order(g.nodes.size()), inputs))
      return;
  }
  if (order.size() != g.nodes.size()) return;
  std::vector<Node> nodes;
  nodes.reserve(order.size());
  for (int n : order) nodes.push_back(std::move(g.nodes[static_cast<size_t>(n)]));
  g.nodes = std::move(nodes);
}

}  // namespace tinyc
