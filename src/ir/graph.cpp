// Node attribute access and Graph bookkeeping (lookup, topological order).
#include <algorithm>
#include <set>

#include "tinyc/error.h"
#include "tinyc/ir.h"

namespace tinyc {

namespace {
const Attribute* find_attr(const Node& n, const std::string& k, Attribute::Kind kind) {
  auto it = n.attrs.find(k);
  if (it == n.attrs.end()) return nullptr;
  if (it->second.kind != kind) fail_node(n.name, n.op_type, "attribute '" + k + "' has the wrong type");
  return &it->second;
}
}  // namespace

int64_t Node::attr_int(const std::string& k, int64_t dflt) const {
  const Attribute* a = find_attr(*this, k, Attribute::Kind::Int);
  return a ? a->i : dflt;
}
float Node::attr_float(const std::string& k, float dflt) const {
  const Attribute* a = find_attr(*this, k, Attribute::Kind::Float);
  return a ? a->f : dflt;
}
std::string Node::attr_string(const std::string& k, const std::string& dflt) const {
  const Attribute* a = find_attr(*this, k, Attribute::Kind::String);
  return a ? a->s : dflt;
}
std::vector<int64_t> Node::attr_ints(const std::string& k, const std::vector<int64_t>& dflt) const {
  const Attribute* a = find_attr(*this, k, Attribute::Kind::Ints);
  return a ? a->ints : dflt;
}
std::vector<float> Node::attr_floats(const std::string& k, const std::vector<float>& dflt) const {
  const Attribute* a = find_attr(*this, k, Attribute::Kind::Floats);
  return a ? a->floats : dflt;
}

const std::string& Node::input(size_t i) const {
  static const std::string empty;
  return i < inputs.size() ? inputs[i] : empty;
}

std::string Node::describe() const { return op_type + " '" + name + "'"; }

int64_t Graph::opset(const std::string& domain) const {
  auto it = opsets.find(domain);
  return it == opsets.end() ? 0 : it->second;
}

Tensor& Graph::tensor(const std::string& n) {
  auto it = tensors.find(n);
  if (it == tensors.end()) fail("no tensor named '" + n + "'", ErrorKind::Internal);
  return it->second;
}

const Tensor& Graph::tensor(const std::string& n) const {
  auto it = tensors.find(n);
  if (it == tensors.end()) fail("no tensor named '" + n + "'", ErrorKind::Internal);
  return it->second;
}

bool Graph::is_constant(const std::string& n) const {
  auto it = tensors.find(n);
  return it != tensors.end() && it->second.is_constant;
}

Tensor& Graph::add_tensor(Tensor t) {
  std::string n = t.name;
  return tensors[n] = std::move(t);
}

int Graph::producer(const std::string& n) const {
  if (n.empty()) return -1;
  for (size_t i = 0; i < nodes.size(); ++i)
    for (const auto& o : nodes[i].outputs)
      if (o == n) return static_cast<int>(i);
  return -1;
}

std::vector<size_t> Graph::consumers(const std::string& n) const {
  std::vector<size_t> r;
  if (n.empty()) return r;
  for (size_t i = 0; i < nodes.size(); ++i)
    if (std::find(nodes[i].inputs.begin(), nodes[i].inputs.end(), n) != nodes[i].inputs.end()) r.push_back(i);
  return r;
}

bool Graph::is_graph_output(const std::string& n) const {
  return std::find(outputs.begin(), outputs.end(), n) != outputs.end();
}

std::string Graph::unique_name(const std::string& base) const {
  std::set<std::string> node_names;
  for (const auto& n : nodes) node_names.insert(n.name);
  if (!has_tensor(base) && !node_names.count(base)) return base;
  for (int i = 1;; ++i) {
    std::string c = base + "_" + std::to_string(i);
    if (!has_tensor(c) && !node_names.count(c)) return c;
  }
}

void Graph::topo_sort() {
  // Kahn's algorithm, taking the earliest ready node each time so that an
  // already sorted graph keeps its order.
  std::map<std::string, size_t> producer_of;
  for (size_t i = 0; i < nodes.size(); ++i)
    for (const auto& o : nodes[i].outputs) {
      if (o.empty()) continue;
      if (producer_of.count(o))
        fail_node(nodes[i].name, nodes[i].op_type, "output '" + o + "' is also produced by another node");
      producer_of[o] = i;
    }
  std::vector<std::vector<size_t>> users(nodes.size());
  std::vector<size_t> pending(nodes.size(), 0);
  for (size_t i = 0; i < nodes.size(); ++i) {
    std::set<size_t> deps;
    for (const auto& in : nodes[i].inputs) {
      if (in.empty()) continue;
      auto it = producer_of.find(in);
      if (it != producer_of.end()) {
        deps.insert(it->second);
      } else if (!has_tensor(in) ||
                 (!tensors.at(in).is_constant &&
                  std::find(inputs.begin(), inputs.end(), in) == inputs.end())) {
        fail_node(nodes[i].name, nodes[i].op_type, "input '" + in + "' is not produced by any node, graph input or initializer");
      }
    }
    pending[i] = deps.size();
    for (size_t d : deps) users[d].push_back(i);
  }
  std::set<size_t> ready;
  for (size_t i = 0; i < nodes.size(); ++i)
    if (pending[i] == 0) ready.insert(i);
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t i = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(i);
    for (size_t u : users[i])
      if (--pending[u] == 0) ready.insert(u);
  }
  if (order.size() != nodes.size()) {
    for (size_t i = 0; i < nodes.size(); ++i)
      if (pending[i] != 0)
        fail_node(nodes[i].name, nodes[i].op_type, "the graph has a cycle through this node");
  }
  std::vector<Node> sorted;
  sorted.reserve(nodes.size());
  for (size_t i : order) sorted.push_back(std::move(nodes[i]));
  nodes = std::move(sorted);
}

void Graph::remove_unused_tensors() {
  std::set<std::string> used(inputs.begin(), inputs.end());
  used.insert(outputs.begin(), outputs.end());
  for (const auto& n : nodes) {
    used.insert(n.inputs.begin(), n.inputs.end());
    used.insert(n.outputs.begin(), n.outputs.end());
  }
  for (auto it = tensors.begin(); it != tensors.end();) {
    if (!used.count(it->first)) it = tensors.erase(it);
    else ++it;
  }
}

}  // namespace tinyc
