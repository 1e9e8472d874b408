// Text emission (internal to src/codegen/): the program plus its memory plan
// become NAME.h, NAME.cpp, NAME_selftest.cpp and the build files.
#pragma once

#include <string>
#include <vector>

#include "codegen/program.h"
#include "tinyc/codegen.h"
#include "tinyc/ir.h"
#include "tinyc/planner.h"

namespace tinyc::codegen {

struct EmitContext {
  const Graph& graph;
  const Program& program;
  const MemoryPlan& plan;
  const std::vector<int64_t>& buffer_offsets;  ///< per Program buffer (-1: not in the arena)
  const CodegenOptions& opts;
};

std::string emit_header(const EmitContext& c);
std::string emit_source(const EmitContext& c);
/// `expected`: per sample, per graph output, the int8 reference's bytes.
std::string emit_selftest(const EmitContext& c, const std::vector<std::vector<std::vector<int8_t>>>& inputs,
                          const std::vector<std::vector<std::vector<int8_t>>>& expected);
std::string emit_cmake(const std::string& name, const std::vector<std::string>& sources);

/// Runtime files a program needs: headers, and the sources defining its kernels.
std::vector<std::string> runtime_files_for(const std::vector<std::string>& kernels, const Target& target);

/// "name_upper" for macros.
std::string macro_name(const std::string& name);
/// Comma-separated values, wrapped every `per_line` values with `indent`.
std::string format_values(const std::vector<int64_t>& v, size_t per_line, const std::string& indent);

}  // namespace tinyc::codegen
