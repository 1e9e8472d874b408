/* tinyc runtime (portable kernels, internal) — the broadcasting loop shared
 * by the binary elementwise kernels (add, mul): one template, so the kernels
 * differ only in their per-element arithmetic. */
#ifndef TINYC_RT_PORTABLE_BROADCAST_H
#define TINYC_RT_PORTABLE_BROADCAST_H

#include <stdint.h>

#include "nd_index.h"
#include "tinyc_rt/kernels.h"

namespace tinyc_rt {
namespace portable {

/* output[i] = op(a[..], b[..]) for every output index of s, in row-major
 * order. The last dimension is the inner loop (a constant stride per input,
 * 0 when broadcast); the odometer walks the others. s must be valid and
 * non-empty. */
template <class ElementOp>
static inline void broadcast_binary(const BroadcastShape* s, const int8_t* a, const int8_t* b, int8_t* output,
                                    const ElementOp& op) {
  const int32_t outer_rank = s->rank > 0 ? s->rank - 1 : 0;
  const int32_t inner = s->rank > 0 ? s->out_dims[outer_rank] : 1;
  const int32_t a_step = s->rank > 0 ? s->a_strides[outer_rank] : 0;
  const int32_t b_step = s->rank > 0 ? s->b_strides[outer_rank] : 0;
  int32_t idx[kMaxRank] = {0};
  int32_t a_at = 0, b_at = 0;
  do {
    const int8_t* pa = a + a_at;
    const int8_t* pb = b + b_at;
    for (int32_t i = 0; i < inner; ++i, pa += a_step, pb += b_step) *output++ = op(*pa, *pb);
  } while (next_index(outer_rank, s->out_dims, idx, s->a_strides, s->b_strides, &a_at, &b_at));
}

}  // namespace portable
}  // namespace tinyc_rt

#endif /* TINYC_RT_PORTABLE_BROADCAST_H */
