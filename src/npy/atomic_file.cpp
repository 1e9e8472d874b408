#include "npy/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tinyc/error.h"

namespace tinyc {

namespace {
[[noreturn]] void fail_write(const std::string& path, const std::string& what) {
  throw Error(path, "", "", "cannot write: " + what);
}
}  // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
  if (path.empty()) throw Error("", "", "", "cannot write: empty output path", ErrorKind::Usage);
  // The temporary lives in the target's folder: rename() across filesystems is not atomic.
  std::string tmpl = path + ".tmp-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) fail_write(path, std::strerror(errno));
  std::string tmp(name.data());
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      std::remove(tmp.c_str());
      fail_write(path, why);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  // mkstemp creates the file 0600; give it the permissions a plain fopen would.
  mode_t mask = umask(0);
  umask(mask);
  (void)fchmod(fd, 0666 & ~mask);
  if (::close(fd) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    fail_write(path, why);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    fail_write(path, why);
  }
}

}  // namespace tinyc
