/* tinyc runtime — convolution in place, with a ring of saved input rows.
 *
 * conv2d_s8 and dwconv2d_s8 may be called with output == input when
 * conv_inplace_ok(p): batch 1, stride_h 1, out_h == in_h, and an output row no
 * longer than an input row (out_w*out_c <= in_w*in_c). Output row y then only
 * overwrites input rows <= y. Kernels that support it (their source carries
 * the tag "tinyc:inplace-rows", which the compiler looks for) do this: before
 * writing output row y, copy input row y into ring slot y % R, R = pad_top + 1;
 * read input row r from its ring slot when r <= y, else from the tensor. The
 * ring holds exactly the rows later output rows still read (y - pad_top .. y).
 * The scratch buffer for it is conv_inplace_scratch_size(p) bytes; the
 * compiler sizes the kernel's scratch with the same function.
 */
#ifndef TINYC_RT_INPLACE_H
#define TINYC_RT_INPLACE_H

#include <stddef.h>
#include <stdint.h>

#include "tinyc_rt/kernels.h"

namespace tinyc_rt {

static inline int conv_inplace_ok(const ConvParams* p) {
  return p->batch == 1 && p->stride_h == 1 && p->out_h == p->in_h && p->pad_top >= 0 &&
         (int64_t)p->out_w * p->out_c <= (int64_t)p->in_w * p->in_c;
}

static inline size_t conv_inplace_scratch_size(const ConvParams* p) {
  return conv_inplace_ok(p) ? (size_t)(p->pad_top + 1) * (size_t)p->in_w * (size_t)p->in_c : 0;
}

/* The rows of an in-place convolution: where input row r is while output row y is computed. */
struct InplaceRows {
  const int8_t* tensor;  /* the input (== output) */
  int8_t* ring;          /* NULL: not in place */
  int32_t row_bytes, slots;
};

/* `current_slot` is current % slots, computed once per output row: slots of
 * the rows above follow without a division (Cortex-M0+ has no divider). */
static inline const int8_t* inplace_row(const InplaceRows* r, int32_t row, int32_t current, int32_t current_slot) {
  if (r->ring && row <= current) {
    int32_t slot = current_slot - (current - row);
    if (slot < 0) slot += r->slots;
    return r->ring + slot * r->row_bytes;
  }
  return r->tensor + row * r->row_bytes;
}

}  // namespace tinyc_rt

#endif /* TINYC_RT_INPLACE_H */
