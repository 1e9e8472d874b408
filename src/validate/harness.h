// The host harness: the generated folder and a small main() that reads int8
// inputs from a file and writes the outputs, built once with the system's C++
// compiler into a cache folder named by a hash of everything that goes into
// the build, and run as one process per job over sample ranges.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinyc/codegen.h"
#include "tinyc/ir.h"
#include "validate/samples.h"

namespace tinyc::validate {

struct Harness {
  std::string dir;      ///< the cache folder: model/ (generated), harness.cpp, harness, build.log
  std::string exe;
  bool cached = false;  ///< found built in the cache
};

/// The harness main() for int8 graph `q` generated under the C name "model".
std::string harness_source(const Graph& q);

/// Finds or builds the harness for generated code `code` of `q` under
/// `cache_root`/validate/<key>. `compiler`: the command (with any leading
/// arguments), e.g. {"c++"}. Concurrent callers (shards on one machine) each
/// build in their own temporary folder and rename it into place.
Harness prepare_harness(const CodegenResult& code, const Graph& q, const std::string& model_key,
                        const std::string& cache_root, const std::vector<std::string>& compiler);

/// Runs samples [0, s.count) of `s` through the harness in `jobs` processes
/// (temporary files under `work_dir`) and returns every output byte, sample
/// after sample, outputs in graph order (`out_bytes` per sample).
std::vector<uint8_t> run_harness(const Harness& h, const SampleSet& s, size_t out_bytes, int jobs,
                                 const std::string& work_dir);

}  // namespace tinyc::validate
