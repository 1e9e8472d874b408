// Building the kernel program from the int8 graph (internal to src/codegen/).
// The per-op handlers (ops_*.cpp) use this class to read operands, declare
// outputs and add kernel calls.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "codegen/program.h"
#include "tinyc/codegen.h"
#include "tinyc/ir.h"

namespace tinyc::codegen {

class Builder {
 public:
  Builder(const Graph& g, const CodegenOptions& opts);
  Program build();

  const Graph& graph() const { return g_; }
  const CodegenOptions& options() const { return opts_; }
  Program& program() { return p_; }

  /// Read access to an int8 tensor: its buffer, or the constant array holding it.
  Arg in(const std::string& tensor);
  /// Write access to a node output: an arena buffer (or the caller's output buffer).
  Arg out(const std::string& tensor);
  /// Declares that `tensor` is a view of `of` (same bytes, no copy).
  void alias(const std::string& tensor, const std::string& of);
  /// Whether an output tensor is written straight into the caller's buffer.
  bool is_direct_output(const std::string& tensor) const { return direct_outputs_.count(tensor) != 0; }

  /// A temporary arena buffer of `bytes` (e.g. a layout change inside an op).
  Arg temp(const std::string& hint, int64_t bytes, bool write);
  /// Re-reads a temporary buffer written earlier.
  static Arg reread(const Arg& a) { Arg r = a; r.write = false; return r; }

  /// Adds a kernel call for the node currently being lowered.
  void call(const std::string& kernel, std::vector<Arg> args, bool inplace_ok = false);
  /// Declares that argument `write_arg` of the last call may share memory with `read_arg`.
  void allow_inplace(int write_arg, int read_arg) { p_.steps.back().inplace_pairs.emplace_back(write_arg, read_arg); }
  /// The last call's scratch (argument `scratch_arg`) starts with `bytes` only
  /// an in-place call uses (Step::inplace_scratch_bytes).
  void inplace_only_scratch(int scratch_arg, int64_t bytes) {
    p_.steps.back().inplace_scratch_arg = scratch_arg;
    p_.steps.back().inplace_scratch_bytes = bytes;
  }
  /// Does the runtime source that implements `kernel` for this target declare
  /// `capability` (a tag such as "tinyc:inplace-rows" in its text)?
  bool kernel_has(const std::string& kernel, const std::string& capability) const;
  /// Text argument helpers.
  static Arg text(const std::string& s) { Arg a; a.text = s; return a; }
  std::string array(const std::string& hint, const std::string& ctype, std::vector<int64_t> values, bool weights = false) {
    return p_.add_array(hint, ctype, std::move(values), weights);
  }
  std::string params(const std::string& hint, const std::string& type, std::vector<std::string> fields) {
    return p_.add_struct(hint, type, std::move(fields));
  }

  /// Copies a tensor's elements between two layouts given by logical strides
  /// (copy_strided_s8). `dims` are the logical dims.
  void relayout(const Arg& src, const std::vector<int64_t>& src_strides, const Arg& dst,
                const std::vector<int64_t>& dst_strides, const Shape& dims, int64_t src_offset = 0,
                int64_t dst_offset = 0);

  /// Reads `tensor` in logical row-major order (copying it when its layout differs).
  Arg in_row_major(const std::string& tensor);
  /// Where to write `tensor` in logical row-major order; finish with out_row_major_end.
  Arg out_row_major_begin(const std::string& tensor);
  void out_row_major_end(const std::string& tensor, const Arg& written);

  /// Node being lowered (for names and the summary).
  const Node& node() const { return *node_; }
  OpSummary& summary() { return p_.ops.back(); }

 private:
  void lower_inputs();
  void lower_outputs();
  int tensor_buffer(const std::string& tensor) const;

  const Graph& g_;
  const CodegenOptions& opts_;
  Program p_;
  std::set<std::string> direct_outputs_;
  const Node* node_ = nullptr;
  int op_index_ = -1;
};

using OpHandler = void (*)(Builder& b, const Node& n);
/// Table of op handlers by int8 op type; missing ops have no runtime kernel.
const std::map<std::string, OpHandler>& op_handlers();
void register_compute_handlers(std::map<std::string, OpHandler>& t);
void register_pointwise_handlers(std::map<std::string, OpHandler>& t);
void register_movement_handlers(std::map<std::string, OpHandler>& t);

/// Formats an int for C++ source (INT32_MIN spelled safely).
std::string c_int(int64_t v);

}  // namespace tinyc::codegen
