#!/usr/bin/python3
"""Writes bench_data.h for benchmarks/firmware/bench_selftest.cpp.

    bench_data.py MODEL_DIR NAME

Takes the first input of MODEL_DIR/NAME_selftest.cpp (emitted by
`tinyc compile --selftest`) and the output tinyc's int8 reference computed for
it, and writes them to MODEL_DIR/bench_data.h with the invoke function's name.
The data comes from the generated self-test, not from the .npy files, so the
benchmark checks exactly the bytes tinyc's int8 reference computed for the
code it generated (the input as the compiler quantized it, if it was float).

Only single-input, single-output models: the benchmark calls
NAME_invoke(input, output) directly. When the model was compiled with
`--io arena` (NAME.h declares NAME_input_buffer), bench_data.h also names the
arena's input and output buffers: the harness writes the input there before
the counted region and passes those pointers, so the count, like TFLite
Micro's Invoke(), covers no copies.
"""
import os
import re
import sys

ARRAY = re.compile(r"const int8_t (k(?:Input|Expected)\d+_\d+)\[(\d+)\] = \{([^}]*)\};", re.S)


def selftest_arrays(path):
    """Name -> list of ints for every int8 array in a generated NAME_selftest.cpp."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    arrays = {}
    for name, size, body in ARRAY.findall(text):
        values = [int(v) for v in body.replace("\n", " ").split(",") if v.strip()]
        if len(values) != int(size):
            raise ValueError(f"{path}: {name} declares {size} values but holds {len(values)}")
        arrays[name] = values
    return text, arrays


def c_array(name, values):
    lines = []
    for i in range(0, len(values), 16):
        lines.append("    " + ", ".join(str(v) for v in values[i:i + 16]))
    return f"const int8_t {name}[{len(values)}] = {{\n" + ",\n".join(lines) + "};\n"


def write_bench_data(model_dir, name):
    selftest = os.path.join(model_dir, f"{name}_selftest.cpp")
    text, arrays = selftest_arrays(selftest)
    if f"{name}_inputs in = " in text or "kInput0_1" in arrays or "kExpected0_1" in arrays:
        raise ValueError(f"{selftest}: the benchmark supports single-input, single-output models only")
    for needed in ("kInput0_0", "kExpected0_0"):
        if needed not in arrays:
            raise ValueError(f"{selftest}: no {needed} (compile with --selftest)")
    with open(os.path.join(model_dir, f"{name}.h"), encoding="utf-8") as f:
        io_in_arena = f"int8_t* {name}_input_buffer(int index);" in f.read()
    out = os.path.join(model_dir, "bench_data.h")
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"// bench_data.h — written by benchmarks/tools/bench_data.py from {name}_selftest.cpp.\n"
                "// One input and the output tinyc's int8 reference computed for it.\n"
                "#ifndef TINYC_BENCH_DATA_H\n#define TINYC_BENCH_DATA_H\n\n"
                f"#include \"{name}.h\"\n\n"
                f"#define TINYC_BENCH_INVOKE {name}_invoke\n")
        if io_in_arena:
            f.write(f"#define TINYC_BENCH_INPUT_BUFFER() {name}_input_buffer(0)\n"
                    f"#define TINYC_BENCH_OUTPUT_BUFFER() {name}_output_buffer(0)\n")
        f.write("\n"
                "namespace {\n\n")
        f.write(c_array("kBenchInput", arrays["kInput0_0"]))
        f.write(c_array("kBenchExpected", arrays["kExpected0_0"]))
        f.write("\n}  // namespace\n\n#endif\n")
    return arrays["kInput0_0"], arrays["kExpected0_0"]


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    write_bench_data(argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
