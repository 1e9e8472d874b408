// libFuzzer target: arbitrary bytes into import_onnx_bytes. The only accepted
// outcome besides success is a tinyc::Error of a user-facing kind; a crash, a
// sanitizer report, another exception, or an Error of kind Internal (a tinyc
// bug, by definition) stops the fuzzer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tinyc/error.h"
#include "tinyc/onnx_import.h"

namespace {

tinyc::ImportOptions options() {
  tinyc::ImportOptions o;
  // Small enough that no input can make the loader allocate much.
  o.max_elements = int64_t{1} << 20;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // libonnx builds its schema registry on first use: do it before the fuzzing
  // loop so the leak check does not count it against an input.
  try {
    tinyc::import_onnx_bytes(std::string("\x08\x08", 2), "warmup.onnx", options());
  } catch (const tinyc::Error&) {
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    tinyc::import_onnx_bytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz.onnx", options());
  } catch (const tinyc::Error& e) {
    if (e.kind() == tinyc::ErrorKind::Internal) {
      std::fprintf(stderr, "internal error: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
