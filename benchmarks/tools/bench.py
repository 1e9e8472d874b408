#!/usr/bin/python3
"""Benchmarks models on the emulated Cortex-M4 (scripts/bench.sh runs this).

    bench.py --tinyc PATH --work DIR --results PREFIX [--baselines baselines.md]
             [--source TEXT] --model SPEC [--model SPEC ...]

SPEC is comma-separated key=value: name=C_NAME, onnx=MODEL.onnx,
selftest=INPUTS.npy (its first sample is the input), and optionally
calib=CALIB.npy (float models), tflm_output=OUT.npy (TFLite Micro's output for
that input, to compare with), baseline=KEY (the row of baselines.md, e.g. kws).

For each model:
  1. `tinyc -v compile --target cortex-m4 --io arena --op-markers --selftest`,
     timed (compile time), its summary parsed (per-op table, arena, lower bound);
  2. bench_data.py + benchmarks/firmware/bench_selftest.cpp: one NAME_invoke
     between the counter's BEGIN/END markers, then its output checked;
  3. examples/qemu-cortex-m4/build.sh at -O2, image_sizes.py on the image;
  4. scripts/qemu/count.sh: the self-test result and the instruction counts.
Writes PREFIX.json and PREFIX.md; exits 1 when any model failed (a compile,
build or run error, or a self-test with mismatching bytes), 2 on usage errors.
Python standard library only.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import baselines as baselines_mod  # noqa: E402
import bench_data  # noqa: E402
import compile_summary  # noqa: E402
import icount  # noqa: E402
import image_sizes  # noqa: E402
import npy_int8  # noqa: E402
import report  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
TEMPLATE = os.path.join(REPO, "examples", "qemu-cortex-m4")
HARNESS = os.path.join(REPO, "benchmarks", "firmware", "bench_selftest.cpp")
TARGET = "cortex-m4"
OPT = "-O2"
SELFTEST_LINE = re.compile(r"^selftest: (\d+) mismatching bytes$", re.M)
SELFTEST_FAILED = re.compile(r"^selftest: failed with status -(\d+)$", re.M)
SPEC_KEYS = {"name", "onnx", "selftest", "calib", "tflm_output", "baseline"}


class BenchError(Exception):
    """A step of one model's benchmark failed; the message says which and why."""


def parse_spec(text):
    spec = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or key not in SPEC_KEYS:
            raise argparse.ArgumentTypeError(f"bad --model part {part!r} (keys: {', '.join(sorted(SPEC_KEYS))})")
        spec[key] = value
    for key in ("name", "onnx", "selftest"):
        if key not in spec:
            raise argparse.ArgumentTypeError(f"--model {text!r} needs {key}=")
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", spec["name"]) or spec["name"] == "bench":
        raise argparse.ArgumentTypeError(f"--model name {spec['name']!r} must be a C identifier other than 'bench'")
    return spec


def run(cmd, what, **kw):
    """Runs cmd; BenchError with its output when it fails."""
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        tail = "\n".join((p.stdout + p.stderr).strip().splitlines()[-15:])
        raise BenchError(f"{what} failed (exit {p.returncode}): {' '.join(cmd)}\n{tail}")
    return p


def tool_version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "unknown"


