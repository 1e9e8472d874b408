// quantize_graph: post-training static quantization, float graph -> QDQ graph.
//
// Order matters for the user: everything that can be rejected without data
// (float model, opset, ops with no int8 meaning, op constraints the lowering
// enforces) is rejected before the calibration samples are run, which can take
// minutes on a large model.
#include <map>

#include "calibrate.h"
#include "op_rules.h"
#include "param_sharing.h"
#include "params.h"
#include "qdq_builder.h"
#include "samples.h"
#include "tinyc/error.h"
#include "tinyc/quantize.h"

namespace tinyc {
namespace {

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
    check_float_model(g);
    ptq::check_ops_have_rules(g);
    dry_run_lowering(g, opts);
    const auto samples = ptq::split_samples(g, calib);
    const auto cal = ptq::calibrate(g, samples, opts);
    std::map<std::string, ptq::FloatRange> ranges;
    for (const auto& [name, c] : cal) ranges[name] = c.chosen;
    return ptq::build_qdq_graph(g, ptq::assign_activation_params(g, ranges), opts.per_channel_weights);
  } catch (const Error& e) {
    throw e.with_file(g.source_path);
  }
}

}  // namespace tinyc
