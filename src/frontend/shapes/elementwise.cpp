// Elementwise ops: numpy-broadcast arithmetic, activations, Clip, PRelu,
// Dropout (inference), Identity, Cast.
#include "frontend/shapes/rule.h"

namespace tinyc::shapes {
namespace {

std::vector<OutInfo> binary(const NodeCtx& c) {
  c.require_inputs(2, 2);
  if (c.dtype(0) != c.dtype(1))
    c.fail(std::string("input types differ: ") + dtype_name(c.dtype(0)) + " and " + dtype_name(c.dtype(1)));
  return {OutInfo{broadcast(c, c.shape(0), c.shape(1)), c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> unary(const NodeCtx& c) {
  c.require_inputs(1, 1);
  return same_as_input0(c);
}

bool is_scalar_like(const Shape& s) { return s.empty() || (s.size() == 1 && s[0] == 1); }

std::vector<OutInfo> clip(const NodeCtx& c) {
  // Clip-6..10 takes min/max as attributes; from 11 they are optional scalar inputs.
  c.require_inputs(1, c.opset < 11 ? 1 : 3);
  for (size_t i = 1; i < 3; ++i)
    if (c.has(i)) {
      if (!is_scalar_like(c.shape(i))) c.fail("min and max must be scalars, input " + std::to_string(i) + " has shape " + shape_str(c.shape(i)));
      if (c.dtype(i) != c.dtype(0)) c.fail("min/max type differs from the input's");
    }
  return same_as_input0(c);
}

std::vector<OutInfo> prelu(const NodeCtx& c) {
  c.require_inputs(2, 2);
  // The slope broadcasts to X (unidirectionally): the output keeps X's shape.
  if (broadcast(c, c.shape(0), c.shape(1)) != c.shape(0))
    c.fail("slope of shape " + shape_str(c.shape(1)) + " does not broadcast to the input's " + shape_str(c.shape(0)));
  return same_as_input0(c);
}

std::vector<OutInfo> dropout(const NodeCtx& c) {
  // Dropout-12+ takes ratio and training_mode as inputs; tinyc is inference only.
  c.require_inputs(1, c.opset < 12 ? 1 : 3);
  if (c.has(2)) {
    const Tensor* mode = c.value(2);
    if (!mode) c.fail("training_mode must be a constant (tinyc compiles for inference)");
    std::vector<int64_t> v = mode->to_int64();
    if (v.size() != 1 || v[0] != 0) c.fail("training_mode is true; tinyc compiles for inference only");
  }
  std::vector<OutInfo> out = same_as_input0(c);
  // The mask: bool from opset 10, the input's type before.
  if (c.node.outputs.size() > 1) out.push_back(OutInfo{c.shape(0), c.opset >= 10 ? DType::Bool : c.dtype(0), std::nullopt});
  return out;
}

std::vector<OutInfo> cast(const NodeCtx& c) {
  c.require_inputs(1, 1);
  DType to = dtype_from_onnx(static_cast<int>(c.node.attr_int("to", 0)));
  if (to == DType::Undefined) c.fail("attribute 'to' names a type tinyc does not support");
  return {OutInfo{c.shape(0), to, std::nullopt}};
}

std::string check_cast(const Node& n, int64_t) {
  DType to = dtype_from_onnx(static_cast<int>(n.attr_int("to", 0)));
  if (to == DType::Undefined || to == DType::F16)
    return "casts to " + std::string(to == DType::F16 ? "float16" : "this type") +
           " are not supported (tinyc computes in float32 and integers)";
  if (n.attr_int("saturate", 1) != 1) return "saturate=0 applies to float8 types, which tinyc does not support";
  return "";
}

std::string check_dropout(const Node& n, int64_t opset) {
  if (opset < 7 && n.attr_int("is_test", 0) == 0) return "training-mode Dropout";
  return "";
}

const std::vector<OpRule> kRules = {
    {"", "Add", 7, 22, binary},
    {"", "Sub", 7, 22, binary},
    {"", "Mul", 7, 22, binary},
    {"", "Div", 7, 22, binary},
    {"", "Relu", 6, 22, unary},
    {"", "Sigmoid", 6, 22, unary},
    {"", "Tanh", 6, 22, unary},
    {"", "LeakyRelu", 6, 22, unary},
    {"", "HardSigmoid", 6, 22, unary},
    {"", "HardSwish", 14, 22, unary, nullptr, "HardSwish exists from opset 14"},
    {"", "Identity", 1, 22, unary},
    {"", "Clip", 6, 22, clip},
    {"", "PRelu", 7, 22, prelu},
    {"", "Dropout", 7, 22, dropout, check_dropout},
    {"", "Cast", 6, 22, cast, check_cast},
};

}  // namespace

const std::vector<OpRule>& elementwise_rules() { return kRules; }

}  // namespace tinyc::shapes
