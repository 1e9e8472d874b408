#include "tinyc/error.h"

namespace tinyc {

std::string format_error(const std::string& file, const std::string& node, const std::string& op,
                         const std::string& message) {
  std::string s;
  if (!file.empty()) s += file + ": ";
  if (!op.empty() || !node.empty()) {
    s += op.empty() ? std::string("node") : op;
    if (!node.empty()) s += " '" + node + "'";
    s += ": ";
  }
  s += message;
  // One line, always: the CLI prints this as is.
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

Error::Error(std::string file, std::string node, std::string op, std::string message, ErrorKind kind)
    : std::runtime_error(format_error(file, node, op, message)),
      file_(std::move(file)),
      node_(std::move(node)),
      op_(std::move(op)),
      message_(std::move(message)),
      kind_(kind) {}

Error Error::with_file(const std::string& file) const {
  if (!file_.empty()) return *this;
  return Error(file, node_, op_, message_, kind_);
}

void fail_node(const std::string& node, const std::string& op, const std::string& message) {
  throw Error("", node, op, message);
}

void fail(const std::string& message, ErrorKind kind) { throw Error("", "", "", message, kind); }

}  // namespace tinyc
