/* tinyc runtime — the int8 kernel API.
 *
 * Freestanding C++11 (only <stdint.h>, <stddef.h>, <string.h>); no heap, no
 * exceptions, no RTTI, no static constructors, no floating point. Every
 * parameter is prepared by the compiler (tinyc's int8 prepare); kernels only
 * check cheap invariants and return a Status, they never print.
 *
 * Layout: activations are channels-last (NHWC; a 1-D op is H = 1), int8.
 * Quantization (docs/quantization.md): real = scale * (q - zero_point);
 * accumulators are int32; requantization is tinyc_rt::requantize (requant.h)
 * with a multiplier in [2^30, 2^31) (or 0) and a shift (> 0 left, <= 0 right).
 * "offset" fields are *negated* input zero points (added to q) and output zero
 * points (added after requantization), as in CMSIS-NN.
 * Aliasing: add_s8, mul_s8, requantize_s8, leaky_relu_s8 and lut_s8 may run in
 * place (output == an input); every other kernel's output overlaps no input.
 *
 * Every kernel has a plain portable implementation in
 * runtime/kernels/portable/<family>.cpp. Optimised variants (e.g.
 * runtime/kernels/arm_dsp/) keep the same signature and name suffix; a kernel
 * that needs scratch memory has a *_scratch_size twin, which the compiler's
 * planner and the kernel both use.
 */
#ifndef TINYC_RT_KERNELS_H
#define TINYC_RT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

