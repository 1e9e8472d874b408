/* tinyc runtime — reduce_mean_s8: mean over any set of dimensions.
 *
 * The output holds the kept dimensions in input order, row-major. For each
 * output element the reduced dimensions are walked with an odometer and the
 * offset inputs summed in int32 (no scratch: one pass per output element);
 * the sum is requantized by s_in / (s_out * count), which the compiler folds
 * into mult/shift, so the kernel never divides. */
#include <stdint.h>

#include "nd_index.h"
#include "param_checks.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {

Status reduce_mean_s8(const ReduceParams* p, const int8_t* input, int8_t* output) {
  if (!p || !input || !output || !portable::dims_ok(p->rank, p->in_dims) || !portable::shift_ok(p->shift))
    return kArgError;

  // Split the input dims into kept and reduced ones, each with its input stride.
  int32_t kept_dims[kMaxRank], kept_strides[kMaxRank], red_dims[kMaxRank], red_strides[kMaxRank];
  int32_t n_kept = 0, n_red = 0, stride = 1;
  for (int32_t d = p->rank - 1; d >= 0; --d) {
    if (p->in_dims[d] == 0) return kOk;  // empty input, empty output
    if (p->reduce[d]) {
      red_dims[n_red] = p->in_dims[d];
      red_strides[n_red++] = stride;
    } else {
      kept_dims[n_kept] = p->in_dims[d];
      kept_strides[n_kept++] = stride;
    }
    stride *= p->in_dims[d];
  }
  // Collected innermost first: reverse into row-major order.
  for (int32_t i = 0, j = n_kept - 1; i < j; ++i, --j) {
    int32_t t = kept_dims[i]; kept_dims[i] = kept_dims[j]; kept_dims[j] = t;
    t = kept_strides[i]; kept_strides[i] = kept_strides[j]; kept_strides[j] = t;
  }

  int32_t kept_idx[kMaxRank] = {0}, red_idx[kMaxRank] = {0};
  int32_t base = 0;
  do {
    int32_t sum = 0, at = 0;
    do {
      sum += input[base + at] + p->in_offset;
    } while (portable::next_index(n_red, red_dims, red_idx, red_strides, &at));
    const int32_t v = requantize(sum, p->mult, p->shift) + p->out_offset;
    *output++ = (int8_t)clamp_s32(v, -128, 127);
  } while (portable::next_index(n_kept, kept_dims, kept_idx, kept_strides, &base));
  return kOk;
}

}  // namespace tinyc_rt
