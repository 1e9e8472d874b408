#include "demo.h"

#include "demo_rt/dot.h"

namespace {

// Row u holds the value (u + 1) everywhere, so with an all-16 input the dot
// product is 16 * (u + 1) * 32 = 512 * (u + 1) and the output is 2 * (u + 1).
struct Weights {
  int8_t w[kDemoUnits][kDemoDepth];
};
const Weights kWeights = {{
#define DEMO_ROW(v) {v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v}
    DEMO_ROW(1), DEMO_ROW(2), DEMO_ROW(3), DEMO_ROW(4), DEMO_ROW(5), DEMO_ROW(6), DEMO_ROW(7), DEMO_ROW(8)
#undef DEMO_ROW
}};

int8_t saturate_s8(int32_t v) { return static_cast<int8_t>(v < -128 ? -128 : (v > 127 ? 127 : v)); }

}  // namespace

void demo_invoke(const int8_t* input, int8_t* output) {
  for (int u = 0; u < kDemoUnits; ++u) {
    output[u] = saturate_s8(demo_rt::dot_s8(input, kWeights.w[u], kDemoDepth) >> 8);
  }
}
