/* tinyc runtime — fully_connected_s8_dsp for Armv7E-M (Cortex-M4/M7).
 *
 * fully_connected_s8_dsp: each input row is widened once to int16 in SXTB16
 * lane order (scratch; a deep row kFcChunk taps at a time when that takes
 * less scratch, dsp_pack::fc_chunk_taps), then four units at a time run as
 * a 1x4 block of SMLADs over the pre-packed int16 weights (gemm.h: per 4
 * taps one LDRD of input, four LDRD of weights, 8 SMLAD), from the folded
 * bias, requantized with the DspChannel constants, the four outputs clamped
 * as one word. With one row (the usual case) every weight
 * is used once, so int8 weights would need an SXTB16 per two weights; the
 * int16 packing trades flash for those instructions (docs/performance.md).
 *
 * Calls the compiler does not specialise take the portable
 * fully_connected_s8 (portable/fully_connected.cpp beside this file). */
#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "epilogue.h"
#include "gemm.h"
#include "tinyc_rt/dsp.h"
#include "tinyc_rt/dsp_pack.h"
#include "tinyc_rt/kernels.h"
#include "tinyc_rt/requant.h"

namespace tinyc_rt {
namespace {

/* Four requantized outputs as one word of int8, the activation bounds
 * applied to all four at once (SSUB8/SEL twice): one code path for every
 * clamp, no per-output compares. */
inline int32_t four_outputs(const int32_t* acc, const DspChannel* c, int32_t lo4, int32_t hi4) {
  const uint32_t q0 = (uint32_t)dsp::ssat8(arm_dsp::requant_dsp(acc[0], c)) & 0xFFu;
  const uint32_t q1 = (uint32_t)dsp::ssat8(arm_dsp::requant_dsp(acc[1], c + 1)) & 0xFFu;
  const uint32_t q2 = (uint32_t)dsp::ssat8(arm_dsp::requant_dsp(acc[2], c + 2)) & 0xFFu;
  const uint32_t q3 = (uint32_t)dsp::ssat8(arm_dsp::requant_dsp(acc[3], c + 3));
  const int32_t word = (int32_t)(q0 | (q1 << 8) | (q2 << 16) | (q3 << 24));
  return dsp::min_s8x4(dsp::max_s8x4(word, lo4), hi4);
}

void fc_rows(const FcParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights, int8_t* output,
             int16_t* x16) {
  const int32_t d8 = dsp_pack::fc_depth_padded(p), chunk = dsp_pack::fc_chunk_taps(p);
  const int32_t lo4 = (int32_t)(((uint32_t)p->act_min & 0xFFu) * 0x01010101u);
  const int32_t hi4 = (int32_t)(((uint32_t)p->act_max & 0xFFu) * 0x01010101u);
  int32_t* sums = (int32_t*)(x16 + chunk);  /* chunked only: the units' sums between chunks */
  for (int32_t r = 0; r < p->rows; ++r, input += p->depth, output += p->units) {
    for (int32_t d0 = 0; d0 < d8; d0 += chunk) {
      const int32_t n = d8 - d0 < chunk ? d8 - d0 : chunk;  /* a multiple of 8 */
      const int32_t real = p->depth - d0 < n ? p->depth - d0 : n;
      arm_dsp::ColumnWriter x = arm_dsp::ColumnWriter::at(x16, 0, 4);
      x.copy(input + d0, real);
      x.fill(0, n - real);
      // Sums start from the biases (stride 4 in DspChannel) or, chunked,
      // from the previous chunk's (stride 1): no branch per block.
      const bool first = d0 == 0, last = d0 + n == d8;
      const int32_t* from = first ? &ch[0].bias : sums;
      const int32_t step = first ? 4 : 1;
      const int16_t* w = weights + d0 * 4;  /* tap group d0 / 4 of unit block 0: 16 int16 per group */
      for (int32_t u = 0; u < p->units; u += 4, w += 4 * d8, from += 4 * step) {
        int32_t acc[4] = {from[0], from[step], from[2 * step], from[3 * step]};
        arm_dsp::gemm_1x4(x16, w, n >> 2, acc);
        if (!last) {
          sums[u] = acc[0];
          sums[u + 1] = acc[1];
          sums[u + 2] = acc[2];
          sums[u + 3] = acc[3];
          continue;
        }
        // ch has round_up(units, 4) entries: a last partial block computes
        // all four and stores its units only.
        const int32_t four = four_outputs(acc, ch + u, lo4, hi4);
        if (p->units - u >= 4) {
          dsp::store_word(output + u, four);
        } else {
          for (int32_t k = 0; k < p->units - u; ++k) output[u + k] = (int8_t)dsp::byte_s8(four, k);
        }
      }
    }
  }
}

}  // namespace

size_t fully_connected_s8_dsp_scratch_size(const FcParams* p) { return p ? dsp_pack::fc_scratch_size(p) : 0; }

Status fully_connected_s8_dsp(const FcParams* p, const DspChannel* ch, const int8_t* input, const int16_t* weights,
                              int8_t* output, void* scratch) {
  if (!p || !ch || !input || !weights || !output || !scratch) return kArgError;
  if (p->rows < 1 || p->depth < 1 || p->units < 1 || !arm_dsp::clamp_ok(p->act_min, p->act_max)) return kArgError;
  if (!arm_dsp::channels_ok(ch, dsp_pack::round_up(p->units, 4)) || ((uintptr_t)scratch & 3u) != 0 ||
      ((uintptr_t)weights & 3u) != 0)
    return kArgError;
  fc_rows(p, ch, input, weights, output, (int16_t*)scratch);
  return kOk;
}

}  // namespace tinyc_rt
