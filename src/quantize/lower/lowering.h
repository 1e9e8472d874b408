// Internal to the QDQ -> int8 lowering (src/quantize/lower/): the state the
// per-op lowering functions share.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/quantize.h"

namespace tinyc::lower {

/// The lowering of one QDQ graph. Float tensors of the source graph map to
/// int8 (or int32 / float constant) tensors of the output graph.
class Lowering {
 public:
  explicit Lowering(const Graph& src);
  Int8Lowering run();

  // ---- used by the per-op lowering functions ----
  const Graph& src() const { return src_; }
  Graph& out() { return out_; }

  /// The int8 activation tensor standing for float tensor `t` of the source
  /// graph (through DequantizeLinear, or a pass-through op). Throws naming `user`.
  const std::string& activation(const std::string& t, const Node& user);
  bool has_activation(const std::string& t) const { return int8_of_.count(t) != 0; }
  const QuantParams& params(const std::string& int8_name) const;

  /// The constant behind source tensor `t`: an int8/int32 constant with
  /// parameters when `t` is DequantizeLinear(constant), a plain constant
  /// otherwise; nullptr when `t` is not constant.
  const Tensor* constant(const std::string& t) const;
  /// Whether `t` is DequantizeLinear of a constant (a quantized constant).
  bool is_quantized_constant(const std::string& t) const { return qconst_.count(t) != 0; }

  /// Conv/Gemm weights as int8, symmetric (zero point 0), per output channel
  /// along `axis` (or per tensor); re-quantizes float or asymmetric weights with a note.
  std::string weights(const std::string& t, const Node& user, int axis);
  /// Bias as int32 with scale s_in * s_w[c] (re-scaled with a note when the model's differs).
  std::string bias(const std::string& t, const Node& user, float s_in, const QuantParams& w);
  /// An operand of Add/Sub/Mul that may be an activation or a constant; a
  /// constant becomes an int8 per-tensor constant.
  std::string operand(const std::string& t, const Node& user);

  /// Parameters the op's float output `y` is quantized with: those of the
  /// first QuantizeLinear reading it (uint8 shifted to int8), if any.
  bool output_params(const std::string& y, QuantParams& q) const;
  /// Declares the int8 output for source tensor `y` with parameters `q`;
  /// named after y's QuantizeLinear output when that one wants exactly `q`,
  /// else `y` (and the QuantizeLinear later becomes a Requantize).
  std::string define_output(const std::string& y, const Shape& shape, const QuantParams& q);
  /// Parameters for an op whose output may take any: y's QuantizeLinear's;
  /// `fallback` when there is none (nullptr: reject naming the node).
  QuantParams chosen_output_params(const Node& n, const std::string& y, const QuantParams* fallback) const;
  /// Adds a Requantize node from int8 tensor `in` to parameters `q`; returns its output.
  std::string requantize(const std::string& in, const QuantParams& q, const std::string& base_name);
  /// Adds an int8 node to the output graph.
  Node& emit(const Node& like, const std::string& op_type, std::vector<std::string> inputs,
             std::vector<std::string> outputs);

  void note(const Node& n, const std::string& msg);
  [[noreturn]] void reject(const Node& n, const std::string& msg) const;

 private:
  void lower_inputs();
  void lower_node(const Node& n);
  void lower_dequantize(const Node& n);
  void lower_quantize(const Node& n);
  void lower_outputs();
  const Node* first_quantize_of(const std::string& y) const;

  const Graph& src_;
  Graph out_;
  std::vector<QuantNote> notes_;
  std::map<std::string, std::string> int8_of_;   ///< source float/int tensor -> int8 activation
  std::map<std::string, Tensor> qconst_;         ///< DQ(constant) output -> the quantized constant
  std::map<std::string, std::string> float_names_;
  std::vector<std::string> unsupported_;         ///< nodes with no int8 meaning
};

/// Per-op lowering: reads the source node, emits int8 node(s) into `L.out()`,
/// and declares the int8 outputs.
using OpLowering = void (*)(Lowering& L, const Node& n);
/// The table of ops the int8 IR supports, by op type (default domain).
const std::map<std::string, OpLowering>& op_lowerings();

/// Quantization parameters of a QuantizeLinear / DequantizeLinear node
/// (scale, zero point, axis), uint8 zero points shifted to int8 when `to_int8`.
QuantParams node_qparams(const Graph& g, const Node& n, bool to_int8);
/// Converts a uint8 tensor's values and parameters to int8 (exact: q - 128).
Tensor uint8_to_int8(const Tensor& t);

}  // namespace tinyc::lower
