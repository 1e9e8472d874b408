"""The benchmark's results: ratios against TensorFlow Lite Micro + CMSIS-NN
and the Markdown page (benchmarks/results/*.md).

Ratios are ours / theirs, against the CMSIS-NN rows of baselines.md:
instructions per inference (target <= 0.5), arena (<= 0.6; TFLite Micro's
arena_used_bytes) and code (<= 0.25 of the int8-only-registration build's
flash - weights). The floor of a model is MACs / 2 instructions: one SMLAD
does 2 multiply-accumulates, and nothing else would run.
"""

TARGETS = {"instructions": 0.5, "arena": 0.6, "code": 0.25}
LOWER_BOUND_SLACK = 1.05  # the arena within 5% of the schedule's lower bound


def add_ratios(doc):
    for m in doc["models"]:
        if "error" in m:
            continue
        m["floor_instructions"] = (m["macs"] + 1) // 2
        m["arena"]["over_lower_bound"] = round(m["arena"]["arena"] / m["arena"]["lower_bound"], 4)
        tflm = (m.get("tflm") or {}).get("cmsis-nn")
        if not tflm:
            continue
        ours = {"instructions": m["instructions"], "arena": m["arena"]["arena"], "code": m["sizes"]["code"]}
        theirs = {"instructions": tflm["instructions"], "arena": tflm["arena"], "code": tflm["code_int8_only"]}
        m["vs_tflm_cmsis_nn"] = {
            k: {"ours": ours[k], "tflm": theirs[k], "ratio": round(ours[k] / theirs[k], 4), "target": TARGETS[k],
                "met": ours[k] <= TARGETS[k] * theirs[k]}
            for k in TARGETS if theirs[k]
        }


def _n(v):
    return "–" if v is None else f"{v:,}"


def _ratio(entry):
    if not entry:
        return "–"
    mark = "✓" if entry["met"] else "✗"
    return f"{entry['ratio']:.2f}× {mark}"


def _per_mac(instructions, macs):
    return f"{instructions / macs:.2f}" if macs and instructions is not None else "–"


