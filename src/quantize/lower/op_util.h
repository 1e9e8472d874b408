// Attribute normalisation shared by the lowering rules of windowed ops.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "quantize/lower/lowering.h"
#include "tinyc/ir.h"

namespace tinyc::lower {

/// Writes explicit kernel_shape, strides, dilations and pads (auto_pad
/// resolved: SAME_UPPER puts the odd extra at the end, SAME_LOWER at the
/// start) onto `dst`, from the source node `src`. `kernel` is the weight shape
/// (OIHW: spatial dims from index 2) when `weights_have_channels`, else the
/// spatial kernel itself.
void set_window_attrs(Node& dst, const Node& src, const Shape& in, const Shape& out, const Shape& kernel,
                      bool weights_have_channels);

/// Integer values of a constant input, or of an attribute for older opsets.
std::vector<int64_t> constant_ints(const Lowering& L, const Node& n, const std::string& input_name);

void register_compute_lowerings(std::map<std::string, OpLowering>& t);
void register_movement_lowerings(std::map<std::string, OpLowering>& t);

}  // namespace tinyc::lower
