// Quantization ops: QuantizeLinear, DequantizeLinear (per tensor, or per axis
// from opset 13) and com.microsoft QLinearAdd / QLinearMul.
#include "frontend/shapes/rule.h"

namespace tinyc::shapes {
namespace {

/// Checks a scale / zero point against x: a scalar (or one value) per tensor,
/// or a 1-D tensor of x.shape[axis] values per axis.
void check_qparam(const NodeCtx& c, size_t i, const Shape& x, const char* what) {
  if (!c.has(i)) return;
  const Shape& s = c.shape(i);
  if (num_elements(s) == 1 && s.size() <= 1) return;
  if (c.opset < 13) c.fail(std::string(what) + " must be a scalar before opset 13 (per-axis needs opset 13)");
  if (s.size() != 1) c.fail(std::string(what) + " must be a scalar or 1-D, has shape " + shape_str(s));
  if (x.empty()) c.fail("per-axis quantization of a scalar");
  const int64_t axis = c.axis(c.node.attr_int("axis", 1), static_cast<int64_t>(x.size()));
  if (s[0] != x[axis])
    c.fail(std::string(what) + " has " + std::to_string(s[0]) + " values, axis " + std::to_string(axis) + " of " +
           shape_str(x) + " has " + std::to_string(x[axis]));
}

std::vector<OutInfo> quantize(const NodeCtx& c) {
  c.require_inputs(2, 3);
  check_qparam(c, 1, c.shape(0), "y_scale");
  check_qparam(c, 2, c.shape(0), "y_zero_point");
  // Without a zero point the output is uint8.
  DType out = c.has(2) ? c.dtype(2) : DType::U8;
  if (out != DType::U8 && out != DType::I8) c.fail(std::string("output type ") + dtype_name(out) + " is not supported (int8, uint8)");
  return {OutInfo{c.shape(0), out, std::nullopt}};
}

std::vector<OutInfo> dequantize(const NodeCtx& c) {
  c.require_inputs(2, 3);
  DType x = c.dtype(0);
  if (x != DType::U8 && x != DType::I8 && x != DType::I32)
    c.fail(std::string("input type ") + dtype_name(x) + " is not supported (int8, uint8, int32)");
  check_qparam(c, 1, c.shape(0), "x_scale");
  check_qparam(c, 2, c.shape(0), "x_zero_point");
  if (c.has(2) && c.dtype(2) != x) c.fail("x_zero_point's type differs from x's");
  return {OutInfo{c.shape(0), c.dtype(1), std::nullopt}};
}

std::string check_quant(const Node& n, int64_t) {
  if (n.attr_int("block_size", 0) != 0) return "blocked quantization (block_size) is not supported";
  if (n.has_attr("output_dtype")) {
    DType t = dtype_from_onnx(static_cast<int>(n.attr_int("output_dtype", 0)));
    if (t != DType::I8 && t != DType::U8) return "output_dtype other than int8/uint8 is not supported";
  }
  return "";
}

std::vector<OutInfo> qlinear_binary(const NodeCtx& c) {
  // A, A_scale, A_zero_point (optional), B, B_scale, B_zero_point (optional), C_scale, C_zero_point (optional)
  c.require_inputs(2, 8);
  for (size_t i : {3, 4, 6})
    if (!c.has(i)) c.fail("input " + std::to_string(i) + " is required");
  if (c.dtype(0) != c.dtype(3)) c.fail("A and B have different types");
  return {OutInfo{broadcast(c, c.shape(0), c.shape(3)), c.dtype(0), std::nullopt}};
}

const std::vector<OpRule> kRules = {
    {"", "QuantizeLinear", 10, 22, quantize, check_quant, "QuantizeLinear exists from opset 10"},
    {"", "DequantizeLinear", 10, 22, dequantize, check_quant, "DequantizeLinear exists from opset 10"},
    {"com.microsoft", "QLinearAdd", 1, 1, qlinear_binary},
    {"com.microsoft", "QLinearMul", 1, 1, qlinear_binary},
};

}  // namespace

const std::vector<OpRule>& quant_rules() { return kRules; }

}  // namespace tinyc::shapes
