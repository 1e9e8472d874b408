#include "demo_rt/dot.h"

namespace demo_rt {

int32_t dot_s8(const int8_t* a, const int8_t* b, int32_t n) {
  int32_t acc = 0;
  for (int32_t i = 0; i < n; ++i) acc += static_cast<int32_t>(a[i]) * b[i];
  return acc;
}

}  // namespace demo_rt
