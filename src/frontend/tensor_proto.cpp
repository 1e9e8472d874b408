// TensorProto conversion. ONNX stores values either in raw_data (little-endian
// bytes) or in one typed repeated field whose choice depends on the type:
// float_data (float), int32_data (int32, int16, int8, uint16, uint8, bool and
// the bits of float16), int64_data (int64), double_data (double), uint64_data
// (uint32, uint64). tinyc keeps little-endian bytes, so raw_data is copied and
// the typed fields are narrowed element by element.
#include "frontend/tensor_proto.h"

#include <cstring>

#include "tinyc/error.h"

namespace tinyc::frontend {

std::string onnx_type_name(int t) {
  static const char* const names[] = {"undefined", "float32", "uint8",  "int8",    "uint16",     "int16",
                                      "int32",     "int64",   "string", "bool",    "float16",    "float64",
                                      "uint32",    "uint64",  "complex64", "complex128", "bfloat16",
                                      "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz",
                                      "uint4", "int4"};
  if (t >= 0 && t < static_cast<int>(sizeof(names) / sizeof(names[0]))) return names[t];
  return "type " + std::to_string(t);
}

namespace {

[[noreturn]] void fail_tensor(const std::string& what, const std::string& name, const std::string& msg) {
  fail(what + " '" + name + "': " + msg);
}

template <class Src, class Dst>
void narrow_into(const Src& src, Tensor& t) {
  Dst* out = t.ptr<Dst>();
  for (int i = 0; i < src.size(); ++i) out[i] = static_cast<Dst>(src.Get(i));
}

/// Number of values held by the typed field that `dtype` uses.
int typed_count(const onnx::TensorProto& p, DType dtype) {
  switch (dtype) {
    case DType::F32: return p.float_data_size();
    case DType::I64: return p.int64_data_size();
    case DType::F64: return p.double_data_size();
    case DType::Undefined: return 0;
    default: return p.int32_data_size();
  }
}

}  // namespace

int64_t validate_tensor_proto(const onnx::TensorProto& p, int64_t max_elements, const std::string& what) {
  const std::string& name = p.name();
  DType dtype = dtype_from_onnx(p.data_type());
  if (dtype == DType::Undefined)
    fail_tensor(what, name, "type " + onnx_type_name(p.data_type()) + " is not supported");
  if (p.data_location() == onnx::TensorProto::EXTERNAL)
    fail_tensor(what, name, "external data was not loaded");
  if (p.has_segment()) fail_tensor(what, name, "segmented tensors are not supported");
  Shape shape(p.dims().begin(), p.dims().end());
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) fail_tensor(what, name, "negative dimension in shape " + shape_str(shape));
    if (d != 0 && count > max_elements / d)
      fail_tensor(what, name, "shape " + shape_str(shape) + " has more than " + std::to_string(max_elements) + " elements");
    count *= d;
  }
  if (count > max_elements)
    fail_tensor(what, name, "shape " + shape_str(shape) + " has more than " + std::to_string(max_elements) + " elements");
  if (p.has_raw_data()) {
    const size_t need = static_cast<size_t>(count) * dtype_size(dtype);
    if (p.raw_data().size() != need)
      fail_tensor(what, name, "has " + std::to_string(p.raw_data().size()) + " bytes of data, shape " + shape_str(shape) +
                                  " of " + dtype_name(dtype) + " needs " + std::to_string(need));
  } else if (typed_count(p, dtype) != count) {
    fail_tensor(what, name, "has " + std::to_string(typed_count(p, dtype)) + " values, shape " + shape_str(shape) +
                                " needs " + std::to_string(count));
  }
  return count;
}

Tensor tensor_from_proto(const onnx::TensorProto& p, int64_t max_elements, const std::string& what) {
  validate_tensor_proto(p, max_elements, what);
  DType dtype = dtype_from_onnx(p.data_type());
  Tensor t(p.name(), dtype, Shape(p.dims().begin(), p.dims().end()));
  t.is_constant = true;
  if (p.has_raw_data()) {
    t.data.assign(p.raw_data().begin(), p.raw_data().end());
    return t;
  }
  t.allocate();
  switch (dtype) {
    case DType::F32: narrow_into<decltype(p.float_data()), float>(p.float_data(), t); break;
    case DType::I64: narrow_into<decltype(p.int64_data()), int64_t>(p.int64_data(), t); break;
    case DType::F64: narrow_into<decltype(p.double_data()), double>(p.double_data(), t); break;
    case DType::I32: narrow_into<decltype(p.int32_data()), int32_t>(p.int32_data(), t); break;
    case DType::I16: narrow_into<decltype(p.int32_data()), int16_t>(p.int32_data(), t); break;
    case DType::U16:
    case DType::F16:  // int32_data holds the 16 bits of each half
      narrow_into<decltype(p.int32_data()), uint16_t>(p.int32_data(), t);
      break;
    case DType::I8: narrow_into<decltype(p.int32_data()), int8_t>(p.int32_data(), t); break;
    case DType::U8: narrow_into<decltype(p.int32_data()), uint8_t>(p.int32_data(), t); break;
    case DType::Bool: {
      uint8_t* out = t.ptr<uint8_t>();
      for (int i = 0; i < p.int32_data_size(); ++i) out[i] = p.int32_data(i) != 0;
      break;
    }
    case DType::Undefined: break;
  }
  return t;
}

void tensor_to_proto(const Tensor& t, onnx::TensorProto* p) {
  p->set_name(t.name);
  p->set_data_type(dtype_to_onnx(t.dtype));
  for (int64_t d : t.shape) p->add_dims(d);
  if (t.data.size() != t.byte_size())
    fail("tensor '" + t.name + "' holds " + std::to_string(t.data.size()) + " bytes, shape " + shape_str(t.shape) +
             " needs " + std::to_string(t.byte_size()),
         ErrorKind::Internal);
  p->set_raw_data(std::string(reinterpret_cast<const char*>(t.data.data()), t.data.size()));
}

}  // namespace tinyc::frontend
