// A small deterministic generator for the pass tests' constants and inputs.
#pragma once

#include <cstdint>
#include <string>

namespace tinyc::test {

// A small deterministic generator (the standard distributions differ between
// standard libraries; these values must not).
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 1) {}
  float uniform(float lo, float hi) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return lo + (hi - lo) * static_cast<float>((state >> 40) * (1.0 / 16777216.0));
  }
};

inline uint64_t name_seed(const std::string& s) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace tinyc::test
