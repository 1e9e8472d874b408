#!/usr/bin/env bash
# Runs a firmware image on QEMU's mps2-an386 (Cortex-M4 with FPU) and returns
# the firmware's exit code.
#   scripts/qemu/run.sh image.elf [extra qemu arguments...]
#
# Semihosting output (the firmware's prints) goes to stdout; the exit code is
# the one the firmware passes to SYS_EXIT_EXTENDED (0 pass, 1 self-test
# mismatch, 250 fault: examples/qemu-cortex-m4/semihosting.h). A run that does
# not finish within TINYC_QEMU_TIMEOUT seconds (default 120) is killed and
# returns 124, so a hang fails instead of blocking CI.
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
ELF=$1
shift
[[ -f "$ELF" ]] || { echo "run.sh: no such image: $ELF" >&2; exit 2; }
command -v qemu-system-arm >/dev/null || { echo "run.sh: qemu-system-arm not found (scripts/install-deps.sh installs it)" >&2; exit 2; }

# -serial none / -monitor none: nothing else writes to the terminal;
# chardev=con: semihosting output to stdout (by default it goes to stderr).
# Without -semihosting-config the first `bkpt 0xAB` locks the core up.
# --kill-after: a QEMU that ignores SIGTERM is killed for good.
exec timeout --kill-after=5 "${TINYC_QEMU_TIMEOUT:-120}" \
  qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
  -chardev stdio,id=con -semihosting-config enable=on,target=native,chardev=con \
  -kernel "$ELF" "$@"
