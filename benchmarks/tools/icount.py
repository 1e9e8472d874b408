"""Parses the instruction counter's report (benchmarks/qemu_plugin/tinyc_icount.c,
printed by scripts/qemu/count.sh after the firmware's output):

    icount total N          instructions between BEGIN and END
    icount op I N ENTRIES   op I: N instructions over ENTRIES entries
    icount other N          instructions before the first op marker
    icount markers N        the op markers' own `movw ip, #i`

total = sum(op) + other + markers (docs/targets.md, "Counting instructions").
"""
import re

LINE = re.compile(r"^icount (total|other|markers|unterminated) (\d+)$")
OP = re.compile(r"^icount op (\d+) (\d+) (\d+)$")


def parse_icount(text):
    """{"total", "other", "markers", "ops": {index: (instructions, entries)}} of the one
    BEGIN..END region in `text`; ValueError when there is not exactly one, or it does not add up."""
    result = {"ops": {}}
    regions = 0
    for line in text.splitlines():
        m = OP.match(line)
        if m:
            index = int(m[1])
            if index in result["ops"]:
                raise ValueError(f"op {index} reported twice")
            result["ops"][index] = (int(m[2]), int(m[3]))
            continue
        m = LINE.match(line)
        if m:
            if m[1] == "unterminated":
                raise ValueError("the counted region has no END marker (icount unterminated)")
            if m[1] == "total":
                regions += 1
            result[m[1]] = int(m[2])
        elif line.strip() == "icount none":
            raise ValueError("the firmware ran no marked region (icount none)")
    if regions != 1:
        raise ValueError(f"expected one counted region, found {regions}")
    for key in ("other", "markers"):
        result.setdefault(key, 0)
    counted = sum(n for n, _ in result["ops"].values()) + result["other"] + result["markers"]
    if counted != result["total"]:
        raise ValueError(f"per-op counts add up to {counted}, not the total {result['total']}")
    return result
