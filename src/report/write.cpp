// Writing the report: all or nothing, like every file tinyc writes.
#include "npy/atomic_file.h"
#include "tinyc/report.h"

namespace tinyc {

void write_report(const std::string& path, const std::string& html) { write_file_atomically(path, html); }

}  // namespace tinyc
