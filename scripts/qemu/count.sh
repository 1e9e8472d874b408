#!/usr/bin/env bash
# Runs a firmware image under QEMU with the instruction-counting plugin and
# prints the counts of the marked regions (docs/targets.md, "Counting
# instructions") after the firmware's own output:
#   icount total N / icount op I N ENTRIES / icount other N / icount markers N
#
#   scripts/qemu/count.sh image.elf [--plugin-dir DIR]
#
# Exit code: the firmware's (as run.sh), or 3 when it passed but executed no
# complete BEGIN..END region (nothing was counted).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
ELF=$1
shift
PLUGIN_DIR=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --plugin-dir) PLUGIN_DIR=${2:?--plugin-dir needs a folder}; shift 2 ;;
    *) echo "count.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
SO=$("$HERE/build-plugin.sh" ${PLUGIN_DIR:+"$PLUGIN_DIR"})

counts=$(mktemp)
trap 'rm -f "$counts"' EXIT
rc=0
"$HERE/run.sh" "$ELF" -plugin "$SO,out=$counts" || rc=$?
cat "$counts"
if [[ $rc -eq 0 ]] && ! grep -q '^icount total ' "$counts"; then
  echo "count.sh: $ELF ran no complete marker region (TINYC_MARK_BEGIN .. TINYC_MARK_END)" >&2
  rc=3
fi
exit "$rc"
