#include "quantize/lower/op_util.h"

#include <algorithm>

#include "tinyc/error.h"

namespace tinyc::lower {

void set_window_attrs(Node& dst, const Node& src, const Shape& in, const Shape& out, const Shape& kernel,
                      bool weights_have_channels) {
  if (in.size() < 3) fail_node(src.name, src.op_type, "input must have spatial dimensions, got " + shape_str(in));
  const size_t nsp = in.size() - 2;
  std::vector<int64_t> k(kernel.begin() + (weights_have_channels ? 2 : 0), kernel.end());
  if (k.size() != nsp) fail_node(src.name, src.op_type, "kernel rank does not match the input");
  std::vector<int64_t> strides = src.attr_ints("strides", std::vector<int64_t>(nsp, 1));
  std::vector<int64_t> dil = src.attr_ints("dilations", std::vector<int64_t>(nsp, 1));
  if (strides.size() != nsp || dil.size() != nsp) fail_node(src.name, src.op_type, "strides/dilations rank mismatch");
  std::vector<int64_t> pads(2 * nsp, 0);
  const std::string auto_pad = src.attr_string("auto_pad", "NOTSET");
  if (auto_pad == "NOTSET") {
    pads = src.attr_ints("pads", pads);
    if (pads.size() != 2 * nsp) fail_node(src.name, src.op_type, "pads rank mismatch");
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (size_t d = 0; d < nsp; ++d) {
      const int64_t eff = (k[d] - 1) * dil[d] + 1;
      const int64_t total = std::max<int64_t>(0, (out[2 + d] - 1) * strides[d] + eff - in[2 + d]);
      const int64_t begin = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pads[d] = begin;
      pads[nsp + d] = total - begin;
    }
  } else if (auto_pad != "VALID") {
    fail_node(src.name, src.op_type, "unknown auto_pad '" + auto_pad + "'");
  }
  dst.attrs["kernel_shape"] = Attribute::of_ints(k);
  dst.attrs["strides"] = Attribute::of_ints(strides);
  dst.attrs["dilations"] = Attribute::of_ints(dil);
  dst.attrs["pads"] = Attribute::of_ints(pads);
}

std::vector<int64_t> constant_ints(const Lowering& L, const Node& n, const std::string& input_name) {
  const Tensor* c = L.constant(input_name);
  if (!c) fail_node(n.name, n.op_type, "input '" + input_name + "' must be constant in int8");
  return c->to_int64();
}

const std::map<std::string, OpLowering>& op_lowerings() {
  static const std::map<std::string, OpLowering> table = [] {
    std::map<std::string, OpLowering> t;
    register_compute_lowerings(t);
    register_movement_lowerings(t);
    return t;
  }();
  return table;
}

}  // namespace tinyc::lower
