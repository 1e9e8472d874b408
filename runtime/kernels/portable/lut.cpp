/* tinyc runtime — lut_s8: elementwise functions by a 256-entry table
 * (Sigmoid, Tanh, HardSigmoid, HardSwish, ...), computed by the compiler. */
#include <stdint.h>

#include "tinyc_rt/kernels.h"

namespace tinyc_rt {

Status lut_s8(const int8_t* table, const int8_t* input, int8_t* output, int32_t count) {
  if (!table || count < 0 || (count > 0 && (!input || !output))) return kArgError;
  for (int32_t i = 0; i < count; ++i) output[i] = table[input[i] + 128];
  return kOk;
}

}  // namespace tinyc_rt
