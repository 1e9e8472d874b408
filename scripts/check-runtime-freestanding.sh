#!/usr/bin/env bash
# Checks that the device runtime (runtime/) is freestanding C++11 that every
# supported target accepts warning-free, and that the objects need nothing from
# a hosted environment:
#   * compiles every runtime/**/*.cpp with -std=c++11 -pedantic -Wall -Wextra
#     -Werror -fno-exceptions -fno-rtti for the host (g++, and clang++ when
#     present) and with arm-none-eabi-g++ for Cortex-M0+, M4 (hard float) and
#     M7 (hard float), each at -Os and -O2;
#   * sources include only <stdint.h>, <stddef.h>, <string.h> and runtime headers;
#   * the ARM objects reference no heap, C++ runtime or floating-point helpers
#     (malloc/free/new/delete/__cxa_*/__aeabi_f*/__aeabi_d*/...); on the M0+,
#     which has no FPU, any float operation would show up as such a call.
#     Beyond that, only memcpy/memset and libgcc's integer helpers may be
#     undefined;
#   * no object has static constructors (.init_array / .ctors);
#   * an extra M4 build with -mgeneral-regs-only refuses any float or double.
# Usage: scripts/check-runtime-freestanding.sh [runtime dir]   (exit 0 = all good)
set -uo pipefail
cd "$(dirname "$0")/.."
RUNTIME=${1:-runtime}
ARM_CXX=${ARM_CXX:-arm-none-eabi-g++}
ARM_NM=${ARM_NM:-arm-none-eabi-nm}
ARM_OBJDUMP=${ARM_OBJDUMP:-arm-none-eabi-objdump}
HOST_CXX=${HOST_CXX:-g++}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

mapfile -t SOURCES < <(find "$RUNTIME" -name '*.cpp' | sort)
if [[ ${#SOURCES[@]} -eq 0 ]]; then
  echo "FAIL: no runtime sources under $RUNTIME"
  exit 1
fi
for tool in "$ARM_CXX" "$ARM_NM" "$ARM_OBJDUMP" "$HOST_CXX"; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found"; exit 1; }
done
echo "${#SOURCES[@]} runtime sources"

# Includes: the three freestanding C headers and the runtime's own headers.
while IFS= read -r line; do
  fail "include outside the freestanding set: $line"
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include' "$RUNTIME" --include='*.cpp' --include='*.h' |
         grep -vE '#[[:space:]]*include[[:space:]]*(<(stdint|stddef|string)\.h>|"[A-Za-z0-9_/]+\.h")')

COMMON=(-std=c++11 -pedantic -Wall -Wextra -Werror -fno-exceptions -fno-rtti -I"$RUNTIME/include")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# compile NAME FLAGS... : every source into $WORK/NAME/.
compile() {
  local name=$1 cxx=$2
  shift 2
  mkdir -p "$WORK/$name"
  local src obj
  for src in "${SOURCES[@]}"; do
    obj="$WORK/$name/$(echo "$src" | tr '/' '_').o"
    if ! "$cxx" "${COMMON[@]}" "$@" -c "$src" -o "$obj" 2>"$WORK/err.txt"; then
      fail "$name: $src does not compile"
      sed 's/^/    /' "$WORK/err.txt" | head -20
    fi
  done
}

# Undefined symbols an ARM object may have: memcpy/memset (and their EABI
# aliases) and libgcc's integer division / 64-bit helpers.
ALLOWED_UNDEFINED='^(memcpy|memset|__aeabi_(memcpy|memset|memclr|memmove)[48]?|__aeabi_(idiv|uidiv|idivmod|uidivmod|ldivmod|uldivmod|lmul|llsl|llsr|lasr|lcmp|ulcmp)|__(ashl|ashr|lshr)di3|__(u?)(div|mod)(si|di)3|__clz[sd]i2|__ctz[sd]i2)$'
FORBIDDEN='^(malloc|calloc|realloc|free|_Znw.*|_Zna.*|_Zdl.*|_Zda.*|__cxa_.*|__gxx_personality.*|_Unwind_.*|__aeabi_[fd].*|__aeabi_.*2[fd]|__aeabi_[cu]?[fd]cmp.*|__.*[sd]f[0-9]?|printf|puts|abort|exit)$'

check_objects() {
  local name=$1 obj sym
  for obj in "$WORK/$name"/*.o; do
    [[ -e $obj ]] || continue
    while read -r sym; do
      if [[ $sym =~ $FORBIDDEN ]]; then
        fail "$name: $(basename "$obj") references $sym"
      elif ! [[ $sym =~ $ALLOWED_UNDEFINED ]]; then
        fail "$name: $(basename "$obj") references $sym (not in the freestanding allowlist)"
      fi
    done < <("$ARM_NM" -u "$obj" | awk '{print $NF}')
    if "$ARM_OBJDUMP" -h "$obj" | grep -qE '\.(init_array|ctors|preinit_array)'; then
      fail "$name: $(basename "$obj") has static constructors"
    fi
  done
}

compile host-gcc "$HOST_CXX" -O2
if command -v clang++ >/dev/null; then compile host-clang clang++ -O2; fi

M0P=(-mcpu=cortex-m0plus -mthumb)
M4=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
M7=(-mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16)
for opt in -Os -O2; do
  compile "m0plus$opt" "$ARM_CXX" "${M0P[@]}" "$opt"
  check_objects "m0plus$opt"
  compile "m4$opt" "$ARM_CXX" "${M4[@]}" "$opt"
  check_objects "m4$opt"
  compile "m7$opt" "$ARM_CXX" "${M7[@]}" "$opt"
  check_objects "m7$opt"
done
# With -mgeneral-regs-only GCC rejects any float or double value outright.
compile m4-general-regs-only "$ARM_CXX" "${M4[@]}" -mgeneral-regs-only -O2

if [[ $failures -ne 0 ]]; then
  echo "check-runtime-freestanding: $failures failure(s)"
  exit 1
fi
echo "check-runtime-freestanding: OK"
