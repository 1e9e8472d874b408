// Resize (opset 10: X, scales; 11+: X, roi, scales, sizes) and the older
// Upsample (7: scales attribute; 9: scales input). tinyc implements the
// nearest mode only; other modes are refused naming the node.
#include "frontend/shapes/rule.h"

#include <cmath>

namespace tinyc::shapes {
namespace {

/// floor(dim * scale) in float, as onnxruntime computes it.
int64_t scaled(const NodeCtx& c, int64_t dim, float scale) {
  if (!(scale > 0) || !std::isfinite(scale)) c.fail("scales must be positive and finite");
  double v = std::floor(static_cast<double>(static_cast<float>(dim) * scale));
  if (v > 9.0e15) c.fail("scale " + std::to_string(scale) + " makes an absurdly large output");
  return static_cast<int64_t>(v);
}

Shape apply_scales(const NodeCtx& c, const Shape& in, const std::vector<float>& scales, const std::vector<float>& roi) {
  if (scales.size() != in.size())
    c.fail("scales has " + std::to_string(scales.size()) + " values, the input has rank " + std::to_string(in.size()));
  const bool crop = c.node.attr_string("coordinate_transformation_mode", "half_pixel") == "tf_crop_and_resize";
  if (crop && roi.size() != 2 * in.size()) c.fail("tf_crop_and_resize needs an roi of " + std::to_string(2 * in.size()) + " values");
  Shape out(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    float extent = crop ? roi[in.size() + i] - roi[i] : 1.f;
    out[i] = scaled(c, in[i], scales[i] * extent);
  }
  return out;
}

bool given(const NodeCtx& c, size_t i) { return c.has(i) && num_elements(c.shape(i)) > 0; }

std::vector<OutInfo> resize(const NodeCtx& c) {
  const Shape& in = c.shape(0);
  if (c.opset < 11) {
    c.require_inputs(2, 2);
    return {OutInfo{apply_scales(c, in, c.floats(1, "scales"), {}), c.dtype(0), std::nullopt}};
  }
  c.require_inputs(1, 4);
  const bool has_scales = given(c, 2), has_sizes = given(c, 3);
  if (has_scales == has_sizes) c.fail("exactly one of scales and sizes must be given");
  if (has_sizes) {
    std::vector<int64_t> sizes = c.ints(3, "sizes");
    if (sizes.size() != in.size())
      c.fail("sizes has " + std::to_string(sizes.size()) + " values, the input has rank " + std::to_string(in.size()));
    for (int64_t s : sizes)
      if (s <= 0) c.fail("sizes must be positive");
    return {OutInfo{Shape(sizes.begin(), sizes.end()), c.dtype(0), std::nullopt}};
  }
  std::vector<float> roi;
  if (given(c, 1)) roi = c.floats(1, "roi");
  return {OutInfo{apply_scales(c, in, c.floats(2, "scales"), roi), c.dtype(0), std::nullopt}};
}

std::vector<OutInfo> upsample(const NodeCtx& c) {
  const Shape& in = c.shape(0);
  std::vector<float> scales;
  if (c.opset < 9) {
    c.require_inputs(1, 1);
    scales = c.node.attr_floats("scales");
  } else {
    c.require_inputs(2, 2);
    scales = c.floats(1, "scales");
  }
  return {OutInfo{apply_scales(c, in, scales, {}), c.dtype(0), std::nullopt}};
}

std::string check_nearest(const Node& n, int64_t) {
  std::string mode = n.attr_string("mode", "nearest");
  if (mode != "nearest") return "mode '" + mode + "' is not supported (only 'nearest')";
  if (n.has_attr("axes")) return "the axes attribute (opset 18) is not supported";
  std::string policy = n.attr_string("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch") return "keep_aspect_ratio_policy '" + policy + "' is not supported";
  return "";
}

const std::vector<OpRule> kRules = {
    {"", "Resize", 10, 22, resize, check_nearest, "Resize exists from opset 10 (Upsample before)"},
    {"", "Upsample", 7, 9, upsample, check_nearest, "Upsample was replaced by Resize in opset 10"},
};

}  // namespace

const std::vector<OpRule>& resize_rules() { return kRules; }

}  // namespace tinyc::shapes
