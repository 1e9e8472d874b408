#include "semihosting.h"

enum {
  kSysWrite0 = 0x04,
  kSysExitExtended = 0x20,
  /* ADP_Stopped_ApplicationExit: "the program ended normally", with a code. */
  kAdpStoppedApplicationExit = 0x20026
};

static uint32_t semihost_call(uint32_t op, const void* args) {
  register uint32_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = args;
  /* "memory": the host reads the argument block or string we point at. */
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void semihost_write0(const char* text) { (void)semihost_call(kSysWrite0, text); }

void semihost_write_dec(uint32_t value) {
  char buf[11];
  char* p = buf + sizeof buf;
  *--p = '\0';
  do {
    *--p = (char)('0' + value % 10u);
    value /= 10u;
  } while (value != 0u);
  semihost_write0(p);
}

void semihost_write_hex(uint32_t value) {
  char buf[11];
  int i;
  buf[0] = '0';
  buf[1] = 'x';
  for (i = 0; i < 8; ++i) {
    uint32_t nibble = (value >> (28 - 4 * i)) & 0xFu;
    buf[2 + i] = (char)(nibble < 10u ? '0' + nibble : 'a' + (nibble - 10u));
  }
  buf[10] = '\0';
  semihost_write0(buf);
}

void semihost_exit(int code) {
  uint32_t block[2];
  block[0] = kAdpStoppedApplicationExit;
  block[1] = (uint32_t)code;
  (void)semihost_call(kSysExitExtended, block);
  /* Only reached without a semihosting host: stop here rather than run on. */
  for (;;) {
  }
}