def tinyc_commit(tinyc):
    """The commit tinyc was built from: its build folder's CMakeCache.txt names the
    source tree (else this repository); "+modified" when src/, include/ or runtime/
    differ from it."""
    source = REPO
    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(tinyc)), "CMakeCache.txt"), encoding="utf-8") as f:
            m = re.search(r"^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$", f.read(), re.M)
        if m:
            source = m[1].strip()
    except OSError:
        pass
    try:
        head = subprocess.run(["git", "-C", source, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    tracked = subprocess.run(["git", "-C", source, "status", "--porcelain", "--untracked-files=no", "--", "src",
                              "include", "runtime"], capture_output=True, text=True).stdout.strip()
    return head + ("+modified" if tracked else "")


def compile_model(args, spec, out_dir):
    cmd = [args.tinyc, "-v", "compile", spec["onnx"], "--target", TARGET, "--io", "arena", "--op-markers",
           "--selftest", spec["selftest"], "--name", spec["name"], "-o", out_dir]
    if spec.get("calib"):
        cmd += ["--calib", spec["calib"]]
    start = time.monotonic()
    p = run(cmd, "tinyc compile")
    seconds = time.monotonic() - start
    summary = compile_summary.parse_summary(p.stdout)
    with open(os.path.join(out_dir, spec["name"] + ".cpp"), encoding="utf-8") as f:
        header = compile_summary.parse_cpp_header(f.read())
    if (header["arena"], header["lower_bound"]) != (summary["arena"], summary["lower_bound"]):
        raise BenchError(f"the generated .cpp states arena {header['arena']} / lower bound {header['lower_bound']}, "
                         f"the summary {summary['arena']} / {summary['lower_bound']}")
    return summary, seconds


def op_breakdown(summary, counts):
    """Per-op rows: the summary's ops joined with their instruction counts."""
    ops = summary["ops"]
    rows = []
    for op in ops:
        n, entries = counts["ops"].get(op["index"], (None, 0))
        if op["kernel"] and entries != 1:
            raise BenchError(f"op {op['index']} ({op['kernel']}) was entered {entries} times, not once")
        if not op["kernel"] and n is not None:
            raise BenchError(f"op {op['index']} calls no kernel but has an instruction count")
        rows.append(dict(op, instructions=n))
    known = {op["index"] for op in ops} | {len(ops)}
    extra = sorted(set(counts["ops"]) - known)
    if extra:
        raise BenchError(f"instruction counts for op indices the compile summary does not have: {extra}")
    return rows


def compare_tflm(expected, path):
    if not path:
        return None
    shape, tflm = npy_int8.read_npy_int8(path)
    tflm = tflm[:len(expected)]  # a batch file: its first sample
    if len(tflm) != len(expected):
        raise BenchError(f"{path}: {len(tflm)} values, the model's output has {len(expected)}")
    diffs = [abs(a - b) for a, b in zip(expected, tflm)]
    return {"file": os.path.basename(path), "bytes": len(expected), "differing_bytes": sum(d != 0 for d in diffs),
            "max_abs_difference": max(diffs) if diffs else 0}


def bench_model(args, spec):
    name = spec["name"]
    work = os.path.join(args.work, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    gen = os.path.join(work, "gen")
    fw = os.path.join(work, "fw")
    result = {"name": name, "model": os.path.basename(spec["onnx"]), "baseline_key": spec.get("baseline")}

    summary, seconds = compile_model(args, spec, gen)
    result["compile_seconds"] = round(seconds, 2)
    result["macs"] = summary["macs"]
    result["arena"] = {k: summary[k] for k in ("arena", "lower_bound", "greedy", "strategy", "io_in_arena")}
    result["kernels"] = summary["kernels"]

    _, expected = bench_data.write_bench_data(gen, name)
    result["output_bytes"] = len(expected)
    shutil.copy(HARNESS, os.path.join(gen, "bench_selftest.cpp"))
    run([os.path.join(TEMPLATE, "build.sh"), gen, "bench", "--cpu", TARGET, OPT, "-o", fw, "-D",
         "TINYC_MARK_SELFTEST=0"], "firmware build")
    elf = os.path.join(fw, "image.elf")
    sizes = image_sizes.measure(elf, name, gen)
    if sizes["ram_parts"]["arena"] != summary["arena"]:
        raise BenchError(f"the image's g_arena is {sizes['ram_parts']['arena']} B, the summary says {summary['arena']} B")
    result["sizes"] = sizes

    cmd = [os.path.join(REPO, "scripts", "qemu", "count.sh"), elf]
    if args.plugin_dir:
        cmd += ["--plugin-dir", args.plugin_dir]
    p = subprocess.run(cmd, capture_output=True, text=True)
    with open(os.path.join(work, "qemu.log"), "w", encoding="utf-8") as f:
        f.write(p.stdout + p.stderr)
    m = SELFTEST_LINE.search(p.stdout)
    if not m:
        failed = SELFTEST_FAILED.search(p.stdout)
        why = f"NAME_invoke returned status {failed[1]}" if failed else "no 'selftest:' line"
        raise BenchError(f"QEMU run (exit {p.returncode}): {why}\n{(p.stdout + p.stderr).strip()[-800:]}")
    result["selftest_mismatching_bytes"] = int(m[1])
    try:
        counts = icount.parse_icount(p.stdout)
    except ValueError as e:
        raise BenchError(f"instruction counts: {e}") from e
    result["instructions"] = counts["total"]
    result["instructions_other"] = counts["other"]
    result["instructions_markers"] = counts["markers"]
    result["instructions_return"] = counts["ops"].get(len(summary["ops"]), (0, 0))[0]
    result["ops"] = op_breakdown(summary, counts)
    result["tflm_output"] = compare_tflm(expected, spec.get("tflm_output"))
    if result["selftest_mismatching_bytes"] != 0:
        raise BenchError(f"self-test: {result['selftest_mismatching_bytes']} output bytes differ from tinyc's "
                         "int8 reference", result)
    if p.returncode != 0:
        raise BenchError(f"QEMU run exited {p.returncode} after the self-test passed", result)
    return result


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tinyc", required=True)
    ap.add_argument("--work", required=True, help="scratch folder (generated code, images, QEMU logs)")
    ap.add_argument("--results", required=True, help="writes RESULTS.json and RESULTS.md")
    ap.add_argument("--baselines", help="baselines.md with TensorFlow Lite Micro's figures")
    ap.add_argument("--source", default="", help="one line saying where the models come from")
    ap.add_argument("--plugin-dir", help="where count.sh builds the QEMU plugin")
    ap.add_argument("--model", action="append", type=parse_spec, required=True)
    args = ap.parse_args(argv)

    base = None
    if args.baselines:
        with open(args.baselines, encoding="utf-8") as f:
            base = baselines_mod.parse_baselines(f.read())
    results = []
    failures = 0
    for spec in args.model:
        print(f"bench: {spec['name']} ({spec['onnx']})", flush=True)
        try:
            r = bench_model(args, spec)
        except (BenchError, ValueError, OSError) as e:
            failures += 1
            partial = e.args[1] if isinstance(e, BenchError) and len(e.args) > 1 else {"name": spec["name"]}
            r = dict(partial, model=os.path.basename(spec["onnx"]), error=str(e.args[0] if e.args else e))
            print(f"bench: {spec['name']} FAILED: {r['error']}", file=sys.stderr, flush=True)
        else:
            print(f"bench: {spec['name']}: {r['instructions']:,} instructions, arena {r['arena']['arena']:,} B, "
                  f"code {r['sizes']['code']:,} B, self-test {r['selftest_mismatching_bytes']} mismatching bytes",
                  flush=True)
        if base and r.get("baseline_key") in base:
            r["tflm"] = base[r["baseline_key"]]
        results.append(r)

    doc = {
        "generated_by": "scripts/bench.sh",
        "source": args.source,
        "tinyc": tinyc_commit(args.tinyc),
        "target": TARGET,
        "build": f"examples/qemu-cortex-m4/build.sh {OPT}; tinyc compile --io arena --op-markers",
        "compiler": tool_version(["arm-none-eabi-gcc", "--version"]),
        "emulator": tool_version(["qemu-system-arm", "--version"]) + ", -M mps2-an386",
        "baselines": os.path.basename(args.baselines) if args.baselines else None,
        "models": results,
    }
    report.add_ratios(doc)
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    with open(args.results + ".json", "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    with open(args.results + ".md", "w", encoding="utf-8") as f:
        f.write(report.markdown(doc))
    print(f"bench: wrote {args.results}.md and {args.results}.json")
    if failures:
        print(f"bench: {failures} of {len(results)} model(s) FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
