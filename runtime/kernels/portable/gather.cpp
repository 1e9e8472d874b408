/* tinyc runtime — gather_s8: output element (i_0, .., i_{rank-1}) =
 * input[sum of tables[d][i_d]], or `fill` when any table entry is negative.
 *
 * The compiler precomputes, per dimension, the input offset (index times
 * stride) of every output coordinate: nearest-neighbour Resize, and Pad in
 * constant (-1 entries), edge (clamped indices) and reflect (mirrored indices)
 * modes all reduce to such tables, so the device does only additions. */
#include <stdint.h>

#include "param_checks.h"
#include "tinyc_rt/kernels.h"

namespace tinyc_rt {

Status gather_s8(const GatherParams* p, const int8_t* input, int8_t* output) {
  if (!p || !portable::dims_ok(p->rank, p->dims)) return kArgError;
  for (int32_t d = 0; d < p->rank; ++d)
    if (!p->tables[d]) return kArgError;
  if (portable::element_count(p->rank, p->dims) == 0) return kOk;
  if (!input || !output) return kArgError;
  if (p->rank == 0) {
    *output = *input;
    return kOk;
  }

  const int32_t last = p->rank - 1;
  const int32_t* inner_table = p->tables[last];
  int32_t idx[kMaxRank] = {0};
  for (;;) {
    // Offset of the row from the outer dimensions; negative if any of them is padding.
    int32_t row = 0;
    bool row_is_fill = false;
    for (int32_t d = 0; d < last; ++d) {
      const int32_t t = p->tables[d][idx[d]];
      row_is_fill = row_is_fill || t < 0;
      row += t;
    }
    for (int32_t i = 0; i < p->dims[last]; ++i) {
      const int32_t t = inner_table[i];
      *output++ = (row_is_fill || t < 0) ? p->fill : input[row + t];
    }
    // Next outer index (odometer over dims[0..last-1]).
    int32_t d = last - 1;
    while (d >= 0 && ++idx[d] == p->dims[d]) idx[d--] = 0;
    if (d < 0) return kOk;
  }
}

}  // namespace tinyc_rt
