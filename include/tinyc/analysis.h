// tinyc — static facts about nodes and graphs, shared by inspect, compile and reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc {

/// Multiply-accumulates of one node (0 for data movement).
int64_t node_macs(const Graph& g, const Node& n);
/// Parameter count of a node: elements of its constant inputs.
int64_t node_params(const Graph& g, const Node& n);
/// A short human summary of the node's attributes, e.g. "k=3x3 s=2 p=0,0,1,1 g=16".
std::string node_param_summary(const Node& n);

struct GraphTotals {
  int64_t params = 0, macs = 0, weight_bytes = 0;
  int64_t largest_activation_bytes = 0;
  std::string largest_activation;
};
GraphTotals graph_totals(const Graph& g);

}  // namespace tinyc
