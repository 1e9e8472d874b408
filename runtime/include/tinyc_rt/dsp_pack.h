/* tinyc runtime — the contract between the compiler and the arm_dsp kernels:
 * how pre-packed weights are laid out, which variant a kernel runs, and how
 * much scratch it needs. Both sides include this header, so the packing the
 * compiler writes is the packing the kernel reads, and the planner reserves
 * exactly the scratch the kernel uses (CMSIS-NN's *_get_buffer_size idea: the
 * predicate that picks a variant is the one that sizes its buffer).
 *
 * Lane order. SXTB16 turns a word of four int8 (x0 x1 x2 x3) into two words
 * of int16 pairs, (x0, x2) and, with ROR #8, (x1, x3). Activations are
 * unpacked that way, so within every group of four taps the packed weights
 * are stored in the order x0 x2 x1 x3 (kLane) and SMLAD pairs them with no
 * PKHBT. Taps are padded with zero weights to a multiple of 8 (the GEMM
 * loops do two groups of four per turn).
 *
 * Freestanding C++11 like the rest of the runtime; the compiler (C++17)
 * includes it too. */
#ifndef TINYC_RT_DSP_PACK_H
#define TINYC_RT_DSP_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "inplace.h"
#include "kernels.h"

namespace tinyc_rt {
namespace dsp_pack {

/* Position of tap t%4 inside its group of four, in SXTB16 lane order. */
static inline int32_t lane(int32_t t) { return (t & ~3) | ((t & 1) << 1) | ((t >> 1) & 1); }
/* v >= 0, m > 0 (sizes); unsigned, so a constant power-of-two m is a mask,
 * not a signed division's correction sequence in every kernel's set-up. */
static inline int32_t round_up(int32_t v, int32_t m) {
  return (int32_t)(((uint32_t)v + (uint32_t)m - 1u) / (uint32_t)m * (uint32_t)m);
}

/* ---- convolution (conv2d_s8_dsp): int16 weights, two output channels interleaved ----
 * K = k_h*k_w*in_c taps in [ky][kx][ic] order, padded to K8; out_c padded to
 * even. Channel pair j, tap group g: 8 int16 = 4 of channel 2j, 4 of 2j+1. */
static inline int32_t conv_taps(const ConvParams* p) { return p->k_h * p->k_w * p->in_c; }
static inline int32_t conv_taps_padded(const ConvParams* p) { return round_up(conv_taps(p), 8); }
static inline int32_t conv_weight_count(const ConvParams* p) { return round_up(p->out_c, 2) * conv_taps_padded(p); }
static inline int32_t conv_weight_index(const ConvParams* p, int32_t oc, int32_t t) {
  const int32_t l = lane(t);
  return ((oc >> 1) * (conv_taps_padded(p) >> 2) + (l >> 2)) * 8 + (oc & 1) * 4 + (l & 3);
}

/* Variants. Pointwise: 1x1, stride 1, no padding, so each output pixel's
 * column is its input pixel (no spatial gather, only the int16 widening). */
enum ConvVariant { kConvPointwise = 0, kConvIm2col = 1 };
static inline ConvVariant conv_variant(const ConvParams* p) {
  const bool pointwise = p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && p->pad_top == 0 &&
                         p->pad_left == 0 && p->out_h == p->in_h && p->out_w == p->in_w;
  return pointwise ? kConvPointwise : kConvIm2col;
}
/* Whether conv2d_s8_dsp handles p at all (else the compiler calls conv2d_s8). */
static inline bool conv_supported(const ConvParams* p) { return p->groups == 1 && p->ch_mult == 1; }
/* ---- in place (output == input, tinyc_rt/inplace.h) ----
 * When conv_inplace_ok(p) the compiler may call a kernel in place: then the
 * scratch starts with the ring of pad_top + 1 saved input rows, padded to a
 * word, and the kernel's own scratch follows it. A call not in place needs
 * no ring, and its own scratch starts the buffer: the *_scratch_size below
 * include the ring (the most a call needs); the compiler gives the ring back
 * for calls its memory plan does not run in place. */
static inline size_t ring_bytes(const ConvParams* p) { return (conv_inplace_scratch_size(p) + 3u) & ~(size_t)3u; }

/* Scratch: [ring, in place only][the int16 columns of two output pixels,
 * interleaved per tap group][the byte stage, conv_stages_bytes only].
 * Pointwise needs no ring: a pixel pair's columns are widened before its
 * outputs are stored, and output pixel i (out_c <= in_c bytes) ends before
 * input pixel i + 1 begins. */
static inline size_t conv_ring_bytes(const ConvParams* p) {
  return conv_variant(p) == kConvPointwise ? 0 : ring_bytes(p);
}
/* When in_c is not a multiple of four (first layers on RGB or mono input), a
 * window's runs do not fall on the columns' tap groups: the taps are first
 * gathered as bytes into a stage of K8 bytes after the columns. */
static inline bool conv_stages_bytes(const ConvParams* p) {
  return conv_variant(p) == kConvIm2col && (p->in_c & 3) != 0;
}
static inline size_t conv_scratch_size(const ConvParams* p) {
  if (!conv_supported(p)) return 0;
  const size_t k8 = (size_t)conv_taps_padded(p);
  return conv_ring_bytes(p) + k8 * 2u * sizeof(int16_t) + (conv_stages_bytes(p) ? k8 : 0u);
}

/* ---- depthwise (dwconv2d_s8_dsp): int16 weights, taps in pairs ----
 * Taps (ky, kx) in row-major order, paired (2i, 2i+1), an odd last tap paired
 * with a zero weight; channels in groups of 4 (padded). Channel group q, tap
 * pair i: 4 words, word c = (weight of tap 2i, weight of tap 2i+1) for
 * channel 4q + c. */
enum { kDwMaxTaps = 49 };  /* up to 7x7: the tap offsets live on the stack */
static inline int32_t dw_tap_pairs(const ConvParams* p) { return (p->k_h * p->k_w + 1) / 2; }
static inline int32_t dw_weight_count(const ConvParams* p) { return round_up(p->out_c, 4) * dw_tap_pairs(p) * 2; }
static inline int32_t dw_weight_index(const ConvParams* p, int32_t c, int32_t t) {
  return ((c >> 2) * dw_tap_pairs(p) + (t >> 1)) * 8 + (c & 3) * 2 + (t & 1);
}
static inline bool dw_supported(const ConvParams* p) { return p->ch_mult == 1 && p->k_h * p->k_w <= kDwMaxTaps; }
/* Scratch: [ring, in place only][a row of the input zero point, where padding taps point]. */
static inline size_t dw_scratch_size(const ConvParams* p) {
  return dw_supported(p) ? ring_bytes(p) + (size_t)round_up(p->in_c, 4) : 0;
}

/* ---- fully connected (fully_connected_s8_dsp): int16 weights, four units interleaved ----
 * depth padded to D8, units to a multiple of 4. Unit block j, tap group g:
 * 16 int16 = 4 taps of each unit 4j .. 4j+3. */
static inline int32_t fc_depth_padded(const FcParams* p) { return round_up(p->depth, 8); }
static inline int32_t fc_weight_count(const FcParams* p) { return round_up(p->units, 4) * fc_depth_padded(p); }
static inline int32_t fc_weight_index(const FcParams* p, int32_t u, int32_t d) {
  const int32_t l = lane(d);
  return ((u >> 2) * (fc_depth_padded(p) >> 2) + (l >> 2)) * 16 + (u & 3) * 4 + (l & 3);
}
/* Scratch: the input row widened to int16, whole or kFcChunk taps at a time.
 * Chunked, the units' int32 sums wait in scratch between chunks; it is used
 * when that needs less scratch than the whole row (a deep row, few units:
 * the autoencoder's 640-deep input layer takes 768 bytes instead of 1,280). */
enum { kFcChunk = 128 };
static inline int32_t fc_chunk_taps(const FcParams* p) {
  const int32_t d8 = fc_depth_padded(p);
  if (d8 <= kFcChunk) return d8;
  const int32_t chunked = kFcChunk * 2 + round_up(p->units, 4) * 4;
  return chunked < d8 * 2 ? (int32_t)kFcChunk : d8;
}
static inline size_t fc_scratch_size(const FcParams* p) {
  const int32_t chunk = fc_chunk_taps(p);
  const int32_t sums = chunk < fc_depth_padded(p) ? round_up(p->units, 4) * 4 : 0;
  return (size_t)chunk * sizeof(int16_t) + (size_t)sums;
}

}  // namespace dsp_pack
}  // namespace tinyc_rt

#endif /* TINYC_RT_DSP_PACK_H */
