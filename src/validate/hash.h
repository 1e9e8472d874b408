// A 128-bit content hash (two FNV-1a 64 lanes) for cache keys. Not
// cryptographic: it names cache folders, it does not guard anything.
#pragma once

#include <cstdint>
#include <string>

namespace tinyc::validate {

class Hasher {
 public:
  Hasher& add(const void* data, size_t n);
  /// Adds the length first, so ("ab","c") and ("a","bc") differ.
  Hasher& add(const std::string& s);
  Hasher& add_file(const std::string& path);  ///< the file's bytes (Error naming it when unreadable)
  std::string hex() const;                    ///< 32 hex digits

 private:
  uint64_t a_ = 0xcbf29ce484222325ull, b_ = 0x84222325cbf29ce4ull;
};

}  // namespace tinyc::validate
