// Shards: "I/N" and the contiguous sample range each one validates.
#include <cstdlib>

#include "tinyc/error.h"
#include "tinyc/validate.h"

namespace tinyc {

Shard parse_shard(const std::string& spec) {
  const size_t slash = spec.find('/');
  auto number = [&](const std::string& s, int64_t& v) {
    if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    v = std::strtoll(s.c_str(), nullptr, 10);
    return true;
  };
  Shard r;
  if (slash == std::string::npos || !number(spec.substr(0, slash), r.index) || !number(spec.substr(slash + 1), r.count) ||
      r.count < 1 || r.index >= r.count)
    fail("--shard '" + spec + "': expected I/N with 0 <= I < N (e.g. 0/4)", ErrorKind::Usage);
  return r;
}

std::pair<int64_t, int64_t> shard_range(const Shard& s, int64_t samples) {
  // 128-bit products: samples * index stays exact for any count.
  const auto at = [&](int64_t i) {
    return static_cast<int64_t>(static_cast<__int128>(samples) * i / s.count);
  };
  return {at(s.index), at(s.index + 1)};
}

}  // namespace tinyc
