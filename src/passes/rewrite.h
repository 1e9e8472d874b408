// Graph-rewriting helpers shared by the passes (internal to src/passes/).
#pragma once

#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::passes {

/// How many node input slots read `name` (a node reading it twice counts twice).
size_t use_count(const Graph& g, const std::string& name);
/// True when exactly one input slot reads `name` and it is not a graph output:
/// the producer's result may then be rewritten for that one reader alone.
bool has_single_use(const Graph& g, const std::string& name);

/// The constant tensor `name`, or nullptr when it is absent or not constant.
const Tensor* constant_or_null(const Graph& g, const std::string& name);

/// Makes every node input that reads `from` read `to` instead.
void replace_uses(Graph& g, const std::string& from, const std::string& to);
/// Renames tensor `from` to `to` everywhere (the tensor map, node inputs and
/// outputs, graph inputs and outputs). A tensor already named `to` is replaced.
void rename_tensor(Graph& g, const std::string& from, const std::string& to);

/// Removes the nodes flagged in `dead` (indices into g.nodes), keeping the order
/// of the others.
void erase_nodes(Graph& g, const std::vector<bool>& dead);

}  // namespace tinyc::passes
