/* tinyc runtime (portable kernels, internal) — the cheap parameter checks
 * shared by the kernels. The compiler validates everything at compile time;
 * these only stop a wrong call from reading or writing out of bounds or from
 * reaching undefined behaviour (a shift by 32 or more). */
#ifndef TINYC_RT_PORTABLE_PARAM_CHECKS_H
#define TINYC_RT_PORTABLE_PARAM_CHECKS_H

#include <stdint.h>

#include "tinyc_rt/kernels.h"

namespace tinyc_rt {
namespace portable {

/* requantize() shifts left by `shift` or right by `-shift`: both must stay below 32. */
static inline bool shift_ok(int32_t shift) { return shift >= -31 && shift <= 31; }

static inline bool shifts_ok(const int32_t* shift, int32_t n) {
  for (int32_t i = 0; i < n; ++i)
    if (!shift_ok(shift[i])) return false;
  return true;
}

/* Clamp bounds that lie within int8 and are not empty. */
static inline bool clamp_ok(int32_t lo, int32_t hi) { return lo >= -128 && hi <= 127 && lo <= hi; }

/* A window geometry along one axis: positive sizes, non-negative padding. */
static inline bool window_ok(int32_t in, int32_t out, int32_t k, int32_t stride, int32_t dil, int32_t pad) {
  return in > 0 && out > 0 && k > 0 && stride > 0 && dil > 0 && pad >= 0;
}

/* An index space of up to kMaxRank dimensions, none negative (0 = empty). */
static inline bool dims_ok(int32_t rank, const int32_t* dims) {
  if (rank < 0 || rank > kMaxRank) return false;
  for (int32_t d = 0; d < rank; ++d)
    if (dims[d] < 0) return false;
  return true;
}

static inline int32_t element_count(int32_t rank, const int32_t* dims) {
  int32_t n = 1;
  for (int32_t d = 0; d < rank; ++d) n *= dims[d];
  return n;
}

/* The geometry and quantization fields common to conv2d_s8 and dwconv2d_s8. */
static inline bool conv_params_ok(const ConvParams* p) {
  return p->batch > 0 && p->in_c > 0 && p->out_c > 0 &&
         window_ok(p->in_h, p->out_h, p->k_h, p->stride_h, p->dil_h, p->pad_top) &&
         window_ok(p->in_w, p->out_w, p->k_w, p->stride_w, p->dil_w, p->pad_left) && clamp_ok(p->act_min, p->act_max);
}

}  // namespace portable
}  // namespace tinyc_rt

#endif /* TINYC_RT_PORTABLE_PARAM_CHECKS_H */
