"""Reads the TensorFlow Lite Micro figures from the shared baselines.md:
one table row per model and kernel set,

| model (MACs) | kernels | instructions per Invoke | arena_used_bytes | code (flash − weights) | weights |
| KWS DS-CNN 49×10 | CMSIS-NN | **7,700,395** | **22,820** | 85,804 (55,020 with int8-only op registration) | 53,936 |
| | reference | 43,045,354 | 22,772 | 42,916 | |

A row with an empty model cell belongs to the model above. The model key is
the first word of the model cell, lower-cased (kws, vww, ic, ad). The code
cell's number in parentheses is the build with int8-only op registration.
"""
import re

NUMBER = re.compile(r"\d[\d,]*")


def _number(cell):
    m = NUMBER.search(cell.replace("*", ""))
    return int(m[0].replace(",", "")) if m else None


def parse_baselines(text):
    """{model key: {kernels lower-cased: {instructions, arena, code, code_int8_only, weights}}}"""
    result = {}
    model = None
    header_seen = False
    for line in text.splitlines():
        if not line.startswith("|"):
            header_seen = False if not line.strip() else header_seen
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6:
            continue
        if cells[1] == "kernels":
            header_seen = True
            continue
        if not header_seen or set(cells[0]) <= set("-: ") and cells[0]:
            continue
        if cells[0]:
            model = cells[0].split()[0].lower()
        if model is None:
            continue
        code = cells[4].replace("*", "")
        inner = re.search(r"\(([\d,]+)", code)
        entry = {
            "instructions": _number(cells[2]),
            "arena": _number(cells[3]),
            "code": _number(code),
            "code_int8_only": int(inner[1].replace(",", "")) if inner else None,
            "weights": _number(cells[5]),
        }
        if entry["instructions"] is None or entry["arena"] is None:
            raise ValueError(f"baselines: unreadable row {line!r}")
        result.setdefault(model, {})[cells[1].lower()] = entry
    if not result:
        raise ValueError("baselines: no model table found")
    # The reference rows leave the weights (the same model) blank.
    for rows in result.values():
        weights = next((r["weights"] for r in rows.values() if r["weights"]), None)
        for r in rows.values():
            r["weights"] = r["weights"] or weights
    return result
