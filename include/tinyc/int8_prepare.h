// tinyc — "prepare" for the int8 graph: from a node of the int8 IR and its
// tensors' quantization parameters to the integer parameters its kernel needs
// (geometry, multipliers, clamp bounds, tables). TFLite calls this phase
// Prepare. It runs on the host only, once per node; the int8 reference
// interpreter and the code generator both call it, so what the generated code
// is told and what the reference computes with cannot drift apart. The
// arithmetic that *uses* these parameters is implemented twice, independently:
// src/reference/int8/ (plain loops) and runtime/ (the device kernels).
//
// Every prepare_* validates the node and throws Error naming it when the
// int8 spec (docs/quantization.md) cannot express it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/quant_math.h"

namespace tinyc::int8 {

using qmath::Multiplier;

/// Clamp after requantization, from the fused activation (tinyc.activation).
struct Clamp {
  int32_t min = -128, max = 127;
};

/// 2-D geometry (a 1-D op is H = 1). Tensors are NCHW in the IR.
struct Geometry2D {
  int batch = 1, in_c = 0, in_h = 1, in_w = 1;
  int out_c = 0, out_h = 1, out_w = 1;
  int k_h = 1, k_w = 1;
  int stride_h = 1, stride_w = 1;
  int dil_h = 1, dil_w = 1;
  int pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
};

/// Conv (plain, grouped, depthwise). Weights [OC, IC/groups, KH, KW] int8, bias [OC] int32.
struct ConvPrep {
  Geometry2D geo;
  int groups = 1;
  int32_t in_zp = 0, out_zp = 0;
  std::vector<Multiplier> mult;  ///< one per output channel
  Clamp clamp;
  std::string weights, bias;     ///< tensor names ("" = no bias)
  bool depthwise() const { return groups == geo.in_c && groups > 1; }
};
ConvPrep prepare_conv(const Graph& g, const Node& n);

/// Fully connected (Gemm / MatMul with constant weights): rows x depth times
/// weights [units, depth]; per-tensor (mult.size() == 1) or per-unit multipliers.
struct FcPrep {
  int rows = 0, depth = 0, units = 0;
  int32_t in_zp = 0, out_zp = 0;
  std::vector<Multiplier> mult;
  Clamp clamp;
  std::string weights, bias;
};
FcPrep prepare_fc(const Graph& g, const Node& n);

/// Numpy broadcasting of two inputs to the output shape (up to rank 6):
/// for each output index, the element offset in each input.
struct Broadcast {
  std::vector<int64_t> out_shape;
  std::vector<int64_t> stride_a, stride_b;  ///< per output dim, 0 where broadcast
  bool same_shape = false;                  ///< no broadcasting at all
  int64_t count() const;
};
Broadcast make_broadcast(const Shape& a, const Shape& b, const Shape& out);

/// Add / Sub (TFLite ADD/SUB: inputs rescaled with a left shift of 20).
struct AddPrep {
  qmath::AddParams p;
  bool subtract = false;
  Broadcast bc;
  Clamp clamp;
};
AddPrep prepare_add(const Graph& g, const Node& n);

/// Mul (TFLite MUL): out = MBQM((a - za) * (b - zb), s_a*s_b/s_out) + z_out.
struct MulPrep {
  int32_t za = 0, zb = 0, z_out = 0;
  Multiplier mult;
  Broadcast bc;
  Clamp clamp;
};
MulPrep prepare_mul(const Graph& g, const Node& n);

/// Pooling. Average pooling with equal input/output parameters follows TFLite
/// (average of raw codes, rounded half away from zero); with different
/// parameters it requantizes the sum of (q - z_in) by s_in / (s_out * count).
struct PoolPrep {
  Geometry2D geo;
  bool is_max = false;
  bool count_include_pad = false;
  bool same_params = true;   ///< avg: TFLite's raw-code average
  int32_t in_zp = 0, out_zp = 0;
  float in_scale = 1, out_scale = 1;
  Clamp clamp;
};
PoolPrep prepare_pool(const Graph& g, const Node& n);  ///< MaxPool, AveragePool, Global*, ReduceMean over H,W

/// ReduceMean over arbitrary axes: out = MBQM(sum(q - z_in), s_in/(s_out*count)) + z_out.
struct ReduceMeanPrep {
  Shape in_shape;
  std::vector<int> axes;
  int64_t count = 1;
  int32_t in_zp = 0, out_zp = 0;
  Multiplier mult;
};
ReduceMeanPrep prepare_reduce_mean(const Graph& g, const Node& n);

/// Softmax over one axis (TFLite int8 integer softmax). Output must be scale
/// 1/256, zero point -128. The row length must be < 512 (TFLite's sum limit).
struct SoftmaxPrep {
  int64_t outer = 1, axis_len = 1, inner = 1;
  qmath::SoftmaxParams p;
};
SoftmaxPrep prepare_softmax(const Graph& g, const Node& n);

/// Requantize x to new parameters, then clamp: MBQM(q - z_in, s_in/s_out) + z_out.
/// The int8 meaning of a DequantizeLinear->QuantizeLinear pair, of standalone
/// Relu/Clip, and of parameter changes the lowering inserts.
struct RequantPrep {
  int32_t in_zp = 0, out_zp = 0;
  Multiplier mult;
  bool negate = false;    ///< a negative factor (Div by a negative constant): negate q - z_in first
  bool identity = false;  ///< same parameters and no factor: only the clamp applies
  Clamp clamp;
};
RequantPrep prepare_requantize(const Graph& g, const Node& n);

/// LeakyRelu / PRelu (TFLite formula): q - z_in >= 0 ? MBQM(q - z_in, s_in/s_out)
/// : MBQM(q - z_in, s_in*alpha/s_out) (alpha per channel for PRelu; a negative
/// alpha is handled by negating the input difference).
struct LeakyPrep {
  int32_t in_zp = 0, out_zp = 0;
  Multiplier identity;
  std::vector<Multiplier> alpha;   ///< one, or one per channel
  std::vector<bool> alpha_negative;
  int64_t channels = 1, inner = 1; ///< channel axis 1 of NC...: index (i / inner) % channels
};
LeakyPrep prepare_leaky(const Graph& g, const Node& n);

/// Elementwise functions by table: Sigmoid, Tanh, HardSigmoid, HardSwish.
/// table[q + 128] = clamp(round_half_even(f(s_in * (q - z_in)) / s_out) + z_out), in float32.
struct LutPrep {
  std::array<int8_t, 256> table{};
};
LutPrep prepare_lut(const Graph& g, const Node& n);

/// Data movement. All of these keep the input's quantization parameters
/// (the lowering inserts Requantize where a model changes them).
struct TransposePrep {
  Shape in_shape;
  std::vector<int> perm;
};
TransposePrep prepare_transpose(const Graph& g, const Node& n);

struct ConcatPrep {
  int axis = 0;
  int64_t outer = 1, inner = 1;         ///< product of dims before / after the axis
  std::vector<int64_t> axis_sizes;      ///< per input
};
ConcatPrep prepare_concat(const Graph& g, const Node& n);

/// Slice, normalised: per input dim a start and a step (1 where not sliced);
/// output dims from the output tensor.
struct SlicePrep {
  Shape in_shape, out_shape;
  std::vector<int64_t> start, step;
};
SlicePrep prepare_slice(const Graph& g, const Node& n);

/// Pad, normalised: begin/end per dim (negative = crop), constant mode value as
/// a quantized int8, or edge/reflect.
struct PadPrep {
  Shape in_shape, out_shape;
  std::vector<int64_t> begin;
  enum class Mode { Constant, Edge, Reflect } mode = Mode::Constant;
  int8_t value = 0;
};
PadPrep prepare_pad(const Graph& g, const Node& n);

/// Resize (nearest) and Upsample: for each output dim, the source index of
/// every output coordinate (computed on the host with ONNX's coordinate
/// transformation and nearest_mode rules).
struct ResizePrep {
  Shape in_shape, out_shape;
  std::vector<std::vector<int64_t>> src_index;
};
ResizePrep prepare_resize(const Graph& g, const Node& n);

/// The int8 op set: is this node something the int8 IR can hold?
bool is_int8_op(const Node& n);
/// Ops whose int8 output bytes are a rearrangement of input bytes (same parameters).
bool is_data_movement(const std::string& op_type);

/// Validates every node of an int8 graph by preparing it; throws Error naming
/// the first node that does not fit the spec.
void validate_int8_graph(const Graph& g);

}  // namespace tinyc::int8