def _summary_tables(doc, ok):
    out = []
    have_tflm = any("vs_tflm_cmsis_nn" in m for m in ok)
    out.append("## Speed: instructions per inference\n")
    if have_tflm:
        out.append("| model | MACs | tinyc | TFLM + CMSIS-NN | ratio (target ≤ 0.5×) | instructions per MAC | "
                   "floor (MACs / 2) | tinyc / floor |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    else:
        out.append("| model | MACs | tinyc | instructions per MAC | floor (MACs / 2) | tinyc / floor |")
        out.append("|---|---:|---:|---:|---:|---:|")
    for m in ok:
        v = m.get("vs_tflm_cmsis_nn", {})
        tail = (f"{_per_mac(m['instructions'], m['macs'])} | {_n(m['floor_instructions'])} | "
                f"{m['instructions'] / max(1, m['floor_instructions']):.2f}× |")
        if have_tflm:
            t = v.get("instructions")
            out.append(f"| {m['name']} | {_n(m['macs'])} | **{_n(m['instructions'])}** | {_n(t and t['tflm'])} | "
                       f"{_ratio(t)} | " + tail)
        else:
            out.append(f"| {m['name']} | {_n(m['macs'])} | **{_n(m['instructions'])}** | " + tail)
    out.append("")
    out.append("## Memory: arena (RAM) and flash\n")
    if have_tflm:
        out.append("| model | arena | lower bound | plain greedy | TFLM arena | ratio (target ≤ 0.6×) | code | "
                   "TFLM code (int8-only) | ratio (target ≤ 0.25×) | weights | TFLM weights |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    else:
        out.append("| model | arena | lower bound | plain greedy | code | weights |")
        out.append("|---|---:|---:|---:|---:|---:|")
    for m in ok:
        a, s = m["arena"], m["sizes"]
        head = f"| {m['name']} | **{_n(a['arena'])}** | {_n(a['lower_bound'])} | {_n(a['greedy'])} | "
        if have_tflm:
            v = m.get("vs_tflm_cmsis_nn", {})
            ta, tc = v.get("arena"), v.get("code")
            tflm = (m.get("tflm") or {}).get("cmsis-nn") or {}
            out.append(head + f"{_n(ta and ta['tflm'])} | {_ratio(ta)} | **{_n(s['code'])}** | "
                       f"{_n(tc and tc['tflm'])} | {_ratio(tc)} | {_n(s['flash_parts']['weights'])} | "
                       f"{_n(tflm.get('weights'))} |")
        else:
            out.append(head + f"**{_n(s['code'])}** | {_n(s['flash_parts']['weights'])} |")
    out.append("")
    out.append("## Correctness and compile time\n")
    out.append("| model | self-test (one inference on the device vs tinyc's int8 reference) | "
               "reference output vs TFLite Micro's | compile time |")
    out.append("|---|---|---|---:|")
    for m in ok:
        t = m.get("tflm_output")
        vs = ("–" if not t else "identical" if t["differing_bytes"] == 0 else
              f"{t['differing_bytes']} of {t['bytes']} bytes differ (max {t['max_abs_difference']} LSB)")
        out.append(f"| {m['name']} | {m['selftest_mismatching_bytes']} of {m['output_bytes']} bytes differ | {vs} | "
                   f"{m['compile_seconds']:.2f} s |")
    out.append("")
    return out


def _model_section(m):
    out = [f"### {m['name']} ({m['model']})\n"]
    total = m["instructions"]
    out.append(f"{_n(total)} instructions per inference for {_n(m['macs'])} MACs; arena {_n(m['arena']['arena'])} B "
               f"({m['arena']['strategy']}, lower bound {_n(m['arena']['lower_bound'])} B); kernels: "
               f"{', '.join(m['kernels'])}.\n")
    out.append("| # | op | kernel | input → output | MACs | instructions | share | per MAC | floor (MACs / 2) |")
    out.append("|---:|---|---|---|---:|---:|---:|---:|---:|")
    for op in m["ops"]:
        n = op["instructions"]
        share = f"{100 * n / total:.1f}%" if n is not None else "–"
        floor = _n((op["macs"] + 1) // 2) if op["macs"] else "–"
        out.append(f"| {op['index']} | {op['op']} | {op['kernel'] or '(view)'} | {op['input']} → {op['output']} | "
                   f"{_n(op['macs']) if op['macs'] else '–'} | {_n(n)} | {share} | {_per_mac(n, op['macs'])} | {floor} |")
    out.append(f"| | | before the first op | | | {_n(m['instructions_other'])} | | | |")
    out.append(f"| | | return path | | | {_n(m['instructions_return'])} | | | |")
    out.append(f"| | | op markers (`movw`) | | | {_n(m['instructions_markers'])} | | | |")
    out.append("")
    by_kernel = {}
    for op in m["ops"]:
        if op["kernel"]:
            k = by_kernel.setdefault(op["kernel"], [0, 0, 0])
            k[0] += 1
            k[1] += op["macs"]
            k[2] += op["instructions"]
    out.append("| kernel | ops | MACs | instructions | share | per MAC |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for kernel, (count, macs, n) in sorted(by_kernel.items(), key=lambda kv: -kv[1][2]):
        out.append(f"| {kernel} | {count} | {_n(macs) if macs else '–'} | {_n(n)} | {100 * n / total:.1f}% | "
                   f"{_per_mac(n, macs)} |")
    out.append("")
    parts = m["sizes"]["flash_parts"]
    out.append("Flash (bytes): " + ", ".join(f"{k} {_n(v)}" for k, v in parts.items() if v) +
               f"; total {_n(m['sizes']['flash'])}, code = flash − weights − test data = {_n(m['sizes']['code'])}.\n")
    return out


def markdown(doc):
    ok = [m for m in doc["models"] if "error" not in m]
    failed = [m for m in doc["models"] if "error" in m]
    out = ["# Benchmark: tinyc on the emulated Cortex-M4\n",
           "Written by `scripts/bench.sh` (see `docs/benchmarks.md`); do not edit by hand.\n",
           f"- models: {doc['source']}",
           f"- tinyc {doc['tinyc']}, `--target {doc['target']}`; {doc['build']}",
           f"- {doc['compiler']}; {doc['emulator']}",
           "- instructions: executed between two marker instructions around one `NAME_invoke` "
           "(exact, deterministic; not cycles)",
           "- arena: tinyc's one static arena, inputs, outputs and kernel scratch included "
           "(TFLite Micro: `arena_used_bytes`)",
           "- code: flash − weights − the harness's test data (TFLite Micro: flash − model, "
           "int8-only op registration)"]
    if doc.get("baselines"):
        out.append(f"- TFLite Micro + CMSIS-NN figures: `../shared/{doc['baselines']}`")
    out.append("")
    if failed:
        out.append("## FAILED\n")
        for m in failed:
            out.append(f"- **{m['name']}** ({m['model']}): " + m["error"].splitlines()[0])
        out.append("")
    if ok:
        out += _summary_tables(doc, ok)
        out.append("## Per-op instructions\n")
        out.append("Each op's count covers its kernel call with argument set-up and status check; "
                   "`(view)` ops call no kernel.\n")
        for m in ok:
            out += _model_section(m)
    return "\n".join(out).rstrip() + "\n"
