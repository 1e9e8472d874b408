// tinyc — reading and writing NumPy .npy files (format versions 1.0-3.0, C order).
#pragma once

#include <string>

#include "tinyc/ir.h"

namespace tinyc {

/// Reads a .npy file into a (non-constant) Tensor named after the file.
/// Supported dtypes: float32, float64 (converted to float32), int8, uint8, int32, int64, bool.
/// Throws Error (naming the file) for a missing/unreadable file, a bad header,
/// Fortran order, an unsupported dtype, or data shorter than the header's shape.
Tensor read_npy(const std::string& path);

/// Writes a Tensor as .npy (version 1.0, little-endian, C order). The file is
/// written to a temporary name beside the target and renamed, so a failure
/// never leaves a half-written file.
void write_npy(const std::string& path, const Tensor& t);

}  // namespace tinyc
