// Resize (opset 10, 11, 13, 18) and Upsample (7, 9) in nearest mode, with
// every coordinate_transformation_mode and nearest_mode; linear and cubic
// modes are refused. Coordinates are computed in double, as the ONNX
// reference implementation does, so that rounding ties fall the same way.
#include <cmath>

#include "reference/float/kernel.h"
#include "reference/float/tensor_util.h"

namespace tinyc::ref {
namespace {

struct ResizeSpec {
  std::string coord = "asymmetric";  ///< coordinate_transformation_mode
  std::string nearest = "simple";    ///< nearest_mode; "simple" is opset < 11 (see below)
  std::vector<double> scale;         ///< per dimension, output / input
  Shape out;
  std::vector<double> roi;           ///< tf_crop_and_resize: starts then ends (normalised)
  double extrapolation = 0;
};

double to_original(const ResizeSpec& r, size_t d, int64_t o, int64_t in, const KernelArgs& a) {
  const double x = static_cast<double>(o), s = r.scale[d];
  const int64_t out = r.out[d];
  const std::string& c = r.coord;
  if (c == "half_pixel") return (x + 0.5) / s - 0.5;
  if (c == "pytorch_half_pixel") return out > 1 ? (x + 0.5) / s - 0.5 : 0.0;
  if (c == "align_corners") return out == 1 ? 0.0 : x * static_cast<double>(in - 1) / static_cast<double>(out - 1);
  if (c == "asymmetric") return x / s;
  if (c == "tf_half_pixel_for_nn") return (x + 0.5) / s;
  if (c == "tf_crop_and_resize") {
    const size_t rank = r.out.size();
    const double start = r.roi[d], end = r.roi[rank + d];
    return out > 1 ? start * static_cast<double>(in - 1) + x * (end - start) * static_cast<double>(in - 1) / static_cast<double>(out - 1)
                   : 0.5 * (start + end) * static_cast<double>(in - 1);
  }
  a.fail("coordinate_transformation_mode '" + c + "' is not supported");
}

int64_t nearest_index(const ResizeSpec& r, double x, bool downsampling) {
  const std::string& m = r.nearest;
  const double f = std::floor(x);
  if (m == "round_prefer_floor") return static_cast<int64_t>(x - f == 0.5 ? f : std::round(x));
  if (m == "round_prefer_ceil") return static_cast<int64_t>(x - f == 0.5 ? f + 1 : std::round(x));
  if (m == "floor") return static_cast<int64_t>(f);
  if (m == "ceil") return static_cast<int64_t>(std::ceil(x));
  // Resize-10 and Upsample: onnxruntime floors when enlarging and takes the
  // ceiling when shrinking.
  return static_cast<int64_t>(downsampling ? std::ceil(x) : f);
}

std::vector<Tensor> resample(const KernelArgs& a, const ResizeSpec& r) {
  const Tensor& x = a.in(0);
  const size_t rank = x.shape.size();
  std::vector<std::vector<int64_t>> maps(rank);
  bool any_outside = false;
  for (size_t d = 0; d < rank; ++d) {
    const int64_t in = x.shape[d];
    if (in == 0 && r.out[d] > 0) a.fail("cannot resize an empty dimension");
    for (int64_t o = 0; o < r.out[d]; ++o) {
      const double xo = to_original(r, d, o, in, a);
      if (r.coord == "tf_crop_and_resize" && (xo < 0 || xo > static_cast<double>(in - 1))) {
        maps[d].push_back(-1);  // outside the crop box: extrapolation_value
        any_outside = true;
        continue;
      }
      int64_t i = nearest_index(r, xo, r.scale[d] < 1.0);
      maps[d].push_back(std::min(std::max(i, int64_t{0}), in - 1));
    }
  }
  std::vector<uint8_t> fill(dtype_size(x.dtype), 0);
  if (any_outside)
    visit_numeric(x.dtype, a, [&](auto tag) {
      using T = decltype(tag);
      const T v = static_cast<T>(r.extrapolation);
      std::memcpy(fill.data(), &v, sizeof(T));
    });
  return {remap_dims(x, maps, fill.data())};
}

void check_nearest(const KernelArgs& a) {
  const std::string mode = a.node.attr_string("mode", "nearest");
  if (mode != "nearest") a.fail("mode '" + mode + "' is not supported (only nearest)");
}

// Output size and per-dimension scale from a scales list.
void from_scales(const KernelArgs& a, const Shape& in, const std::vector<float>& scales, ResizeSpec& r) {
  if (scales.size() != in.size())
    a.fail("scales has " + std::to_string(scales.size()) + " values for an input of rank " + std::to_string(in.size()));
  for (size_t d = 0; d < in.size(); ++d) {
    if (!(scales[d] > 0)) a.fail("scales must be positive");
    r.scale.push_back(static_cast<double>(scales[d]));
    r.out.push_back(static_cast<int64_t>(std::floor(static_cast<double>(in[d]) * static_cast<double>(scales[d]))));
  }
}

std::vector<Tensor> resize(const KernelArgs& a) {
  check_nearest(a);
  const Tensor& x = a.in(0);
  ResizeSpec r;
  if (a.opset >= 18 && (a.node.has_attr("axes") || a.node.attr_int("antialias", 0) != 0 ||
                        a.node.attr_string("keep_aspect_ratio_policy", "stretch") != "stretch"))
    a.fail("axes, antialias and keep_aspect_ratio_policy are not supported");
  if (a.opset < 11) {
    from_scales(a, x.shape, a.in(1).to_float(), r);
  } else {
    r.coord = a.node.attr_string("coordinate_transformation_mode", "half_pixel");
    r.nearest = a.node.attr_string("nearest_mode", "round_prefer_floor");
    if (r.nearest != "round_prefer_floor" && r.nearest != "round_prefer_ceil" && r.nearest != "floor" &&
        r.nearest != "ceil")
      a.fail("nearest_mode '" + r.nearest + "' is not supported");
    r.extrapolation = a.node.attr_float("extrapolation_value", 0.f);
    const Tensor* scales = a.opt(2);
    const Tensor* sizes = a.opt(3);
    if (scales && scales->size() > 0) {
      if (sizes && sizes->size() > 0) a.fail("only one of scales and sizes may be given");
      from_scales(a, x.shape, scales->to_float(), r);
    } else if (sizes && sizes->size() > 0) {
      const std::vector<int64_t> sz = int_values(*sizes, a, "sizes");
      if (sz.size() != x.shape.size()) a.fail("sizes has " + std::to_string(sz.size()) + " values for rank " + std::to_string(x.shape.size()));
      for (size_t d = 0; d < sz.size(); ++d) {
        if (sz[d] < 0) a.fail("sizes must not be negative");
        r.out.push_back(sz[d]);
        r.scale.push_back(x.shape[d] ? static_cast<double>(sz[d]) / static_cast<double>(x.shape[d]) : 1.0);
      }
    } else {
      a.fail("one of scales and sizes is required");
    }
    if (r.coord == "tf_crop_and_resize") {
      const Tensor* roi = a.opt(1);
      if (!roi || roi->size() != static_cast<int64_t>(2 * x.shape.size())) a.fail("tf_crop_and_resize needs roi of 2 x rank values");
      for (float v : roi->to_float()) r.roi.push_back(static_cast<double>(v));
    }
  }
  return resample(a, r);
}

std::vector<Tensor> upsample(const KernelArgs& a) {
  check_nearest(a);
  const Tensor& x = a.in(0);
  ResizeSpec r;
  from_scales(a, x.shape, a.opset < 9 ? a.node.attr_floats("scales") : a.in(1).to_float(), r);
  return resample(a, r);
}

}  // namespace

KernelTable resize_kernels() {
  return {
      {"", "Resize", resize},
      {"", "Upsample", upsample},
  };
}

}  // namespace tinyc::ref
