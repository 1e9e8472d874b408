// --shape NAME=1x3x96x96 / NAME=N arguments -> ImportOptions, shared by the
// commands that load a model.
#pragma once

#include <string>
#include <vector>

#include "tinyc/onnx_import.h"

namespace tinyc::cli {

/// Parses --shape values for `model`. "NAME=1x3x96x96" (or any value naming a
/// graph input, even "x=5" for a 1-D input) fixes that input's shape;
/// "NAME=N" for any other NAME sets the symbolic dimension NAME. Throws a
/// Usage Error for a malformed value.
ImportOptions shape_options(const std::string& model, const std::vector<std::string>& specs);

/// The help text of --shape.
constexpr const char* kShapeHelp =
    "NAME=1x3x96x96 fixes input NAME's shape; NAME=N sets symbolic dimension NAME (e.g. batch=1). Repeatable.";

}  // namespace tinyc::cli
