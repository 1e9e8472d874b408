// tinyc — errors as values at stage boundaries.
//
// Every stage reports what is wrong with a model as a tinyc::Error: the file,
// the node and op where one applies, and what was expected. Library code never
// prints or exits; it throws an Error, which the CLI prints on one line
// (Error::what()) and turns into an exit code. Tests check the fields.
#pragma once

#include <stdexcept>
#include <string>

namespace tinyc {

/// What kind of failure: decides the CLI exit code (see docs/usage.md).
enum class ErrorKind {
  Model,       ///< the model or an input file is malformed or unsupported (exit 1)
  Usage,       ///< a bad option or argument (exit 2)
  Mismatch,    ///< validation found differing outputs (exit 3)
  Internal,    ///< a bug in tinyc (exit 1, message says so)
};

class Error : public std::runtime_error {
 public:
  /// file: the model or data file concerned ("" if none);
  /// node/op: the node name and op type ("" if none); message: the constraint broken.
  Error(std::string file, std::string node, std::string op, std::string message,
        ErrorKind kind = ErrorKind::Model);

  const std::string& file() const { return file_; }
  const std::string& node() const { return node_; }
  const std::string& op() const { return op_; }
  const std::string& message() const { return message_; }
  ErrorKind kind() const { return kind_; }

  /// Returns a copy with the file filled in when it was empty (stages that do
  /// not know the path throw without it; the boundary adds it).
  Error with_file(const std::string& file) const;

 private:
  std::string file_, node_, op_, message_;
  ErrorKind kind_;
};

/// Formats "file: op 'node': message" (parts left out when empty) — the one-line form.
std::string format_error(const std::string& file, const std::string& node, const std::string& op,
                         const std::string& message);

/// Throws an Error about a node; a shorthand used all over the stages.
[[noreturn]] void fail_node(const std::string& node, const std::string& op, const std::string& message);
/// Throws an Error that concerns no particular node.
[[noreturn]] void fail(const std::string& message, ErrorKind kind = ErrorKind::Model);

}  // namespace tinyc
