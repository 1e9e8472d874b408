// Which runtime files a generated folder carries: every runtime header, and
// for each kernel the model calls, the source that defines it.
#include <algorithm>

#include "codegen/emit.h"
#include "tinyc/codegen.h"
#include "tinyc/error.h"

namespace tinyc::codegen {

std::vector<std::string> runtime_files_for(const std::vector<std::string>& kernels, const Target& target) {
  (void)target;
  const auto& all = embedded_runtime_files();
  std::vector<std::string> files;
  for (const auto& [path, text] : all) {
    const bool header = path.size() > 2 && path.compare(path.size() - 2, 2, ".h") == 0;
    if (header && (path.rfind("include/", 0) == 0 || path.rfind("kernels/portable/", 0) == 0)) files.push_back(path);
  }
  // The portable source that defines each kernel (found by its definition, so
  // the runtime's file organisation can change without touching the compiler).
  for (const std::string& k : kernels) {
    std::string found;
    for (const auto& [path, text] : all) {
      if (path.rfind("kernels/portable/", 0) != 0 || path.compare(path.size() - 4, 4, ".cpp") != 0) continue;
      if (text.find("Status " + k + "(") != std::string::npos || text.find("::" + k + "(") != std::string::npos) {
        found = path;
        break;
      }
    }
    if (found.empty()) fail("the runtime has no definition of kernel " + k, ErrorKind::Internal);
    if (std::find(files.begin(), files.end(), found) == files.end()) files.push_back(found);
  }
  return files;
}

}  // namespace tinyc::codegen
