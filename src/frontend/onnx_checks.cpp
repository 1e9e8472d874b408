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

void run_onnx_checker(const onnx::ModelProto& m) {
  onnx::ModelProto copy_for_old_checker;
  const onnx::ModelProto* to_check = &m;
  if (m.ir_version() > kOnnxLibMaxIrVersion) {
    // Newer IR versions only add types and fields the checks below still
    // catch where they matter; check the rest under the version libonnx knows.
    copy_for_old_checker = m;
    copy_for_old_checker.set_ir_version(kOnnxLibMaxIrVersion);
    to_check = &copy_for_old_checker;
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