namespace tinyc_rt {

enum Status { kOk = 0, kArgError = 1 };

/* ---- convolution --------------------------------------------------------- */

struct ConvParams {
  int32_t batch;
  int32_t in_h, in_w, in_c;      /* input  [batch][in_h][in_w][in_c] */
  int32_t out_h, out_w, out_c;   /* output [batch][out_h][out_w][out_c] */
  int32_t k_h, k_w;
  int32_t stride_h, stride_w;
  int32_t dil_h, dil_w;
  int32_t pad_top, pad_left;     /* taps outside the input are skipped (= input zero point padding) */
  int32_t groups;                /* conv2d: in_c and out_c divisible by groups */
  int32_t ch_mult;               /* depthwise: out_c = in_c * ch_mult */
  int32_t in_offset;             /* -input zero point */
  int32_t out_offset;            /* output zero point */
  int32_t act_min, act_max;      /* clamp after adding out_offset */
};

/* Convolution (plain or grouped).
 * [in]  mult, shift  per output channel (out_c entries)
 * [in]  weights      [out_c][k_h][k_w][in_c / groups], symmetric int8
 * [in]  bias         [out_c] int32 or NULL
 * [in]  scratch      conv2d_s8_scratch_size(p) bytes, 4-byte aligned (NULL when 0) */
Status conv2d_s8(const ConvParams* p, const int32_t* mult, const int32_t* shift, const int8_t* input,
                 const int8_t* weights, const int32_t* bias, int8_t* output, void* scratch);
size_t conv2d_s8_scratch_size(const ConvParams* p);

/* Depthwise convolution: output channel c reads input channel c / ch_mult.
 * [in]  weights      [k_h][k_w][out_c] */
Status dwconv2d_s8(const ConvParams* p, const int32_t* mult, const int32_t* shift, const int8_t* input,
                   const int8_t* weights, const int32_t* bias, int8_t* output, void* scratch);
size_t dwconv2d_s8_scratch_size(const ConvParams* p);

/* ---- fully connected ----------------------------------------------------- */

struct FcParams {
  int32_t rows, depth, units;    /* input [rows][depth], output [rows][units] */
  int32_t in_offset, out_offset;
  int32_t act_min, act_max;
  int32_t per_channel;           /* 1: mult/shift have `units` entries; 0: one entry */
};

/* [in] weights [units][depth], bias [units] or NULL */
Status fully_connected_s8(const FcParams* p, const int32_t* mult, const int32_t* shift, const int8_t* input,
                          const int8_t* weights, const int32_t* bias, int8_t* output, void* scratch);
size_t fully_connected_s8_scratch_size(const FcParams* p);

/* ---- pre-packed variants for Armv7E-M DSP (runtime/kernels/arm_dsp/) ----
 * The compiler prepares everything per output channel at compile time and
 * packs the weights as int16 in the order the kernel reads them
 * (tinyc_rt/dsp_pack.h). Per channel c, with M, n from the int8 prepare:
 *   bias   = bias[c] + in_offset * sum of c's weights (activations enter raw;
 *            padding taps read the input zero point, so the sum stays exact)
 *   mult   = 2*M - 2^32 as int32, so SMMLAR(acc, mult, acc) = srdhm(acc, M)
 *   round  = 2^(R-1) + (out_offset << R), R = -n >= 1
 *   shift  = R
 * out = clamp((srdhm(acc, M) + round - (srdhm < 0)) >> R), which is
 * requantize(acc, M, n) + out_offset exactly (docs/performance.md). The
 * compiler uses these kernels only where that holds for every channel. */
struct DspChannel {
  int32_t bias, mult, round, shift;
};

/* Convolution, groups == 1; weights dsp_pack::conv_weight_index order.
 * [in] ch        round_up(out_c, 2) entries
 * [in] scratch   dsp_pack::conv_scratch_size(p) bytes, 4-byte aligned; not in
 *                place, that less dsp_pack::conv_ring_bytes(p) is enough */
Status conv2d_s8_dsp(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                     int8_t* output, void* scratch);
size_t conv2d_s8_dsp_scratch_size(const ConvParams* p);
/* Depthwise, ch_mult == 1; weights dsp_pack::dw_weight_index order, ch round_up(out_c, 4) entries. */
Status dwconv2d_s8_dsp(const ConvParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                       int8_t* output, void* scratch);
size_t dwconv2d_s8_dsp_scratch_size(const ConvParams* p);
/* Fully connected; weights dsp_pack::fc_weight_index order, ch round_up(units, 4)
 * entries (per_channel is ignored: the compiler repeats a per-tensor multiplier). */
Status fully_connected_s8_dsp(const FcParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                              int8_t* output, void* scratch);
size_t fully_connected_s8_dsp_scratch_size(const FcParams* p);

/* ---- elementwise --------------------------------------------------------- */

enum { kMaxRank = 6 };

/* Broadcasting: for output index (i_0..i_{rank-1}) the inputs are read at
 * sum(i_d * a_strides[d]) and sum(i_d * b_strides[d]) (stride 0 = broadcast). */
struct BroadcastShape {
  int32_t rank;
  int32_t out_dims[kMaxRank];
  int32_t a_strides[kMaxRank];
  int32_t b_strides[kMaxRank];
};

/* TFLite ADD/SUB: a' = requantize((a + a_offset) << left_shift, a_mult, a_shift),
 * likewise b'; out = requantize(a' +/- b', out_mult, out_shift) + out_offset. */
struct AddParams {
  int32_t a_offset, b_offset, out_offset;
  int32_t left_shift;
  int32_t a_mult, a_shift, b_mult, b_shift, out_mult, out_shift;
  int32_t act_min, act_max;
  int32_t subtract;              /* 1: a - b */
};
/* Same-shape inputs, `count` elements. */
Status add_s8(const AddParams* p, const int8_t* a, const int8_t* b, int8_t* output, int32_t count);
Status add_s8_broadcast(const AddParams* p, const BroadcastShape* s, const int8_t* a, const int8_t* b, int8_t* output);

/* add_s8 with each input's rescaling tabulated by the compiler:
 * out = clamp(requantize(table_a[a + 128] + table_b[b + 128], out_mult, out_shift) + out_offset),
 * table_x[q + 128] = requantize((q + x_offset) << left_shift, x_mult, x_shift)
 * (table_b negated for a subtraction), every entry below 2^29 in magnitude.
 * Other AddParams fields are not read. */
Status add_s8_table(const AddParams* p, const int32_t* table_a, const int32_t* table_b, const int8_t* a,
                    const int8_t* b, int8_t* output, int32_t count);

/* TFLite MUL: out = requantize((a + a_offset) * (b + b_offset), mult, shift) + out_offset. */
struct MulParams {
  int32_t a_offset, b_offset, out_offset;
  int32_t mult, shift;
  int32_t act_min, act_max;
};
Status mul_s8(const MulParams* p, const int8_t* a, const int8_t* b, int8_t* output, int32_t count);
Status mul_s8_broadcast(const MulParams* p, const BroadcastShape* s, const int8_t* a, const int8_t* b, int8_t* output);

/* out = clamp(requantize(sign * (q + in_offset), mult, shift) + out_offset); with
 * identity != 0 only the clamp applies (same parameters). */
struct RequantizeParams {
  int32_t in_offset, out_offset;
  int32_t mult, shift;
  int32_t negate;                /* 1: sign = -1 (division by a negative constant) */
  int32_t identity;
  int32_t act_min, act_max;
};
Status requantize_s8(const RequantizeParams* p, const int8_t* input, int8_t* output, int32_t count);

/* LeakyRelu / PRelu (TFLite): d = q + in_offset; d >= 0 ? requantize(d, id) :
 * requantize(alpha_negative[c] ? -d : d, alpha[c]); + out_offset; clamp to int8.
 * Channel of element i: (i / inner) % channels (channels = 1: one alpha). */
struct LeakyParams {
  int32_t in_offset, out_offset;
  int32_t id_mult, id_shift;
  int32_t channels, inner;
};
Status leaky_relu_s8(const LeakyParams* p, const int32_t* alpha_mult, const int32_t* alpha_shift,
                     const uint8_t* alpha_negative, const int8_t* input, int8_t* output, int32_t count);

/* out[i] = table[in[i] + 128]: Sigmoid, Tanh, HardSigmoid, HardSwish, ... */
Status lut_s8(const int8_t* table, const int8_t* input, int8_t* output, int32_t count);

/* ---- pooling and reductions --------------------------------------------- */

struct PoolParams {
  int32_t batch, in_h, in_w, channels, out_h, out_w;
  int32_t k_h, k_w, stride_h, stride_w, dil_h, dil_w;
  int32_t pad_top, pad_left, pad_bottom, pad_right;
  int32_t count_include_pad;     /* average: divisor counts padding (not the ceil_mode overhang) */
  int32_t act_min, act_max;
  /* avgpool_requant_s8; avgpool_s8 reads in_offset only with count_include_pad
   * (counted padding holds the input zero point, -in_offset): */
  int32_t in_offset, out_offset;
};
Status maxpool_s8(const PoolParams* p, const int8_t* input, int8_t* output);
/* TFLite average pooling (input and output share parameters): the average of the
 * raw codes, rounded half away from zero. */
Status avgpool_s8(const PoolParams* p, const int8_t* input, int8_t* output);
/* Average pooling that changes parameters: requantize(sum(q + in_offset),
 * mult[n], shift[n]) + out_offset, n = divisor (tables of k_h*k_w + 1 entries). */
Status avgpool_requant_s8(const PoolParams* p, const int32_t* mult_by_count, const int32_t* shift_by_count,
                          const int8_t* input, int8_t* output);

/* Mean over the dims flagged in reduce[] of an input of `rank` dims:
 * out = clamp(requantize(sum(q + in_offset), mult, shift) + out_offset). */
struct ReduceParams {
  int32_t rank;
  int32_t in_dims[kMaxRank];
  int32_t reduce[kMaxRank];
  int32_t in_offset, out_offset;
  int32_t mult, shift;
};
Status reduce_mean_s8(const ReduceParams* p, const int8_t* input, int8_t* output);

/* TFLite int8 softmax along an axis: element j of row (o, i) is at
 * (o * axis_len + j) * inner + i. Output scale 1/256, zero point -128.
 * input_mult/input_shift: beta * s_in * 2^26 (shift >= 0); diff_min < 0. */
struct SoftmaxParams {
  int32_t outer, axis_len, inner;
  int32_t input_mult, input_shift;
  int32_t diff_min;
};
Status softmax_s8(const SoftmaxParams* p, const int8_t* input, int8_t* output);

/* ---- data movement ------------------------------------------------------- */

/* Strided copy over an index space dims[0..rank-1]:
 * out[out_offset + sum(i_d*out_strides[d])] = in[in_offset + sum(i_d*in_strides[d])].
 * Transpose, Slice, Concat (one call per input), Pad's interior, and copies. */
struct CopyParams {
  int32_t rank;
  int32_t dims[kMaxRank];
  int32_t in_strides[kMaxRank];
  int32_t out_strides[kMaxRank];
  int32_t in_offset, out_offset;
};
Status copy_strided_s8(const CopyParams* p, const int8_t* input, int8_t* output);

/* Gather by per-dimension offset tables: out (contiguous, dims[]) element
 * (i_0..) = in[sum(table[d][i_d])], or `fill` when any table entry is negative.
 * Resize (nearest) and Pad (constant, edge, reflect). */
struct GatherParams {
  int32_t rank;
  int32_t dims[kMaxRank];
  const int32_t* tables[kMaxRank];
  int8_t fill;
};
Status gather_s8(const GatherParams* p, const int8_t* input, int8_t* output);

Status fill_s8(int8_t value, int8_t* output, int32_t count);

}  // namespace tinyc_rt

#endif /* TINYC_RT_KERNELS_H */
