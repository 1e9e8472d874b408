#include "frontend/onnx_checks.h"

#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>

#include "tinyc/error.h"

namespace tinyc::frontend {

std::string first_useful_line(const std::string& message) {
  size_t start = 0;
  while (start <= message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    std::string line = message.substr(start, end - start);
    // libonnx repeats the error class in brackets: "[ShapeInferenceError] (op_type:Conv): [ShapeInferenceError] ...".
    for (const char* tag : {"[ShapeInferenceError] ", "[TypeInferenceError] ", "[ValidationError] "}) {
      size_t at;
      while ((at = line.find(tag)) != std::string::npos) line.erase(at, std::char_traits<char>::length(tag));
    }
    auto not_space = [](char c) { return c != ' ' && c != '\t' && c != '\r'; };
    line.erase(line.begin(), std::find_if(line.begin(), line.end(), not_space));
    line.erase(std::find_if(line.rbegin(), line.rend(), not_space).base(), line.end());
    if (!line.empty() && line.rfind("==>", 0) != 0) return line;
    start = end + 1;
  }
  return "(no message)";
}

namespace {
bool lacks_shape(const onnx::ValueInfoProto& v) {
  return v.type().has_tensor_type() && !v.type().tensor_type().has_shape();
}
}  // namespace

void run_onnx_checker(const onnx::ModelProto& m) {
  bool outputs_without_shape = false;
  for (const auto& o : m.graph().output()) outputs_without_shape |= lacks_shape(o);
  onnx::ModelProto adjusted;
  const onnx::ModelProto* to_check = &m;
  if (m.ir_version() > kOnnxLibMaxIrVersion || outputs_without_shape) {
    adjusted = m;
    // Newer IR versions only add types and fields tinyc's own checks refuse
    // where they matter: check the rest under the version libonnx knows.
    if (adjusted.ir_version() > kOnnxLibMaxIrVersion) adjusted.set_ir_version(kOnnxLibMaxIrVersion);
    // libonnx 1.12 demands a shape on every graph output; newer onnx (and
    // onnx.helper with shape=None) leaves it out. tinyc infers it anyway, so
    // such outputs are left out of the check (their nodes are still checked).
    auto* outs = adjusted.mutable_graph()->mutable_output();
    for (int i = outs->size() - 1; i >= 0; --i)
      if (lacks_shape(outs->Get(i))) outs->DeleteSubrange(i, 1);
    to_check = &adjusted;
  }
  try {
    onnx::checker::check_model(*to_check);
  } catch (const std::exception& e) {
    fail("onnx checker: " + first_useful_line(e.what()));
  }
}

void run_onnx_shape_inference(onnx::ModelProto& m) {
  int64_t ir = m.ir_version();
  if (ir > kOnnxLibMaxIrVersion) m.set_ir_version(kOnnxLibMaxIrVersion);
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/true, /*strict_mode=*/1, /*data_prop=*/true);
    onnx::shape_inference::InferShapes(m, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception& e) {
    m.set_ir_version(ir);
    fail("onnx shape inference: " + first_useful_line(e.what()));
  }
  m.set_ir_version(ir);
}

}  // namespace tinyc::frontend
