// Quantization helpers (see quant_util.h).
#include "reference/float/quant_util.h"

namespace tinyc::ref {

QuantInput read_quant_input(const KernelArgs& a, size_t scale_idx, size_t zp_idx, const char* what) {
  QuantInput q;
  const Tensor& s = a.in(scale_idx);
  if (s.dtype != DType::F32) a.fail(std::string(what) + " scale must be float32, not " + dtype_name(s.dtype));
  if (s.shape.size() > 1) a.fail(std::string(what) + " scale must be a scalar or 1-D, not " + shape_str(s.shape));
  q.scale = s.to_float();
  if (q.scale.empty()) a.fail(std::string(what) + " scale is empty");
  if (const Tensor* z = a.opt(zp_idx)) {
    if (z->dtype != DType::U8 && z->dtype != DType::I8 && z->dtype != DType::I32 && z->dtype != DType::I16 &&
        z->dtype != DType::U16)
      a.fail(std::string(what) + " zero point has type " + dtype_name(z->dtype) + " (an integer type expected)");
    if (z->size() != s.size())
      a.fail(std::string(what) + " zero point has shape " + shape_str(z->shape) + ", its scale " + shape_str(s.shape));
    q.zero_point = z->to_int64();
    q.zp_type = z->dtype;
  } else {
    q.zero_point.assign(q.scale.size(), 0);
  }
  return q;
}

void check_quant_count(const KernelArgs& a, const QuantInput& q, int64_t n, const char* what) {
  if (q.scale.size() != 1 && static_cast<int64_t>(q.scale.size()) != n)
    a.fail(std::string(what) + " has " + std::to_string(q.scale.size()) + " scales, 1 or " + std::to_string(n) +
           " expected");
}

std::vector<int32_t> int32_values(const Tensor& t) {
  std::vector<int64_t> v = t.to_int64();
  return std::vector<int32_t>(v.begin(), v.end());
}

void store_ints(Tensor& t, const std::vector<int64_t>& v) {
  for (size_t i = 0; i < v.size(); ++i) {
    switch (t.dtype) {
      case DType::I8: t.ptr<int8_t>()[i] = static_cast<int8_t>(v[i]); break;
      case DType::U8: t.ptr<uint8_t>()[i] = static_cast<uint8_t>(v[i]); break;
      case DType::I16: t.ptr<int16_t>()[i] = static_cast<int16_t>(v[i]); break;
      case DType::U16: t.ptr<uint16_t>()[i] = static_cast<uint16_t>(v[i]); break;
      case DType::I32: t.ptr<int32_t>()[i] = static_cast<int32_t>(v[i]); break;
      default: t.ptr<int64_t>()[i] = v[i]; break;
    }
  }
}

}  // namespace tinyc::ref
