#!/usr/bin/env bash
# Builds a firmware image from a folder emitted by `tinyc compile` and this
# template: the model's sources (sources.txt), its runtime/ kernels, and the
# startup, fault, semihosting and main files here.
#
#   build.sh MODEL_DIR NAME [--cpu cortex-m4|cortex-m0plus|cortex-m7] [-O2|-Os]
#            [-o OUT_DIR] [--defsym SYMBOL=VALUE]... [-D MACRO[=VALUE]]...
#
#   NAME       the model's C name: main.cpp calls NAME_selftest()
#   --cpu      default cortex-m4 (the one QEMU runs: scripts/qemu/run.sh)
#   -O2/-Os    default -O2
#   -o         where objects, image.elf and image.map go (default MODEL_DIR/build-CPU)
#   --defsym   memory map for image.ld: __flash_origin, __flash_length,
#              __ram_origin, __ram_length, __stack_size (defaults: mps2-an386)
#   -D         an extra preprocessor definition for every source
#
# Everything compiles as C++11 (the template's system files as C99) with
# -Wall -Wextra -Werror -pedantic. Links with the gcc driver (not g++, which
# would drag in libstdc++), no start files, newlib-nano for memcpy/memset, and
# no _sbrk: any use of new/malloc fails to link, by design. Prints
# arm-none-eabi-size of the image.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

TEMPLATE_DIR=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 2 ]] || usage
MODEL_DIR=$(cd "$1" && pwd)
NAME=$2
shift 2
CPU=cortex-m4
OPT=-O2
OUT_DIR=""
DEFSYMS=()
DEFINES=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu) CPU=${2:?--cpu needs a value}; shift 2 ;;
    -O2|-Os) OPT=$1; shift ;;
    -o) OUT_DIR=${2:?-o needs a folder}; shift 2 ;;
    --defsym) DEFSYMS+=("-Wl,--defsym=${2:?--defsym needs SYMBOL=VALUE}"); shift 2 ;;
    -D) DEFINES+=("-D${2:?-D needs a macro}"); shift 2 ;;
    -D*) DEFINES+=("$1"); shift ;;
    *) echo "build.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ "$NAME" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "build.sh: NAME '$NAME' is not a C identifier" >&2; exit 2; }

# The same flags as the targets tinyc compiles for (src/codegen/targets.cpp).
case "$CPU" in
  cortex-m0plus) CPU_FLAGS=(-mcpu=cortex-m0plus -mthumb -mfloat-abi=soft) ;;
  cortex-m4) CPU_FLAGS=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16) ;;
  cortex-m7) CPU_FLAGS=(-mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16) ;;
  *) echo "build.sh: unknown cpu '$CPU' (cortex-m0plus, cortex-m4, cortex-m7)" >&2; exit 2 ;;
esac
OUT_DIR=${OUT_DIR:-$MODEL_DIR/build-$CPU}
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

for tool in arm-none-eabi-gcc arm-none-eabi-size; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (scripts/install-deps.sh installs it)" >&2; exit 2; }
done

# The model's sources: sources.txt, plus NAME_selftest.cpp, plus runtime/**.cpp
# unless sources.txt already lists the runtime files it wants.
SOURCES=()
if [[ -f "$MODEL_DIR/sources.txt" ]]; then
  while IFS= read -r line || [[ -n "$line" ]]; do
    line=${line%$'\r'}
    [[ -z "${line// /}" || "$line" == \#* ]] && continue
    SOURCES+=("$line")
  done <"$MODEL_DIR/sources.txt"
else
  echo "build.sh: $MODEL_DIR has no sources.txt" >&2
  exit 2
fi
listed() { local s; for s in "${SOURCES[@]}"; do [[ "$s" == "$1" ]] && return 0; done; return 1; }
if [[ -f "$MODEL_DIR/${NAME}_selftest.cpp" ]] && ! listed "${NAME}_selftest.cpp"; then
  SOURCES+=("${NAME}_selftest.cpp")
fi
if [[ -d "$MODEL_DIR/runtime" ]] && ! printf '%s\n' "${SOURCES[@]}" | grep -q '^runtime/'; then
  while IFS= read -r f; do SOURCES+=("$f"); done < <(cd "$MODEL_DIR" && find runtime -name '*.cpp' | LC_ALL=C sort)
fi

COMMON=("${CPU_FLAGS[@]}" "$OPT" -g -ffunction-sections -fdata-sections -Wall -Wextra -Werror -pedantic
        "${DEFINES[@]}" -DTINYC_SELFTEST_FN="${NAME}_selftest"
        -I"$MODEL_DIR" -I"$MODEL_DIR/runtime/include" -I"$TEMPLATE_DIR")
CXXFLAGS=(-std=c++11 -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit)
CFLAGS=(-std=c99)

OBJECTS=()
compile() {  # compile SOURCE OBJECT
  local src=$1 obj=$2
  mkdir -p "$(dirname "$obj")"
  case "$src" in
    *.c) arm-none-eabi-gcc "${COMMON[@]}" "${CFLAGS[@]}" -c "$src" -o "$obj" ;;
    *) arm-none-eabi-gcc "${COMMON[@]}" "${CXXFLAGS[@]}" -c "$src" -o "$obj" ;;
  esac
  OBJECTS+=("$obj")
}
for src in "${SOURCES[@]}"; do
  [[ -f "$MODEL_DIR/$src" ]] || { echo "build.sh: $MODEL_DIR/$src (from sources.txt) not found" >&2; exit 2; }
  compile "$MODEL_DIR/$src" "$OUT_DIR/obj/model/${src%.*}.o"
done
for src in startup.c faults.c semihosting.c main.cpp; do
  compile "$TEMPLATE_DIR/$src" "$OUT_DIR/obj/template/${src%.*}.o"
done

# RAM is rwx on purpose (code may run from it); the warning would fail nothing
# but it is noise in every build log.
arm-none-eabi-gcc "${CPU_FLAGS[@]}" -nostartfiles --specs=nano.specs -Wl,--gc-sections \
  -Wl,--no-warn-rwx-segments -T "$TEMPLATE_DIR/image.ld" "${DEFSYMS[@]}" \
  -Wl,-Map="$OUT_DIR/image.map" "${OBJECTS[@]}" -o "$OUT_DIR/image.elf"

arm-none-eabi-size "$OUT_DIR/image.elf"
