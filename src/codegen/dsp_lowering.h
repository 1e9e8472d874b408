// Lowering of Conv, fully connected and Add to the Armv7E-M DSP kernels
// (runtime/kernels/arm_dsp/), for targets with `dsp`: weights packed as int16
// in the order the kernels read them (tinyc_rt/dsp_pack.h, shared with the
// runtime), the input offset folded into the bias, requantization constants
// per channel (tinyc_rt::DspChannel), add tables. Internal to src/codegen/.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "codegen/builder.h"
#include "tinyc/int8_prepare.h"
#include "tinyc_rt/kernels.h"

namespace tinyc::codegen {

/// Each lowers the node and returns true, or returns false having emitted
/// nothing when the node is outside the DSP kernels' preconditions (grouped
/// convolution, ch_mult > 1, a multiplier the fast requantization cannot
/// reproduce exactly); the caller then emits the portable-layout kernel.
bool lower_conv_dsp(Builder& b, const Node& n, const int8::ConvPrep& p);
bool lower_fc_dsp(Builder& b, const Node& n, const int8::FcPrep& p);

/// What the DSP kernels receive for one Conv or fully connected node: the
/// params, the packed int16 weights and the DspChannel fields (4 per channel).
/// The lowering emits these; the tests feed them to the kernels directly.
struct PackedConv {
  tinyc_rt::ConvParams params{};
  std::string kernel;              ///< conv2d_s8_dsp or dwconv2d_s8_dsp
  std::vector<int64_t> weights, channels;
  int64_t scratch_bytes = 0;
  /// The start of the scratch only an in-place call uses (its ring of saved
  /// rows; 0 when the call cannot run in place): not needed otherwise.
  int64_t inplace_ring_bytes = 0;
};
bool pack_conv_dsp(const Graph& g, const int8::ConvPrep& p, PackedConv& out);
struct PackedFc {
  tinyc_rt::FcParams params{};
  std::vector<int64_t> weights, channels;
  int64_t scratch_bytes = 0;
};
bool pack_fc_dsp(const Graph& g, const int8::FcPrep& p, PackedFc& out);

/// add_s8_table's tables (256 entries each, index q + 128), or false when an
/// entry would reach 2^29 (the kernel's headroom).
bool add_tables(const int8::AddPrep& p, std::vector<int64_t>& table_a, std::vector<int64_t>& table_b);

/// One output channel's DspChannel {bias, mult, round, shift} (kernels.h).
struct DspChannelPlan {
  std::array<int64_t, 4> fields{};
  bool constant = false;  ///< output independent of the input: the caller zeroes the channel's weights
};
/// Plans a channel whose accumulator is sum((q + in_offset) * w) + bias over
/// weights with sum `sum_w` and sum of magnitudes `sum_abs_w`. Returns false
/// when the DSP requantization cannot give requantize(acc, m) + out_offset for
/// every input (a shift of 0 or a left shift, or too little int32 headroom).
bool plan_dsp_channel(int64_t bias, int64_t sum_w, int64_t sum_abs_w, bool all_zero, qmath::Multiplier m,
                      int32_t in_offset, int32_t out_offset, DspChannelPlan& out);

}  // namespace tinyc::codegen
