// The kernel program: what the generated NAME_invoke does, before text.
// Internal to src/codegen/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tinyc/codegen.h"
#include "tinyc/ir.h"

namespace tinyc::codegen {

/// Where a buffer lives.
enum class Storage { Arena, Input, Output, Scratch };

/// A byte buffer the program reads or writes.
struct Buffer {
  std::string name;
  int64_t bytes = 0;
  Storage storage = Storage::Arena;
  int io_index = -1;       ///< Input/Output: which graph input/output
  /// An Arena buffer that holds graph input / output `io_index` in the
  /// caller's layout (CodegenOptions::io_in_arena).
  bool input_slot = false, output_slot = false;
  int alias_of = -1;       ///< views another buffer (Reshape without a copy)
  std::vector<int> inplace_with;
};

/// One argument of a kernel call.
struct Arg {
  enum class Kind { Text, Buffer } kind = Kind::Text;
  std::string text;        ///< Text: a C++ expression (a constant's name, a literal)
  int buffer = -1;         ///< Buffer: index into Program::buffers
  bool write = false;
  std::string ctype = "int8_t";  ///< pointer type of a buffer argument
};

struct Step {
  std::string kernel;      ///< runtime function, e.g. "conv2d_s8"
  std::vector<Arg> args;
  std::string comment;     ///< one line describing the op
  int op_index = -1;       ///< index in Program::ops
  /// Elementwise kernel: each output element is written after its input
  /// elements are read, so a written buffer may share memory with a read
  /// buffer of the same size whose life ends here (the planner decides).
  bool inplace_ok = false;
  /// Pairs (written arg, read arg) that may share memory although their sizes
  /// differ, because the kernel supports that aliasing (e.g. an in-place conv).
  std::vector<std::pair<int, int>> inplace_pairs;
  /// The first `inplace_scratch_bytes` of the scratch buffer args[scratch_arg]
  /// serve only an in-place call (an in-place convolution's ring of saved
  /// rows): generate_code gives them back, with the in-place option, when the
  /// memory plan does not run the step in place.
  int inplace_scratch_arg = -1;
  int64_t inplace_scratch_bytes = 0;
};

/// A named constant array emitted as a global.
struct ConstArray {
  std::string name;
  std::string ctype;       ///< int8_t, int32_t, uint8_t
  std::vector<int64_t> values;
  bool weights = false;    ///< counted as weight bytes, 16-byte aligned
};

/// A named constant params struct emitted as a global.
struct ConstStruct {
  std::string name;
  std::string type;        ///< e.g. "tinyc_rt::ConvParams"
  std::vector<std::string> fields;  ///< initialisers in declaration order
};

struct Program {
  std::vector<Buffer> buffers;
  std::vector<Step> steps;
  std::vector<ConstArray> arrays;
  std::vector<ConstStruct> structs;
  std::vector<OpSummary> ops;
  std::map<std::string, int> tensor_buffer;  ///< int8 tensor name -> buffer holding it
  std::vector<std::string> kernels_used;

  int add_buffer(Buffer b);
  /// A unique C identifier from a hint (node or tensor name).
  std::string ident(const std::string& hint);
  std::string add_array(const std::string& hint, const std::string& ctype, std::vector<int64_t> values, bool weights);
  std::string add_struct(const std::string& hint, const std::string& type, std::vector<std::string> fields);
  void use_kernel(const std::string& k);

 private:
  std::map<std::string, int> ident_count_;
};

/// Builds the program for an int8 graph (layouts, kernel choice, constants).
Program build_program(const Graph& g, const CodegenOptions& opts);

}  // namespace tinyc::codegen
