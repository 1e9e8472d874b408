#include "quantize/prepare/prepare_util.h"

#include <cmath>
#include <limits>

namespace tinyc::int8 {
namespace {
const Tensor& checked_int8(const Graph& g, const Node& n, const std::string& name, const char* what) {
  if (name.empty()) reject(n, std::string("missing ") + what);
  const Tensor& t = g.tensor(name);
  if (t.dtype != DType::I8) reject(n, std::string(what) + " '" + name + "' is " + dtype_name(t.dtype) + ", int8 expected");
  if (!t.quant || t.quant->scale.empty()) reject(n, std::string(what) + " '" + name + "' has no quantization parameters");
  if (t.quant->per_channel()) reject(n, std::string(what) + " '" + name + "' must be quantized per tensor");
  if (!(t.quant->scale[0] > 0)) reject(n, std::string(what) + " '" + name + "' has a non-positive scale");
  const int32_t z = t.quant->zero_point.at(0);
  if (z < -128 || z > 127) reject(n, std::string(what) + " '" + name + "' has zero point " + std::to_string(z) + " outside int8");
  return t;
}
}  // namespace

const Tensor& act_input(const Graph& g, const Node& n, size_t i) { return checked_int8(g, n, n.input(i), "input"); }

const Tensor& act_output(const Graph& g, const Node& n, size_t i) {
  return checked_int8(g, n, i < n.outputs.size() ? n.outputs[i] : std::string(), "output");
}

Clamp fused_clamp(const Node& n, const Tensor& y) {
  const std::string act = n.attr_string("tinyc.activation", "");
  const float inf = std::numeric_limits<float>::infinity();
  const qmath::ClampBounds b =
      qmath::activation_bounds(act, n.attr_float("tinyc.act_min", -inf), n.attr_float("tinyc.act_max", inf), scale_of(y), zp_of(y));
  if (b.min > b.max) reject(n, "the fused activation's range is empty after quantization");
  return Clamp{b.min, b.max};
}

Geometry2D window_geometry(const Graph& g, const Node& n, const Shape& in, const Shape& out) {
  (void)g;
  if (in.size() != 3 && in.size() != 4) reject(n, "input must be 3-D (NCL) or 4-D (NCHW), got " + shape_str(in));
  if (out.size() != in.size()) reject(n, "output rank differs from input rank");
  const bool two_d = in.size() == 4;
  const size_t nsp = in.size() - 2;
  const std::vector<int64_t> k = n.attr_ints("kernel_shape");
  const std::vector<int64_t> s = n.attr_ints("strides", std::vector<int64_t>(nsp, 1));
  const std::vector<int64_t> d = n.attr_ints("dilations", std::vector<int64_t>(nsp, 1));
  const std::vector<int64_t> p = n.attr_ints("pads", std::vector<int64_t>(2 * nsp, 0));
  if (k.size() != nsp || s.size() != nsp || d.size() != nsp || p.size() != 2 * nsp)
    reject(n, "window attributes do not match the input rank");
  for (size_t i = 0; i < nsp; ++i)
    if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0 || p[nsp + i] < 0) reject(n, "invalid kernel, stride, dilation or pad");
  Geometry2D geo;
  geo.batch = static_cast<int>(in[0]);
  geo.in_c = static_cast<int>(in[1]);
  geo.out_c = static_cast<int>(out[1]);
  geo.in_h = two_d ? static_cast<int>(in[2]) : 1;
  geo.in_w = static_cast<int>(in.back());
  geo.out_h = two_d ? static_cast<int>(out[2]) : 1;
  geo.out_w = static_cast<int>(out.back());
  const size_t w = nsp - 1;  // index of the W entries
  geo.k_w = static_cast<int>(k[w]);
  geo.stride_w = static_cast<int>(s[w]);
  geo.dil_w = static_cast<int>(d[w]);
  geo.pad_left = static_cast<int>(p[w]);
  geo.pad_right = static_cast<int>(p[nsp + w]);
  if (two_d) {
    geo.k_h = static_cast<int>(k[0]);
    geo.stride_h = static_cast<int>(s[0]);
    geo.dil_h = static_cast<int>(d[0]);
    geo.pad_top = static_cast<int>(p[0]);
    geo.pad_bottom = static_cast<int>(p[nsp]);
  }
  // Every output position must start inside the padded input (ceil_mode may
  // add a last window that only overlaps the input partly: allowed).
  auto check = [&](int in_sz, int out_sz, int kk, int st, int dl, int pb, int pe, const char* axis) {
    const int eff = (kk - 1) * dl + 1;
    const int floor_out = (in_sz + pb + pe - eff) / st + 1;
    const int ceil_out = (in_sz + pb + pe - eff + st - 1) / st + 1;
    if (in_sz + pb + pe < eff || (out_sz != floor_out && out_sz != ceil_out))
      reject(n, std::string("output ") + axis + " size " + std::to_string(out_sz) + " does not follow from input " +
                    std::to_string(in_sz) + ", kernel " + std::to_string(kk) + ", stride " + std::to_string(st));
  };
  check(geo.in_h, geo.out_h, geo.k_h, geo.stride_h, geo.dil_h, geo.pad_top, geo.pad_bottom, "height");
  check(geo.in_w, geo.out_w, geo.k_w, geo.stride_w, geo.dil_w, geo.pad_left, geo.pad_right, "width");
  if (out[0] != in[0]) reject(n, "batch size changes");
  return geo;
}

}  // namespace tinyc::int8
