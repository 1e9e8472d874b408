// onnx::TensorProto <-> tinyc::Tensor.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>

#include "tinyc/ir.h"

namespace tinyc::frontend {

/// ONNX's name for a TensorProto.DataType code ("bfloat16", "string", ...).
std::string onnx_type_name(int onnx_type);

/// Converts a TensorProto holding its data inline (raw_data or the typed
/// *_data fields; float16 too) into a constant Tensor. Throws Error naming the
/// tensor for: a type tinyc has no DType for, a negative dimension, more than
/// `max_elements` elements (checked before allocating), data shorter or longer
/// than the shape needs, and external data not resolved beforehand.
/// `what` names the tensor's role in messages ("initializer 'w': ...").
Tensor tensor_from_proto(const onnx::TensorProto& p, int64_t max_elements, const std::string& what = "tensor");

/// The checks tensor_from_proto makes, without converting any data (cheap:
/// run on every initializer before libonnx's checker so tinyc's clearer
/// messages come first). Returns the element count.
int64_t validate_tensor_proto(const onnx::TensorProto& p, int64_t max_elements, const std::string& what = "tensor");

/// Writes a constant Tensor as a TensorProto (raw_data, little-endian).
void tensor_to_proto(const Tensor& t, onnx::TensorProto* p);

}  // namespace tinyc::frontend
