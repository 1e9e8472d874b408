// Fixing the shapes of a model's graph inputs: symbolic dimensions take their
// values from ImportOptions (--shape on the command line).
#pragma once

#include <onnx/onnx_pb.h>

#include <map>
#include <string>

#include "tinyc/onnx_import.h"

namespace tinyc::frontend {

/// Resolves the shape of every graph input that is not an initializer and
/// writes the concrete dimensions back into the proto (so that ONNX shape
/// inference works on static shapes). Returns the shapes by input name.
/// Throws Error naming the input for an unresolved symbolic or unknown
/// dimension (suggesting --shape), a zero, negative or absurd (> max_elements)
/// shape, or an unsupported element type; Usage errors for options naming
/// inputs or dimensions the model does not have, or a shape that contradicts
/// the model's fixed dimensions.
std::map<std::string, Shape> resolve_input_shapes(onnx::GraphProto& g, const ImportOptions& opts);

}  // namespace tinyc::frontend
