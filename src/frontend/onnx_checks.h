// Running libonnx's own validation on a model: onnx::checker and
// onnx::shape_inference, with their (sometimes multi-line) exceptions turned
// into one-line tinyc Errors.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>

namespace tinyc::frontend {

/// The newest default-domain opset libonnx (1.12) knows; newer models skip its
/// checker and shape inference and rely on tinyc's own checks.
constexpr int64_t kOnnxLibMaxOpset = 17;
/// The newest IR version libonnx 1.12's checker accepts.
constexpr int64_t kOnnxLibMaxIrVersion = 8;

/// Runs onnx::checker::check_model. Throws Error (no file; the caller adds it).
void run_onnx_checker(const onnx::ModelProto& m);
/// Runs onnx::shape_inference::InferShapes (strict, with data propagation),
/// which adds value_info entries. Throws Error on inconsistencies.
void run_onnx_shape_inference(onnx::ModelProto& m);

/// The first useful line of a libonnx message: without "[ShapeInferenceError]"
/// prefixes and the "==> Context:" trailer.
std::string first_useful_line(const std::string& message);

}  // namespace tinyc::frontend
