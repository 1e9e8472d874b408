// Test helper for the pass tests: graphs written in the text form dump_ir prints.
//
// parse_ir reads what dump_ir writes, plus ways to give constant values:
//   graph NAME (opset 13[, com.microsoft 1])
//   input  %x : f32[1,2,4,4]
//   const  %w : f32[2,2,1,1]  (4 values)          pseudo-random in [-1, 1], seeded by the name
//   const  %v : f32[2] = uniform(0.5, 2)           pseudo-random in [0.5, 2]
//   const  %s : i64[2] = [1, 8]                    explicit values (a scalar: "= 3")
//   %y : f32[1,2,4,4] = Conv(%x, %w, _) {group=1, pads=[0,0,0,0]}  # node conv
//   output %y
// Types may carry per-tensor quantization: "i8[4] q(s=0.5, z=-3)".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/ir.h"

namespace tinyc::test {

/// A graph from its text form. Throws std::runtime_error naming the line.
Graph parse_ir(const std::string& text);

/// Removes the common indentation and the leading/trailing blank lines of a
/// raw-string literal, so expected IR can be written indented in a test.
std::string dedent(const std::string& text);

}  // namespace tinyc::test
