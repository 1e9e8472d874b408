// import_onnx: the frontend's steps in order. Each step can refuse the model
// with an Error; the order puts the most useful message first (a list of
// unsupported ops before a complaint about a symbolic dimension).
#include <filesystem>
#include <set>

#include "frontend/graph_build.h"
#include "frontend/input_shapes.h"
#include "frontend/model_load.h"
#include "frontend/onnx_checks.h"
#include "frontend/proto_nodes.h"
#include "frontend/shapes/infer.h"
#include "frontend/support_scan.h"
#include "frontend/tensor_proto.h"
#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

namespace tinyc {

namespace {

using frontend::ConvertedNode;

constexpr int64_t kMinOpset = 7, kMaxOpset = 22;

std::map<std::string, int64_t> read_opsets(const onnx::ModelProto& m) {
  std::map<std::string, int64_t> opsets;
  for (const auto& o : m.opset_import()) {
    std::string d = o.domain() == "ai.onnx" ? "" : o.domain();
    if (opsets.count(d)) fail("opset_import lists domain '" + (d.empty() ? std::string("ai.onnx") : d) + "' twice");
    opsets[d] = o.version();
  }
  bool uses_default = false;
  for (const auto& n : m.graph().node()) uses_default |= n.domain().empty() || n.domain() == "ai.onnx";
  if (uses_default) {
    auto it = opsets.find("");
    // Before IR version 3 there was no opset_import: such models are opset 1.
    int64_t v = it == opsets.end() ? 1 : it->second;
    if (v < kMinOpset || v > kMaxOpset)
      fail("default-domain opset " + std::to_string(v) + " is not supported (tinyc reads opsets " +
           std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset) + ")");
  }
  return opsets;
}

/// Puts the proto's nodes (and `nodes`, kept parallel) in topological order,
/// so that libonnx's checker accepts models that list nodes out of order.
/// Throws Error naming a node on a cycle or reading a value nothing defines.
void sort_nodes(onnx::GraphProto& gp, std::vector<ConvertedNode>& nodes) {
  Graph tmp;
  for (const auto& init : gp.initializer()) {
    Tensor t(init.name(), DType::F32, {});
    t.is_constant = true;
    tmp.add_tensor(std::move(t));
  }
  for (const auto& in : gp.input()) {
    tmp.inputs.push_back(in.name());
    tmp.add_tensor(Tensor(in.name(), DType::F32, {}));
  }
  for (const auto& c : nodes) {
    Node n;
    n.name = c.node.name;
    n.op_type = c.node.op_type;
    n.inputs = c.node.inputs;
    n.outputs = c.node.outputs;
    tmp.nodes.push_back(std::move(n));
  }
  tmp.topo_sort();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < nodes.size(); ++i) index[nodes[i].node.name] = i;
  std::vector<ConvertedNode> sorted;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> sorted_proto;
  for (const Node& n : tmp.nodes) {
    size_t i = index.at(n.name);
    sorted.push_back(std::move(nodes[i]));
    *sorted_proto.Add() = std::move(*gp.mutable_node(static_cast<int>(i)));
  }
  nodes = std::move(sorted);
  gp.mutable_node()->Swap(&sorted_proto);
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

Graph import_model(const std::string& bytes, const ImportOptions& opts, const std::string& base_dir,
                   ImportReport* report) {
  onnx::ModelProto m = frontend::parse_model(bytes);
  std::map<std::string, int64_t> opsets = read_opsets(m);
  frontend::load_external_data(m, base_dir);

  std::vector<ConvertedNode> nodes = frontend::convert_nodes(m.graph(), opts.max_elements);
  std::vector<std::string> unsupported;
  std::set<std::string> unsupported_names;
  for (const auto& u : frontend::scan_unsupported(nodes, opsets, frontend::declared_types(m.graph()))) {
    unsupported.push_back(u.text);
    unsupported_names.insert(u.node);
  }
  if (!unsupported.empty()) {
    if (!report) fail("unsupported ops: " + join(unsupported));
    report->unsupported = unsupported;
    report->unsupported_nodes = unsupported_names;
  }

  sort_nodes(*m.mutable_graph(), nodes);
  for (const auto& init : m.graph().initializer())
    if (!report || dtype_from_onnx(init.data_type()) != DType::Undefined)
      frontend::validate_tensor_proto(init, opts.max_elements, "initializer");
  std::map<std::string, Shape> input_shapes = frontend::resolve_input_shapes(*m.mutable_graph(), opts);

  // libonnx 1.12 knows opsets up to 17: for those it checks the model, and its
  // shape inference cross-checks tinyc's. Newer opsets rely on tinyc's checks.
  auto def = opsets.find("");
  const bool onnx_lib_knows = def == opsets.end() || def->second <= frontend::kOnnxLibMaxOpset;
  if (onnx_lib_knows) frontend::run_onnx_checker(m);

  Graph g = frontend::build_graph(m, std::move(nodes), input_shapes, opts.max_elements, report != nullptr);
  g.topo_sort();
  shapes::InferOptions io;
  io.max_elements = opts.max_elements;
  io.lenient = report != nullptr;
  // tinyc's own inference runs first: it validates every node's inputs and
  // attributes, which libonnx's inference functions do not all do (some
  // index out of range on inconsistent ranks).
  shapes::infer_graph(g, io);

  // The model's own value_info and output shapes first (tinyc's message names the node) ...
  std::map<std::string, frontend::DeclaredValue> declared = frontend::declared_values(m.graph());
  frontend::check_inferred(g, declared, unsupported_names);
  if (onnx_lib_knows) {
    // ... then libonnx's inferred shapes.
    frontend::run_onnx_shape_inference(m);
    declared = frontend::declared_values(m.graph());
    if (report && !unsupported_names.empty()) {
      // Outputs of kept unsupported nodes take ONNX's shapes, and the nodes after them are inferred again.
      bool filled = false;
      for (const Node& n : g.nodes)
        if (unsupported_names.count(n.name))
          for (const auto& o : n.outputs) {
            auto it = declared.find(o);
            if (o.empty() || it == declared.end()) continue;
            g.add_tensor(Tensor(o, it->second.dtype, it->second.shape));
            filled = true;
          }
      if (filled) shapes::infer_graph(g, io);
    }
  }
  frontend::check_inferred(g, declared, unsupported_names);
  for (const auto& o : g.outputs)
    if (!g.has_tensor(o)) fail("graph output '" + o + "' is not produced by any node");
  g.remove_unused_tensors();
  return g;
}

/// Runs an import step, giving every Error the file's name; other exceptions
/// (allocation failures, libonnx/protobuf surprises) become Errors too.
Graph guarded(const std::string& display_name, const std::function<Graph()>& step) {
  try {
    Graph g = step();
    g.source_path = display_name;
    return g;
  } catch (const Error& e) {
    throw e.with_file(display_name);
  } catch (const std::bad_alloc&) {
    throw Error(display_name, "", "", "out of memory while loading the model");
  } catch (const std::exception& e) {
    throw Error(display_name, "", "", std::string("internal error while loading the model: ") + e.what(),
                ErrorKind::Internal);
  }
}

std::string folder_of(const std::string& path) {
  std::filesystem::path p = std::filesystem::path(path).parent_path();
  return p.empty() ? std::string(".") : p.string();
}

}  // namespace

Graph import_onnx(const std::string& path, const ImportOptions& opts) {
  return guarded(path, [&] { return import_model(frontend::read_model_file(path), opts, folder_of(path), nullptr); });
}

Graph import_onnx_bytes(const std::string& bytes, const std::string& display_name, const ImportOptions& opts,
                        const std::string& base_dir) {
  return guarded(display_name, [&] { return import_model(bytes, opts, base_dir, nullptr); });
}

Graph import_onnx_keeping_unsupported(const std::string& path, const ImportOptions& opts, ImportReport* report) {
  ImportReport local;
  return guarded(path, [&] {
    return import_model(frontend::read_model_file(path), opts, folder_of(path), report ? report : &local);
  });
}

}  // namespace tinyc
