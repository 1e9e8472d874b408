"""Parses the summary `tinyc -v compile` prints (src/codegen/summary.cpp):
the per-op table and the arena / weights lines.

    #  op     node    kernel    input   output   MACs   offset   bytes
    0  Conv   conv1   conv2d_s8_dsp   1x1x49x10   1x64x25x5   320000   0   8000
   10  Reshape  flatten            1x64x1x1   1x64   0   io   64
    arena 16256 B (greedy_by_size; lower bound 16256 B, plain greedy 16256 B); inputs and outputs in the arena
    weights and constants 53952 B; 2664768 MACs; 5 kernels: conv2d_s8_dsp, ...

A row is split on blanks: the index and the op first, the five numeric
columns last, the node and the kernel between. The kernel column is blank for
ops that are only views (a Reshape); a middle field is the kernel when it is
one of the kernels the weights line lists. Node names are truncated to 40
characters in the table ("…" + the last 39).
"""
import re

ARENA = re.compile(r"^arena (\d+) B \(([^;]+); lower bound (\d+) B, plain greedy (\d+) B\); "
                   r"(?:caller I/O buffers (\d+) B|inputs and outputs in the arena)$")
WEIGHTS = re.compile(r"^weights and constants (\d+) B; (\d+) MACs; (\d+) kernels: (.*)$")
HEADER = re.compile(r"^\s*#\s+op\s+node\s+kernel\s+input\s+output\s+MACs\s+offset\s+bytes\s*$")
ROW = re.compile(r"^\s*\d+\s")
# The header line of the generated NAME.cpp: "// 12 kernel calls, arena 16256 bytes (greedy_by_size; lower bound 16256)."
CPP_ARENA = re.compile(r"^// (\d+) kernel calls, arena (\d+) bytes \(([^;]+); lower bound (\d+)\)\.$", re.M)


def parse_summary(text):
    """{"ops": [...], "arena": ..., "lower_bound": ..., ...} from the compile summary."""
    lines = text.splitlines()
    head = next((i for i, l in enumerate(lines) if HEADER.match(l)), None)
    if head is None:
        raise ValueError("no per-op table in the compile summary (run tinyc with -v)")
    result = {}
    rows = []
    for line in lines[head + 1:]:
        m = ARENA.match(line)
        if m:
            result.update(arena=int(m[1]), strategy=m[2], lower_bound=int(m[3]), greedy=int(m[4]),
                          io_bytes=int(m[5]) if m[5] else 0, io_in_arena=m[5] is None)
            continue
        m = WEIGHTS.match(line)
        if m:
            result.update(weight_bytes=int(m[1]), macs=int(m[2]),
                          kernels=[k.strip() for k in m[4].split(",") if k.strip()])
            continue
        if "arena" not in result and ROW.match(line):
            rows.append(line)
    for key in ("arena", "weight_bytes"):
        if key not in result:
            raise ValueError(f"the compile summary has no {key} line")
    kernels = set(result["kernels"])
    ops = []
    for line in rows:
        fields = line.split()
        if len(fields) < 7:
            raise ValueError(f"unexpected op row in the compile summary: {line!r}")
        middle = fields[2:-5]
        kernel = middle[-1] if middle and middle[-1] in kernels else ""
        node = " ".join(middle[:-1] if kernel else middle)
        inp, out, macs, offset, size = fields[-5:]
        ops.append({
            "index": int(fields[0]),
            "op": fields[1],
            "node": node,
            "kernel": kernel,
            "input": inp,
            "output": out,
            "macs": int(macs),
            "offset": None if offset == "io" else int(offset),
            "bytes": int(size),
        })
    if [o["index"] for o in ops] != list(range(len(ops))):
        raise ValueError("the compile summary's op rows are not numbered 0, 1, 2, ...")
    if sum(o["macs"] for o in ops) != result["macs"]:
        raise ValueError("the compile summary's per-op MACs do not add up to its total")
    result["ops"] = ops
    return result


def parse_cpp_header(text):
    """(kernel calls, arena, strategy, lower bound) from the generated NAME.cpp's second line."""
    m = CPP_ARENA.search(text)
    if not m:
        raise ValueError("the generated .cpp has no 'N kernel calls, arena B bytes (...; lower bound L)' line")
    return {"calls": int(m[1]), "arena": int(m[2]), "strategy": m[3], "lower_bound": int(m[4])}
