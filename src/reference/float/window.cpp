// Sliding-window geometry (see window.h).
#include "reference/float/window.h"

#include <algorithm>
#include <string>

#include "tinyc/ir.h"

namespace tinyc::ref {

std::vector<int64_t> Window::out_shape() const {
  return std::vector<int64_t>(out + (3 - rank), out + 3);
}

namespace {
std::vector<int64_t> attr_or(const KernelArgs& a, const char* name, size_t n, int64_t dflt) {
  std::vector<int64_t> v = a.node.attr_ints(name, std::vector<int64_t>(n, dflt));
  if (v.empty()) v.assign(n, dflt);  // an empty list means "the default" in some exporters
  if (v.size() != n)
    a.fail(std::string("attribute '") + name + "' has " + std::to_string(v.size()) + " values, " + std::to_string(n) +
           " expected");
  return v;
}
int64_t div_floor(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t div_ceil(int64_t a, int64_t b) { return -div_floor(-a, b); }
}  // namespace

Window make_window(const KernelArgs& a, const std::vector<int64_t>& x, const std::vector<int64_t>& kernel,
                   bool allow_ceil_mode) {
  if (x.size() < 3) a.fail("input of shape " + shape_str(x) + " has no spatial dimensions (N x C x D1 ... expected)");
  const size_t r = x.size() - 2;
  if (r > 3) a.fail("only 1, 2 or 3 spatial dimensions are supported, the input has " + std::to_string(r));
  if (kernel.size() != r)
    a.fail("kernel has " + std::to_string(kernel.size()) + " spatial dimensions, the input " + std::to_string(r));
  const std::vector<int64_t> strides = attr_or(a, "strides", r, 1);
  const std::vector<int64_t> dilations = attr_or(a, "dilations", r, 1);
  const std::vector<int64_t> pads = attr_or(a, "pads", 2 * r, 0);
  const std::string auto_pad = a.node.attr_string("auto_pad", "NOTSET");
  const bool ceil_mode = allow_ceil_mode && a.node.attr_int("ceil_mode", 0) != 0;
  if (auto_pad != "NOTSET" && auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER" && auto_pad != "VALID")
    a.fail("auto_pad '" + auto_pad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");

  Window w;
  w.rank = static_cast<int>(r);
  for (size_t i = 0; i < r; ++i) {
    const size_t j = 3 - r + i;
    w.in[j] = x[2 + i];
    w.k[j] = kernel[i];
    w.s[j] = strides[i];
    w.d[j] = dilations[i];
    if (w.k[j] < 1 || w.s[j] < 1 || w.d[j] < 1)
      a.fail("kernel, strides and dilations must be positive (dimension " + std::to_string(i) + ")");
    const int64_t span = (w.k[j] - 1) * w.d[j] + 1;  // extent of one dilated window
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      w.out[j] = div_ceil(w.in[j], w.s[j]);
      const int64_t total = std::max<int64_t>(0, (w.out[j] - 1) * w.s[j] + span - w.in[j]);
      // The odd pixel of padding goes at the end for SAME_UPPER, at the start for SAME_LOWER.
      w.pb[j] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      w.pe[j] = total - w.pb[j];
    } else {
      if (auto_pad == "NOTSET") {
        w.pb[j] = pads[i];
        w.pe[j] = pads[r + i];
        if (w.pb[j] < 0 || w.pe[j] < 0) a.fail("negative pads are not allowed");
      }
      const int64_t room = w.in[j] + w.pb[j] + w.pe[j] - span;
      if (room < 0)
        a.fail("window of extent " + std::to_string(span) + " does not fit the padded input (" +
               std::to_string(w.in[j] + w.pb[j] + w.pe[j]) + ") in spatial dimension " + std::to_string(i));
      w.out[j] = (ceil_mode ? div_ceil(room, w.s[j]) : room / w.s[j]) + 1;
      // With ceil_mode the last window must start inside the input or its
      // leading padding (the rule onnxruntime and PyTorch apply).
      if (ceil_mode && (w.out[j] - 1) * w.s[j] >= w.in[j] + w.pb[j]) --w.out[j];
    }
  }
  return w;
}

}  // namespace tinyc::ref
