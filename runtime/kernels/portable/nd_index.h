/* tinyc runtime (portable kernels, internal) — an odometer over an index
 * space of up to kMaxRank dimensions. It keeps one or two element offsets current by
 * adding and subtracting strides, so walking a strided or broadcast tensor
 * costs no multiplication or division per element (Cortex-M0+ has no
 * hardware divide). */
#ifndef TINYC_RT_PORTABLE_ND_INDEX_H
#define TINYC_RT_PORTABLE_ND_INDEX_H

#include <stdint.h>

namespace tinyc_rt {
namespace portable {

/* Advances idx[0..n-1] (last dimension fastest) to the next index of
 * dims[0..n-1] and moves *a and *b by the strides sa[], sb[]. Returns false,
 * with idx and the offsets back at zero, after the last index. */
static inline bool next_index(int32_t n, const int32_t* dims, int32_t* idx, const int32_t* sa, const int32_t* sb,
                              int32_t* a, int32_t* b) {
  for (int32_t d = n - 1; d >= 0; --d) {
    *a += sa[d];
    *b += sb[d];
    if (++idx[d] < dims[d]) return true;
    *a -= sa[d] * dims[d];
    *b -= sb[d] * dims[d];
    idx[d] = 0;
  }
  return false;
}

/* The same with one offset. */
static inline bool next_index(int32_t n, const int32_t* dims, int32_t* idx, const int32_t* strides, int32_t* at) {
  for (int32_t d = n - 1; d >= 0; --d) {
    *at += strides[d];
    if (++idx[d] < dims[d]) return true;
    *at -= strides[d] * dims[d];
    idx[d] = 0;
  }
  return false;
}

}  // namespace portable
}  // namespace tinyc_rt

#endif /* TINYC_RT_PORTABLE_ND_INDEX_H */
