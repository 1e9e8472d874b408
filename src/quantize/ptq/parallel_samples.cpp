#include "parallel_samples.h"

#include <algorithm>

namespace tinyc::ptq {

size_t worker_count(size_t n) {
  const size_t cores = std::max<unsigned>(1, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(cores, n));
}

}  // namespace tinyc::ptq
