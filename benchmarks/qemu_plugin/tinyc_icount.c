/* tinyc_icount: a QEMU TCG plugin that counts the guest instructions executed
 * between marker instructions (examples/qemu-cortex-m4/tinyc_markers.h):
 *
 *   dbg #1              BEGIN: start counting, clear the per-op table
 *   dbg #3; movw ip,#i  OP: what follows, up to the next marker, is op i
 *   dbg #2              END: print the counts
 *
 * Output (to stderr, or to the file given as `out=PATH`), at each END:
 *   icount total N          instructions between BEGIN and END
 *   icount op I N E         op I: N instructions over E entries (one line per op seen)
 *   icount other N          instructions in no op (before the first op marker)
 *   icount markers N        the `movw ip, #i` op payloads
 * so that total = sum(op) + other + markers. The dbg markers are not counted.
 * At exit, a BEGIN without END prints `icount unterminated N`, and no region
 * at all prints `icount none`.
 *
 * Counting is an inline add per instruction, so counts are exact and
 * identical run to run (instructions, not cycles: QEMU models no timing).
 * Interrupt handlers that run inside a region are counted in it.
 *
 * Build: scripts/qemu/build-plugin.sh. Run: scripts/qemu/count.sh image.elf.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum MarkerKind { kBegin = 1, kEnd = 2, kOp = 3 };
enum { kMaxOps = 65536 }; /* the movw immediate is 16 bits */

typedef struct {
  uint64_t instructions;
  uint64_t entries;
} OpCount;

static uint64_t g_executed;      /* every non-marker instruction, bumped inline */
static FILE* g_out;
static int g_active;             /* between BEGIN and END */
static int g_regions_reported;
static uint64_t g_begin_at;      /* g_executed at BEGIN */
static uint64_t g_region_start;  /* g_executed at the current op marker */
static int g_current_op;         /* op being counted, or one of: */
enum { kNoOp = -1, kUnnamedOp = -2 };
static int g_named_by_payload;   /* the current op region includes its movw */
static uint64_t g_other, g_markers;
static OpCount* g_ops;           /* kMaxOps entries */
static int g_max_op = -1;

/* Ends the current op region at count `now`. */
static void close_region(uint64_t now) {
  uint64_t n = now - g_region_start;
  if (g_current_op >= 0) {
    if (g_named_by_payload && n > 0) { /* the movw belongs to the marker, not the op */
      --n;
      ++g_markers;
    }
    g_ops[g_current_op].instructions += n;
  } else {
    g_other += n;
  }
}

static void on_begin(void) {
  memset(g_ops, 0, sizeof(OpCount) * kMaxOps);
  g_max_op = -1;
  g_other = g_markers = 0;
  g_active = 1;
  g_begin_at = g_region_start = g_executed;
  g_current_op = kNoOp;
  g_named_by_payload = 0;
}

static void on_end(void) {
  int i;
  if (!g_active) return;
  close_region(g_executed);
  g_active = 0;
  ++g_regions_reported;
  fprintf(g_out, "icount total %" PRIu64 "\n", g_executed - g_begin_at);
  for (i = 0; i <= g_max_op; ++i) {
    if (g_ops[i].entries == 0) continue;
    fprintf(g_out, "icount op %d %" PRIu64 " %" PRIu64 "\n", i, g_ops[i].instructions, g_ops[i].entries);
  }
  fprintf(g_out, "icount other %" PRIu64 "\n", g_other);
  fprintf(g_out, "icount markers %" PRIu64 "\n", g_markers);
  fflush(g_out);
}

static void on_op_marker(void) {
  if (!g_active) return;
  close_region(g_executed);
  g_region_start = g_executed;
  g_current_op = kUnnamedOp; /* named by the movw that follows */
  g_named_by_payload = 0;
}

/* Runs before the marker instruction executes; g_executed excludes markers,
 * so it reads the same whichever order QEMU runs callbacks and inline ops in. */
static void on_marker(unsigned int vcpu_index, void* userdata) {
  (void)vcpu_index;
  switch ((enum MarkerKind)(uintptr_t)userdata) {
    case kBegin: on_begin(); break;
    case kEnd: on_end(); break;
    case kOp: on_op_marker(); break;
  }
}

