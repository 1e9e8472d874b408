// Which runtime files a generated folder carries: every runtime header, and
// for each kernel the model calls, the source that defines it (arm_dsp/ before
// portable/ on targets with the DSP extension).
#include <algorithm>

#include "codegen/builder.h"
#include "codegen/emit.h"
#include "tinyc/codegen.h"
#include "tinyc/error.h"

namespace tinyc::codegen {

std::vector<std::string> runtime_files_for(const std::vector<std::string>& kernels, const Target& target) {
  const auto& all = embedded_runtime_files();
  // Kernel folders in order of preference: on a DSP target each kernel comes
  // from arm_dsp/ when a file there defines it, else from portable/. An
  // arm_dsp file defines either every kernel of its portable namesake (a
  // whole specialisation: pooling) or none of them (it adds the *_dsp
  // kernels), so the two never both define a symbol a folder links
  // (tests/runtime_dsp/codegen_dsp_test.cpp).
  std::vector<std::string> folders = {"kernels/portable/"};
  if (target.dsp) folders.insert(folders.begin(), "kernels/arm_dsp/");
  auto in_folder = [&](const std::string& path) {
    for (const std::string& f : folders)
      if (path.rfind(f, 0) == 0) return true;
    return false;
  };
  std::vector<std::string> files;
  for (const auto& [path, text] : all) {
    const bool header = path.size() > 2 && path.compare(path.size() - 2, 2, ".h") == 0;
    if (header && (path.rfind("include/", 0) == 0 || in_folder(path))) files.push_back(path);
  }
  // The source that defines each kernel (found by its definition, so the
  // runtime's file organisation can change without touching the compiler).
  for (const std::string& k : kernels) {
    std::string found;
    for (const std::string& folder : folders) {
      for (const auto& [path, text] : all) {
        if (path.rfind(folder, 0) != 0 || path.compare(path.size() - 4, 4, ".cpp") != 0) continue;
        if (text.find("Status " + k + "(") != std::string::npos || text.find("::" + k + "(") != std::string::npos) {
          found = path;
          break;
        }
      }
      if (!found.empty()) break;
    }
    if (found.empty()) fail("the runtime has no definition of kernel " + k, ErrorKind::Internal);
    if (std::find(files.begin(), files.end(), found) == files.end()) files.push_back(found);
  }
  return files;
}

bool Builder::kernel_has(const std::string& kernel, const std::string& capability) const {
  for (const std::string& f : runtime_files_for({kernel}, opts_.target))
    if (f.size() > 4 && f.compare(f.size() - 4, 4, ".cpp") == 0 &&
        embedded_runtime_files().at(f).find(capability) != std::string::npos)
      return true;
  return false;
}

}  // namespace tinyc::codegen
