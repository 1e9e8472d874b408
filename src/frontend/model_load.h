// Getting an onnx::ModelProto from a file or bytes: protobuf parsing without
// the 64 MB default limit, and external data pulled in from files beside the
// model (never from outside its folder).
#pragma once

#include <onnx/onnx_pb.h>

#include <string>

namespace tinyc::frontend {

/// Reads a whole file. Throws Error naming `path` when it is missing, a
/// folder, or unreadable.
std::string read_model_file(const std::string& path);

/// Parses serialized ModelProto bytes. Throws Error (no file name; the caller
/// adds it) when the bytes are not a complete protobuf or hold no ONNX graph.
onnx::ModelProto parse_model(const std::string& bytes);

/// Replaces every external-data tensor (initializers and tensor attributes) by
/// its bytes, read from `base_dir`/location at offset/length. Throws Error
/// naming the tensor when base_dir is "" (external data disabled), the
/// location is absolute, contains "..", or resolves (through symlinks) outside
/// base_dir, or the file is missing or shorter than offset + length.
void load_external_data(onnx::ModelProto& m, const std::string& base_dir);

}  // namespace tinyc::frontend
