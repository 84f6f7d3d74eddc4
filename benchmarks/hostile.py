"""Worst-case parse time: seconds per MB of note text for hostile shapes (issue 10 C).

    python -m benchmarks.hostile                  # every shape at 256 KB and 512 KB
    python -m benchmarks.hostile --kb 1024        # at 1 MB and 2 MB
    python -m benchmarks.hostile --stock --kb 32  # markdown-it's own scans, for comparison

Each shape is parsed with `vaultkit.read.parse.parse` in a child process of its own (a shape that
is still quadratic cannot hang the table: past `--limit` seconds it shows `>limit`). The
columns are the seconds per MB at the size, at twice the size, and their ratio: about 1 is
linear; about 2 means the time grows with the square of the size. The last line names the
worst shape. A typical daily note parses at 0.1-1.5 s per MB (the fast path or markdown-it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

SHAPES: dict[str, str] = {
    # one paragraph of a repeated unit (the unit, as Python source)
    "[[< (issue 10)": "'[[<'",
    "[[a<": "'[[a<'",
    "![[<": "'![[<'",
    "![a<": "'![a<'",
    "[[<!--": "'[[<!--'",
    "[[`": "'[[`'",
    "[[$": "'[[$'",
    "[[|": "'[[|'",
    "[[[[[[<": "'[[[[[[<'",
    "[[x]]< lines": "'[[x]]<\\n'",
    "[a](b": "'[a](b'",
    "[a](<b": "'[a](<b'",
    "](':+![![": '"](\':+![!["',
    "![]([['": '"![]([[\'"',
    "]([[": "']([['",
    "%<!---->[x]: [<!--": "'%<!---->[x]: [<!--'",
    '<a b="[': "'<a b=\"['",
    "$$ lines": "'\\n\\n$$%#'",
    "> # h then lazy": "'> # h\\nx [\\n'",
    "> ``` then lazy": "'> ```\\nx [\\n'",
    ">x50 then lazy": "'>' * 50 + ' a [\\nb [\\n'",
    "- [[< lines": "'- [[<\\n'",
    "> [[< lines": "'> [[<\\n'",
    "table [[<": "'|[[<|[<|\\n'",
}
TAILS = {"[[ then <": ("'[['", "'<'"), "[< then one ]": ("'[<'", "']'")}

CHILD = """
import json, sys, time
stock, unit, tail, size = sys.argv[1] == "1", eval(sys.argv[2]), eval(sys.argv[3]), int(sys.argv[4])
import vaultkit.read.parse as p
if stock:
    p.make_linear = lambda md: None
    p._markdown.cache_clear()
head = "|a|b|\\n|-|-|\\n" if unit.startswith("|") else ""  # a table's rows need a head
text = head + unit * max(1, (size - len(tail)) // len(unit)) + tail
start = time.perf_counter()
p.parse("Daily/2026-11-20.md", text)
print(json.dumps([len(text.encode()), time.perf_counter() - start]))
"""


def measure(unit: str, tail: str, size: int, stock: bool, limit: float) -> float | None:
    """Seconds per MB (10**6 bytes), or None past the time limit."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, "1" if stock else "0", unit, tail, str(size)],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    length, seconds = json.loads(done.stdout)
    return float(seconds) / (int(length) / 1e6)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kb", type=int, default=256, help="note size in KB (and twice that)")
    ap.add_argument("--stock", action="store_true", help="markdown-it's own scans")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds per run at most")
    ap.add_argument("--only", help="shapes whose name holds this text")
    args = ap.parse_args(argv)
    size = args.kb * 1000
    shapes = {name: (unit, "''") for name, unit in SHAPES.items()}
    shapes.update(TAILS)
    worst: tuple[float, str] | None = None
    print(f"{'shape':22} {'s/MB @' + str(args.kb) + 'KB':>14} {'s/MB @x2':>10} {'ratio':>6}")
    for name, (unit, tail) in shapes.items():
        if args.only and args.only not in name:
            continue
        once = measure(unit, tail, size, args.stock, args.limit)
        twice = measure(unit, tail, 2 * size, args.stock, args.limit) if once else None
        cells = [f"{v:.2f}" if v is not None else f">{args.limit:g}s" for v in (once, twice)]
        ratio = f"{twice / once:.2f}" if once and twice else "-"
        print(f"{name:22} {cells[0]:>14} {cells[1]:>10} {ratio:>6}", flush=True)
        for value in (once, twice):
            if value is not None and (worst is None or value > worst[0]):
                worst = (value, name)
    if worst is not None:
        print(f"worst: {worst[0]:.2f} s/MB ({worst[1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
