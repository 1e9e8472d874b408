// quantize_graph: post-training static quantization, float graph -> QDQ graph.
//
// Order matters for the user: everything that can be rejected without data
// (float model, opset, ops with no int8 meaning, op constraints the lowering
// enforces) is rejected before the calibration samples are run, which can take
// minutes on a large model.
#include <algorithm>
#include <map>

#include "calibrate.h"
#include "op_rules.h"
#include "param_sharing.h"
#include "params.h"
#include "qdq_builder.h"
#include "samples.h"
#include "tinyc/error.h"
#include "tinyc/quantize.h"
#include "tinyc/reference.h"

namespace tinyc {
namespace {

// A float model may store its weights quantized (weight-only
// DequantizeLinear of a constant, as some converters write): those are float
// constants in disguise. Evaluates them so that the model reads as float.
Graph fold_constant_dequantize(const Graph& g) {
  Graph f = g;
  std::vector<Node> kept;
  for (const Node& n : f.nodes) {
    const bool constant_dq = n.op_type == "DequantizeLinear" && n.domain.empty() &&
                             std::all_of(n.inputs.begin(), n.inputs.end(),
                                         [&](const std::string& i) { return i.empty() || f.is_constant(i); });
    if (!constant_dq) {
      kept.push_back(n);
      continue;
    }
    std::vector<const Tensor*> args;
    for (const auto& i : n.inputs) args.push_back(i.empty() ? nullptr : &f.tensor(i));
    std::vector<Tensor> out = eval_node_float(n, args, f.opset());
    out.at(0).name = n.outputs.at(0);
    out[0].is_constant = true;
    f.add_tensor(out[0]);
  }
  f.nodes = std::move(kept);
  f.remove_unused_tensors();
  return f;
}

// Any opset will do: export_onnx raises a QDQ graph to opset 13 (where
// QuantizeLinear/DequantizeLinear take per-axis parameters).
void check_float_model(const Graph& g) {
  if (is_quantized_model(g))
    fail("the model is already quantized (it has QuantizeLinear/DequantizeLinear or QLinear* nodes)", ErrorKind::Usage);
  for (const auto& x : g.inputs)
    if (g.tensor(x).dtype != DType::F32)
      fail("graph input '" + x + "' is " + dtype_name(g.tensor(x).dtype) + "; quantization needs float32 inputs");
}

// Builds the QDQ graph with placeholder ranges and lowers it: the lowering
// names every node it cannot express, and it is the authority on that.
void dry_run_lowering(const Graph& g, const QuantizeOptions& opts) {
  std::map<std::string, ptq::FloatRange> ranges;
  for (const auto& t : ptq::activation_tensors(g)) ranges[t] = {-1.0, 1.0};
  const Graph qdq = ptq::build_qdq_graph(g, ptq::assign_activation_params(g, ranges), opts.per_channel_weights);
  (void)lower_to_int8(qdq);
}

}  // namespace

Graph quantize_graph(const Graph& g, const std::vector<Tensor>& calib, const QuantizeOptions& opts) {
  try {
    const Graph f = fold_constant_dequantize(g);
    check_float_model(f);
    ptq::check_ops_have_rules(f);
    dry_run_lowering(f, opts);
    const auto samples = ptq::split_samples(f, calib);
    const auto cal = ptq::calibrate(f, samples, opts);
    std::map<std::string, ptq::FloatRange> ranges;
    for (const auto& [name, c] : cal) ranges[name] = c.chosen;
    return ptq::build_qdq_graph(f, ptq::assign_activation_params(f, ranges), opts.per_channel_weights);
  } catch (const Error& e) {
    throw e.with_file(g.source_path);
  }
}

}  // namespace tinyc
