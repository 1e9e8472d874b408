// Writing the generated folder: all or nothing.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tinyc/codegen.h"
#include "tinyc/error.h"

namespace fs = std::filesystem;

namespace tinyc {
namespace {

const char* kManifest = ".tinyc-manifest";

// Files a previous tinyc run wrote into `dir` (from its manifest).
std::set<std::string> previous_files(const fs::path& dir) {
  std::set<std::string> files;
  std::ifstream in(dir / kManifest);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) files.insert(line);
  return files;
}

}  // namespace

void write_output_dir(const CodegenResult& r, const std::string& dir_name, bool force) {
  const fs::path dir = fs::absolute(dir_name).lexically_normal();
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) fail(dir_name + " exists and is not a folder", ErrorKind::Usage);
    if (!force) {
      // Refuse to clobber anything tinyc did not write itself.
      const std::set<std::string> ours = previous_files(dir);
      for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (e.is_directory()) continue;
        const std::string rel = fs::relative(e.path(), dir).generic_string();
        if (rel != kManifest && !ours.count(rel))
          fail(dir_name + " exists and holds other files (" + rel + "); use --force to replace it", ErrorKind::Usage);
      }
    }
  }
  // Write everything into a sibling temporary folder, then swap it in.
  const fs::path parent = dir.parent_path();
  fs::create_directories(parent, ec);
  const fs::path tmp = parent / ("." + dir.filename().string() + ".tinyc-tmp-" + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  try {
    fs::create_directories(tmp);
    std::ostringstream manifest;
    for (const auto& [rel, text] : r.files) {
      const fs::path p = tmp / rel;
      fs::create_directories(p.parent_path());
      std::ofstream out(p, std::ios::binary);
      out << text;
      if (!out) fail("cannot write " + (dir / rel).string());
      manifest << rel << "\n";
    }
    std::ofstream(tmp / kManifest) << manifest.str();
    const fs::path old = parent / ("." + dir.filename().string() + ".tinyc-old-" + std::to_string(::getpid()));
    const bool had = fs::exists(dir);
    if (had) fs::rename(dir, old);
    fs::rename(tmp, dir);
    if (had) fs::remove_all(old, ec);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp, ec);
    fail("cannot write " + dir_name + ": " + e.what());
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

}  // namespace tinyc
