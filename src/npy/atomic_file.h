// Writing a file so that readers never see it half-written: the bytes go to a
// temporary file beside the target, which is then renamed over it (rename is
// atomic within one filesystem). Shared by write_npy and export_onnx.
#pragma once

#include <string>

namespace tinyc {

/// Writes `bytes` to `path` atomically. Throws Error naming `path` when the
/// folder is missing or not writable, or the disk is full; the temporary file
/// is removed on failure and the target is left untouched.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace tinyc
