#include "validate/hash.h"

#include <cstdio>
#include <fstream>
#include <iterator>

#include "tinyc/error.h"

namespace tinyc::validate {

Hasher& Hasher::add(const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) {
    a_ = (a_ ^ p[i]) * 0x100000001b3ull;
    b_ = (b_ ^ static_cast<unsigned char>(p[i] + 0x5b)) * 0x100000001b3ull;
    b_ ^= b_ >> 29;
  }
  return *this;
}

Hasher& Hasher::add(const std::string& s) {
  const uint64_t n = s.size();
  add(&n, sizeof n);
  return add(s.data(), s.size());
}

Hasher& Hasher::add_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "", "", "cannot read the file");
  return add(std::string(std::istreambuf_iterator<char>(f), {}));
}

std::string Hasher::hex() const {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a_),
                static_cast<unsigned long long>(b_));
  return buf;
}

}  // namespace tinyc::validate
