/* tinyc runtime — copy_strided_s8 and fill_s8: data movement without
 * arithmetic (Transpose, Slice, Concat, Pad's interior, plain copies).
 *
 * The last dimension is the inner loop; when it is contiguous on both sides
 * (the common case for Concat, Slice along outer axes and copies) it becomes
 * one memcpy per row. Strides may be negative (a Slice with a negative step). */
#include <stdint.h>
#include <string.h>

#include "nd_index.h"
#include "param_checks.h"
#include "tinyc_rt/kernels.h"

namespace tinyc_rt {
namespace {

/* n bytes, src and dst stepping by their own strides. Four per turn: the
 * loads go ahead of the stores, so no store waits on a load just issued. */
void copy_run(const int8_t* src, int32_t in_step, int8_t* dst, int32_t out_step, int32_t n) {
  int32_t i = 0;
  for (; i + 4 <= n; i += 4, src += 4 * in_step, dst += 4 * out_step) {
    const int8_t a = src[0], b = src[in_step], c = src[2 * in_step], d = src[3 * in_step];
    dst[0] = a;
    dst[out_step] = b;
    dst[2 * out_step] = c;
    dst[3 * out_step] = d;
  }
  for (; i < n; ++i, src += in_step, dst += out_step) *dst = *src;
}

}  // namespace

Status copy_strided_s8(const CopyParams* p, const int8_t* input, int8_t* output) {
  if (!p || !portable::dims_ok(p->rank, p->dims)) return kArgError;
  if (portable::element_count(p->rank, p->dims) == 0) return kOk;
  if (!input || !output) return kArgError;
  const int32_t outer_rank = p->rank > 0 ? p->rank - 1 : 0;
  const int32_t inner = p->rank > 0 ? p->dims[outer_rank] : 1;
  const int32_t in_step = p->rank > 0 ? p->in_strides[outer_rank] : 0;
  const int32_t out_step = p->rank > 0 ? p->out_strides[outer_rank] : 0;
  const bool contiguous_rows = inner == 1 || (in_step == 1 && out_step == 1);
  int32_t idx[kMaxRank] = {0};
  int32_t in_at = p->in_offset, out_at = p->out_offset;
  do {
    const int8_t* src = input + in_at;
    int8_t* dst = output + out_at;
    if (contiguous_rows) {
      memcpy(dst, src, (size_t)inner);
    } else {
      copy_run(src, in_step, dst, out_step, inner);
    }
  } while (portable::next_index(outer_rank, p->dims, idx, p->in_strides, p->out_strides, &in_at, &out_at));
  return kOk;
}

Status fill_s8(int8_t value, int8_t* output, int32_t count) {
  if (count < 0 || (count > 0 && !output)) return kArgError;
  if (count > 0) memset(output, value, (size_t)count);
  return kOk;
}

}  // namespace tinyc_rt