/* Runs for every `movw ip, #imm`; only the one right after `dbg #3` names an op.
 * It reads no counter, so its order against the inline add does not matter. */
static void on_movw_ip(unsigned int vcpu_index, void* userdata) {
  int op = (int)(uintptr_t)userdata;
  (void)vcpu_index;
  if (!g_active || g_current_op != kUnnamedOp) return;
  g_current_op = op;
  g_named_by_payload = 1;
  if (g_ops[op].entries++ == 0 && op > g_max_op) g_max_op = op;
}

/* Decodes a 32-bit Thumb instruction: 1..15 for `dbg #n`, 0 otherwise. */
static int dbg_option(uint16_t hw1, uint16_t hw2) {
  return (hw1 == 0xF3AF && (hw2 & 0xFFF0) == 0x80F0) ? (hw2 & 0xF) : 0;
}

/* `movw ip, #imm16` (T3: 11110 i 10 0100 imm4 | 0 imm3 1100 imm8): imm16 or -1. */
static int movw_ip_imm(uint16_t hw1, uint16_t hw2) {
  if ((hw1 & 0xFBF0) != 0xF240 || (hw2 & 0x8F00) != 0x0C00) return -1;
  return (int)(((hw1 & 0xFu) << 12) | (((hw1 >> 10) & 1u) << 11) | (((hw2 >> 12) & 7u) << 8) | (hw2 & 0xFFu));
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
  size_t i, n = qemu_plugin_tb_n_insns(tb);
  (void)id;
  for (i = 0; i < n; ++i) {
    struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
    int option = 0, imm = -1;
    /* >= 4, not == 4: near the end of a 4 KB page QEMU 7.2's Thumb
     * translator peeks at the next halfword (does the next instruction cross
     * the page?) and the plugin API counts it into this instruction, which
     * then reports 6 bytes. A marker 6 bytes before a page boundary went
     * unseen that way. Decoding the first two halfwords is safe for any size:
     * both patterns start with a 32-bit Thumb prefix, which no 16-bit
     * instruction has. */
    if (qemu_plugin_insn_size(insn) >= 4) {
      const uint8_t* b = (const uint8_t*)qemu_plugin_insn_data(insn);
      uint16_t hw1 = (uint16_t)(b[0] | (b[1] << 8)), hw2 = (uint16_t)(b[2] | (b[3] << 8));
      option = dbg_option(hw1, hw2);
      imm = movw_ip_imm(hw1, hw2);
    }
    if (option == kBegin || option == kEnd || option == kOp) {
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                             (void*)(uintptr_t)option);
      continue; /* markers are not counted */
    }
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &g_executed, 1);
    if (imm >= 0) {
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_movw_ip, QEMU_PLUGIN_CB_NO_REGS, (void*)(uintptr_t)imm);
    }
  }
}

static void on_plugin_exit(qemu_plugin_id_t id, void* userdata) {
  (void)id;
  (void)userdata;
  if (g_active) fprintf(g_out, "icount unterminated %" PRIu64 "\n", g_executed - g_begin_at);
  else if (g_regions_reported == 0) fprintf(g_out, "icount none\n");
  if (g_out != stderr) fclose(g_out);
  free(g_ops);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc,
                                           char** argv) {
  int i;
  g_out = stderr;
  for (i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "out=", 4) == 0) {
      g_out = fopen(argv[i] + 4, "w");
      if (!g_out) {
        fprintf(stderr, "tinyc_icount: cannot write '%s'\n", argv[i] + 4);
        return 1;
      }
    } else {
      fprintf(stderr, "tinyc_icount: unknown argument '%s' (expected out=PATH)\n", argv[i]);
      return 1;
    }
  }
  if (strcmp(info->target_name, "arm") != 0) {
    fprintf(stderr, "tinyc_icount: decodes Thumb markers, so it needs an arm guest, not '%s'\n",
            info->target_name);
    return 1;
  }
  g_ops = (OpCount*)calloc(kMaxOps, sizeof(OpCount));
  if (!g_ops) return 1;
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, on_plugin_exit, NULL);
  return 0;
}
