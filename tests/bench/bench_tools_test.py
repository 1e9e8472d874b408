#!/usr/bin/python3
"""Checks the benchmark tooling (scripts/bench.sh, benchmarks/tools/).

    bench_tools_test.py --tinyc PATH [--keep]

The parsers on known text; then scripts/bench.sh end to end on the digits
CNN (examples/models/digits.onnx): the self-test must find 0 mismatching
bytes, the per-op counts must cover every kernel call once and add up to the
total, the flash split must add up, the arena must match the generated code;
a harness whose expected output is off by one byte must fail the benchmark;
and without ../shared the script must fall back to the project's own models
and say so. No bound on time: instruction counts are exact, wall time is not
checked. Prints SKIP (and passes) when the cross toolchain or QEMU is missing.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(REPO, "benchmarks", "tools")
sys.path.insert(0, TOOLS)

import baselines  # noqa: E402
import bench  # noqa: E402
import bench_data  # noqa: E402
import compile_summary  # noqa: E402
import icount  # noqa: E402
import npy_int8  # noqa: E402

TINYC = None
WORK = None
DIGITS = os.path.join(REPO, "examples", "models")
DIGITS_SPEC = (f"name=digits,onnx={DIGITS}/digits.onnx,calib={DIGITS}/digits_calib.npy,"
               f"selftest={DIGITS}/digits_selftest.npy")


def tools_missing():
    return [t for t in ("arm-none-eabi-gcc", "arm-none-eabi-readelf", "qemu-system-arm", "gcc")
            if shutil.which(t) is None]


class Parsers(unittest.TestCase):
    SUMMARY = (
        "  #  op             node       kernel                            input           output       MACs   offset    bytes\n"
        "  0  Conv           …conv1     conv2d_s8_dsp                 1x1x8x8          1x8x8x8      4608       16      512\n"
        "  1  Reshape        flatten                                    1x8x8x8            1x512         0       io      512\n"
        "  2  Gemm           fc         fully_connected_s8_dsp             1x512             1x10      5120        0       10\n"
        "arena 1040 B (exact; lower bound 1000 B, plain greedy 1100 B); inputs and outputs in the arena\n"
        "weights and constants 6000 B; 9728 MACs; 2 kernels: conv2d_s8_dsp, fully_connected_s8_dsp\n"
        "peak at step 0: a 512 B\n")

    def test_summary(self):
        s = compile_summary.parse_summary(self.SUMMARY)
        self.assertEqual((s["arena"], s["lower_bound"], s["greedy"], s["strategy"]), (1040, 1000, 1100, "exact"))
        self.assertTrue(s["io_in_arena"])
        self.assertEqual([o["kernel"] for o in s["ops"]], ["conv2d_s8_dsp", "", "fully_connected_s8_dsp"])
        self.assertEqual([o["macs"] for o in s["ops"]], [4608, 0, 5120])
        self.assertEqual(s["ops"][1]["offset"], None)
        self.assertEqual(s["ops"][0]["node"], "…conv1")

    def test_summary_caller_io_and_errors(self):
        s = compile_summary.parse_summary(self.SUMMARY.replace("inputs and outputs in the arena",
                                                               "caller I/O buffers 74 B"))
        self.assertEqual((s["io_bytes"], s["io_in_arena"]), (74, False))
        with self.assertRaises(ValueError):  # the per-op MACs must add up
            compile_summary.parse_summary(self.SUMMARY.replace("9728 MACs", "9729 MACs"))
        with self.assertRaises(ValueError):
            compile_summary.parse_summary("wrote out/\n")

    def test_cpp_header(self):
        h = compile_summary.parse_cpp_header("// m.cpp — generated\n// 3 kernel calls, arena 1040 bytes "
                                             "(exact; lower bound 1000).\n")
        self.assertEqual((h["calls"], h["arena"], h["lower_bound"]), (3, 1040, 1000))

    def test_icount(self):
        c = icount.parse_icount("selftest: 0 mismatching bytes\nicount total 110\nicount op 0 60 1\n"
                                "icount op 2 40 1\nicount other 8\nicount markers 2\n")
        self.assertEqual(c["total"], 110)
        self.assertEqual(c["ops"], {0: (60, 1), 2: (40, 1)})
        for bad in ("icount total 111\nicount op 0 60 1\nicount op 2 40 1\nicount other 8\nicount markers 2\n",
                    "icount unterminated 5\n", "icount none\n", "selftest: 0 mismatching bytes\n",
                    "icount total 1\nicount other 1\nicount total 1\nicount other 1\n"):
            with self.assertRaises(ValueError, msg=bad):
                icount.parse_icount(bad)

    def test_baselines(self):
        text = ("| model (MACs) | kernels | instructions per Invoke | arena_used_bytes | code (flash − weights) | weights |\n"
                "|---|---|---|---|---|---|\n"
                "| KWS DS-CNN 49×10 | CMSIS-NN | **7,700,395** | **22,820** | 85,804 (55,020 with int8-only op "
                "registration) | 53,936 |\n"
                "| | reference | 43,045,354 | 22,772 | 42,916 | |\n"
                "| AD FC autoencoder 640 | CMSIS-NN | **582,950** | **2,580** | 33,332 (29,620) | 276,976 |\n")
        b = baselines.parse_baselines(text)
        self.assertEqual(b["kws"]["cmsis-nn"], {"instructions": 7700395, "arena": 22820, "code": 85804,
                                                "code_int8_only": 55020, "weights": 53936})
        self.assertEqual(b["kws"]["reference"]["weights"], 53936)
        self.assertEqual(b["ad"]["cmsis-nn"]["code_int8_only"], 29620)

    def test_npy(self):
        header = "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }"
        header += " " * (64 - 10 - len(header) - 1) + "\n"
        path = os.path.join(WORK, "x.npy")
        with open(path, "wb") as f:
            f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + bytes([0, 1, 2, 253, 254, 255]))
        self.assertEqual(npy_int8.read_npy_int8(path), ((2, 3), [0, 1, 2, -3, -2, -1]))
        with self.assertRaises(ValueError):  # float data
            npy_int8.read_npy_int8(os.path.join(DIGITS, "digits_selftest.npy"))


@unittest.skipIf(tools_missing(), "needs arm-none-eabi-gcc and qemu-system-arm")
class EndToEnd(unittest.TestCase):
    def bench(self, *args, env=None):
        return subprocess.run([os.path.join(REPO, "scripts", "bench.sh"), "--tinyc", TINYC, *args],
                              capture_output=True, text=True, env=dict(os.environ, **(env or {})))

    def test_digits(self):
        prefix = os.path.join(WORK, "digits", "results")
        p = self.bench("--work", os.path.join(WORK, "digits", "work"), "--results", prefix, "--model", DIGITS_SPEC,
                       env={"TINYC_BENCH_BUILD_DIR": os.path.join(WORK, "build")})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(prefix + ".json", encoding="utf-8") as f:
            doc = json.load(f)
        (m,) = doc["models"]
        self.assertNotIn("error", m)
        self.assertEqual(m["selftest_mismatching_bytes"], 0)
        self.assertEqual(m["output_bytes"], 10)

        # Every op that calls a kernel was counted once; the parts add up to the total.
        kernel_ops = [op for op in m["ops"] if op["kernel"]]
        self.assertGreater(len(kernel_ops), 2)
        for op in m["ops"]:
            if op["kernel"]:
                self.assertGreater(op["instructions"], 0, op)
            else:
                self.assertIsNone(op["instructions"], op)
        parts = sum(op["instructions"] for op in kernel_ops) + m["instructions_other"] + m["instructions_markers"] \
            + m["instructions_return"]
        self.assertEqual(parts, m["instructions"])
        self.assertEqual(m["instructions_markers"], len(kernel_ops) + 1)
        self.assertEqual(m["macs"], sum(op["macs"] for op in m["ops"]))
        self.assertGreaterEqual(m["instructions"], m["floor_instructions"])

        # The arena: the generated code's, at or above the planner's lower bound.
        gen = os.path.join(WORK, "digits", "work", "digits", "gen")
        with open(os.path.join(gen, "digits.cpp"), encoding="utf-8") as f:
            header = compile_summary.parse_cpp_header(f.read())
        self.assertEqual((m["arena"]["arena"], m["arena"]["lower_bound"]), (header["arena"], header["lower_bound"]))
        self.assertGreaterEqual(m["arena"]["arena"], m["arena"]["lower_bound"])
        self.assertEqual(m["sizes"]["ram_parts"]["arena"], m["arena"]["arena"])

        # Flash: the parts add up; code is flash without weights and test data.
        s = m["sizes"]
        self.assertEqual(sum(s["flash_parts"].values()), s["flash"])
        self.assertEqual(s["code"], s["flash"] - s["flash_parts"]["weights"] - s["flash_parts"]["test_data"])
        for part in ("weights", "runtime", "model_code", "template", "test_data"):
            self.assertGreater(s["flash_parts"][part], 0, part)
        size = subprocess.run(["arm-none-eabi-size", "-A", os.path.join(WORK, "digits", "work", "digits", "fw",
                                                                        "image.elf")],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn(".text", size)

        with open(prefix + ".md", encoding="utf-8") as f:
            md = f.read()
        self.assertIn("| digits | 0 of 10 bytes differ |", md)
        self.assertIn(f"**{m['instructions']:,}**", md)
        for op in kernel_ops:
            self.assertIn(f"| {op['index']} | {op['op']} | {op['kernel']} |", md)

    def test_mismatch_fails(self):
        # The harness compares against a wrong expected output: the benchmark must fail.
        original = bench_data.write_bench_data

        def off_by_one(model_dir, name):
            inputs, expected = original(model_dir, name)
            path = os.path.join(model_dir, "bench_data.h")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            head, sep, body = text.partition("kBenchExpected[")
            size, sep2, rest = body.partition("] = {\n    ")
            first, comma, tail = rest.partition(",")
            wrong = int(first) + 1 if int(first) < 127 else int(first) - 1
            with open(path, "w", encoding="utf-8") as f:
                f.write(head + sep + size + sep2 + str(wrong) + comma + tail)
            return inputs, expected

        args = argparse.Namespace(tinyc=TINYC, work=os.path.join(WORK, "mismatch"),
                                  plugin_dir=os.path.join(WORK, "build", "qemu-plugin"))
        bench.bench_data.write_bench_data = off_by_one
        try:
            with self.assertRaises(bench.BenchError) as e:
                bench.bench_model(args, bench.parse_spec(DIGITS_SPEC))
        finally:
            bench.bench_data.write_bench_data = original
        self.assertIn("1 output bytes differ", str(e.exception))
        self.assertEqual(e.exception.args[1]["selftest_mismatching_bytes"], 1)

    def test_fallback_without_shared(self):
        prefix = os.path.join(WORK, "fallback", "results")
        p = self.bench("--models", "ad", "--work", os.path.join(WORK, "fallback", "work"), "--results", prefix,
                       env={"TINYC_SHARED_DIR": os.path.join(WORK, "no-shared"),
                            "TINYC_BENCH_BUILD_DIR": os.path.join(WORK, "build")})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("tests/fixtures/tiny_*", p.stderr)
        with open(prefix + ".json", encoding="utf-8") as f:
            doc = json.load(f)
        self.assertTrue(doc["source"].startswith("NOT the MLPerf Tiny models"))
        self.assertEqual(doc["models"][0]["model"], "tiny_ad.onnx")
        self.assertEqual(doc["models"][0]["selftest_mismatching_bytes"], 0)
        self.assertNotIn("vs_tflm_cmsis_nn", doc["models"][0])

    def test_usage_errors(self):
        p = self.bench("--models", "kws,nope", "--work", os.path.join(WORK, "usage"))
        self.assertEqual(p.returncode, 2)
        p = self.bench("--model", "name=x,onnx=a.onnx", "--work", os.path.join(WORK, "usage"))
        self.assertEqual(p.returncode, 2, p.stderr)


def main():
    global TINYC, WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("--tinyc", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args, rest = ap.parse_known_args()
    TINYC = os.path.abspath(args.tinyc)
    missing = tools_missing()
    if missing:
        print(f"SKIP bench tooling end to end: {', '.join(missing)} not installed (scripts/install-deps.sh)")
    WORK = tempfile.mkdtemp(prefix="tinyc-bench-test-")
    try:
        prog = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
    finally:
        if args.keep:
            print(f"kept {WORK}")
        else:
            shutil.rmtree(WORK, ignore_errors=True)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
