#!/usr/bin/python3
"""Splits a firmware image's flash and RAM into what they hold.

    image_sizes.py IMAGE.elf NAME MODEL_DIR        prints JSON

IMAGE.elf was linked by examples/qemu-cortex-m4/build.sh (which writes
image.map beside it) from MODEL_DIR, a folder `tinyc compile --name NAME`
emitted. Every allocated byte is attributed from the link map, where each
input section (one per function and per variable: -ffunction-sections
-fdata-sections) names the object it came from:

  flash  weights     the constant arrays of NAME.cpp (weights, biases,
                     requantization multipliers and shifts, tables)
         params      NAME.cpp's kernel parameter structs
         model_code  NAME.cpp's code (NAME_invoke) and other constants
         runtime     the runtime kernels (runtime/**.o)
         libc        newlib-nano and libgcc helpers (memcpy, memset, ...)
         template    startup, vector table, fault handler, semihosting, main,
                     and the harness function that calls the model
         test_data   the harness's inputs and expected outputs
         padding     alignment fill between sections
  RAM    arena       NAME.cpp's g_arena
         harness     the harness's output buffers
         other       everything else in .data/.bss (template, runtime, libc)

code = flash - weights - test_data (what the program costs besides its
data, comparable to TFLite Micro's "flash - model"); code_without_template
leaves out the template too. The stack is not counted (image.ld reserves
__stack_size for it).
"""
import json
import os
import re
import subprocess
import sys

OUTPUT_SECTION = re.compile(r"^(\.\S+)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+))?")
INPUT_SECTION = re.compile(r"^ (\.\S+|COMMON)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.*))?$")
CONTINUATION = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.*)$")
FILL = re.compile(r"^ \*fill\*\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)")
RAM_ORIGIN = re.compile(r"^\s+0x([0-9a-f]+)\s+__ram_origin = ")
ARRAY_DECL = re.compile(r"^(?:alignas\(\d+\) )?const \w+ (\w+)\[\d+\] = \{", re.M)
STRUCT_DECL = re.compile(r"^const tinyc_rt::\w+ (\w+) = \{", re.M)
HARNESS_OBJECTS = ("bench_selftest.o",)


def parse_map(text):
    """(ram_origin, {output section: [(input section, size, file)], ...}) from a GNU ld map."""
    body = text.split("Linker script and memory map", 1)[1]
    ram_origin = None
    sections = {}
    current = None
    pending = None  # an input section whose address/size/file is on the next line
    for line in body.splitlines():
        m = RAM_ORIGIN.match(line)
        if m:
            ram_origin = int(m[1], 16)
            continue
        if pending is not None:
            m = CONTINUATION.match(line)
            if m:
                sections[current].append((pending, int(m[2], 16), m[3].strip()))
            pending = None
            continue
        if line.startswith(".") or line.startswith("/DISCARD/"):
            m = OUTPUT_SECTION.match(line)
            current = m[1] if m else None
            sections.setdefault(current, [])
            continue
        if current is None:
            continue
        m = FILL.match(line)
        if m:
            sections[current].append(("*fill*", int(m[2], 16), ""))
            continue
        m = INPUT_SECTION.match(line)
        if m:
            if m[2] is None:
                pending = m[1]
            else:
                sections[current].append((m[1], int(m[3], 16), m[4].strip()))
    if ram_origin is None:
        raise ValueError("no __ram_origin in the link map (not linked with examples/qemu-cortex-m4/image.ld?)")
    return ram_origin, sections


def alloc_sections(elf):
    """[(name, address, size, nobits)] of the image's allocated sections (readelf -S)."""
    out = subprocess.run(["arm-none-eabi-readelf", "-S", "-W", elf], check=True, capture_output=True, text=True).stdout
    result = []
    for line in out.splitlines():
        m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*)", line)
        if m and "A" in m[5] and int(m[4], 16) > 0:
            result.append((m[1], int(m[3], 16), int(m[4], 16), m[2] == "NOBITS"))
    return result


def variable_name(section):
    """The C++ name of a variable's section: .rodata._ZN12_GLOBAL__N_1L4k_w0E -> k_w0."""
    m = re.search(r"_GLOBAL__N_1L?(\d+)", section)
    if m:
        start = m.end()
        return section[start:start + int(m[1])]
    return section.rsplit(".", 1)[-1]


def model_names(model_dir, name):
    with open(os.path.join(model_dir, name + ".cpp"), encoding="utf-8") as f:
        source = f.read()
    return set(ARRAY_DECL.findall(source)), set(STRUCT_DECL.findall(source))


def classify(section, path, name, arrays, structs):
    """(category, is_ram_category) for one input section of `path`."""
    base = os.path.basename(path)
    model_dir_obj = "/obj/model/" in path
    var = variable_name(section)
    is_bss = section.startswith(".bss") or section == "COMMON"
    is_data = is_bss or section.startswith(".data")
    if section == "*fill*":
        return "padding"
    if model_dir_obj and base == name + ".o" and "/obj/model/runtime/" not in path:
        if var == "g_arena":
            return "arena"
        if var in arrays:
            return "weights"
        if var in structs:
            return "params"
        return "other" if is_data else "model_code"
    if base in HARNESS_OBJECTS or (model_dir_obj and base == name + "_selftest.o"):
        if is_data:
            return "harness"
        return "test_data" if section.startswith(".rodata") else "template"
    if "/obj/model/runtime/" in path:
        return "other" if is_data else "runtime"
    if "/obj/template/" in path:
        return "other" if is_data else "template"
    if "libc_nano.a(" in path or "libgcc.a(" in path or "libc.a(" in path:
        return "other" if is_data else "libc"
    return "other" if is_data else "model_code" if model_dir_obj else "other"


def measure(elf, name, model_dir):
    map_path = os.path.join(os.path.dirname(elf), "image.map")
    with open(map_path, encoding="utf-8") as f:
        ram_origin, sections = parse_map(f.read())
    arrays, structs = model_names(model_dir, name)
    flash = {k: 0 for k in ("weights", "params", "model_code", "runtime", "libc", "template", "test_data",
                            "padding", "other")}
    ram = {k: 0 for k in ("arena", "harness", "other")}
    for out_name, address, size, nobits in alloc_sections(elf):
        in_ram = address >= ram_origin
        attributed = 0
        for section, in_size, path in sections.get(out_name, []):
            cat = classify(section, path, name, arrays, structs)
            attributed += in_size
            if in_ram:
                ram[cat if cat in ram else "other"] += in_size
                if not nobits:  # initial values of .data are stored in flash
                    flash["other"] += in_size
            else:
                flash[cat if cat in flash else "other"] += in_size
        rest = size - attributed  # ALIGN() at the end of an output section
        if rest < 0:
            raise ValueError(f"{map_path}: {out_name} holds more than its size")
        if in_ram:
            ram["other"] += rest
            if not nobits:
                flash["padding"] += rest
        else:
            flash["padding"] += rest
    flash_total = sum(flash.values())
    code = flash_total - flash["weights"] - flash["test_data"]
    return {
        "flash": flash_total,
        "ram": sum(ram.values()),
        "code": code,
        "code_without_template": code - flash["template"],
        "flash_parts": flash,
        "ram_parts": ram,
    }


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    print(json.dumps(measure(argv[1], argv[2], argv[3]), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
