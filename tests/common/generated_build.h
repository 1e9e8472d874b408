// Building and running a generated model folder in the tests: on the host
// (g++), and — through the QEMU scripts — on an emulated Cortex-M4.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tinyc/codegen.h"
#include "tinyc/ir.h"

namespace tinyc::test {

/// Compiles `dir` (a generated folder holding NAME_selftest.cpp) with the host
/// C++ compiler in strict C++11 (-Wall -Wextra -Werror -pedantic, no
/// exceptions/RTTI) together with a main that returns NAME_selftest(), runs it,
/// and returns the number of mismatching bytes (or throws with the compiler's
/// or program's output on failure).
int host_selftest(const std::string& dir, const std::string& name, const std::string& extra_flags = "");

/// Many generated folders in one host program: each folder's NAME.cpp and
/// NAME_selftest.cpp, plus one copy of the project's runtime (portable kernels).
/// Returns the mismatch count per model name. Compiles in one g++ call.
std::map<std::string, int> host_selftest_many(const std::vector<std::pair<std::string, std::string>>& dirs_and_names);

/// Random int8 data shaped [samples, ...decl.shape], seeded.
Tensor random_int8(const Tensor& decl, int samples, unsigned seed);
/// Calibration data for a graph input declared with batch 1: floats uniform
/// in [-1, 1), shaped [samples, ...decl.shape[1:]], seeded.
Tensor random_calibration(const Tensor& decl, int samples, unsigned seed);

}  // namespace tinyc::test
