"""How long the extreme inputs of tests/test_corpus.py take (the tests only check the answers).

    python -m benchmarks.extremes            # every input, one run each
    python -m benchmarks.extremes --only deep

The tests used to fail past a time limit (10-15 s for a sync, 5 s for a parse), which a loaded
machine could break; the limits live on here as the budget each row is compared with. Each sync
runs `python -m vaultkit sync --no-cache` in a vault of its own (wall time of that process);
each deep shape is one `parse` in this process.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TODAY = "2026-11-25"
JANE = "---\ncadence: 30\n---\n# Jane\n"
REPO = Path(__file__).resolve().parent.parent


def _long_line() -> str:
    words = "lorem ipsum dolor sit amet, consectetur adipiscing elit #tag `x` $y$ "
    unit = words * 14 + "[[Jane Doe]] "  # a link every kilobyte
    limit = 5 * 1024 * 1024
    return ("Met " + unit * (limit // len(unit)))[: limit - 200] + " end\n"


def _big_yaml() -> str:
    keys = "".join(f"key_{i}: '{'v' * 230}'\n" for i in range(40_000))
    return "---\nname: Big Yaml\n" + keys + "---\nBody.\n"


# name -> (budget in seconds, the vault's files)
SYNCS: dict[str, tuple[float, Callable[[], dict[str, str]]]] = {
    "a 5 MB line, a link every KB": (10, lambda: {"Daily/2026-11-20.md": _long_line()}),
    "100,000 links on one line": (
        10,
        lambda: {"Daily/2026-11-20.md": "".join(f"[[P {i}]] " for i in range(100_000))},
    ),
    "100,000 links, one per line": (
        15,
        lambda: {"Daily/2026-11-20.md": "".join(f"- [[P {i}]]\n" for i in range(100_000))},
    ),
    "10 MB of front matter": (
        15,
        lambda: {"vaultkit.toml": "max_file_size_mb = 20\n", "People/Big.md": _big_yaml()},
    ),
}
DEEP: dict[str, str] = {
    "quotes": ">" * 10_000 + " [[Jane Doe]]\n",
    "dashes": "- " * 10_000 + "[[Jane Doe]]\n",
    "quote-dash": "> - " * 5_000 + "[[Jane Doe]]\n",
    "numbered": "1. " * 10_000 + "[[Jane Doe]]\n",
    "indented list": "".join("  " * i + f"- level {i} [[Jane Doe]]\n" for i in range(2_000)),
    "quote staircase": "".join(">" * i + " [[Jane Doe]]\n" for i in range(1, 2_000)),
    "brackets": "[" * 10_000 + "]" * 10_000 + "\n",
    "emphasis": "*_" * 10_000 + "[[Jane Doe]]" + "_*" * 10_000 + "\n",
}
DEEP_BUDGET = 5.0


def time_sync(files: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        for rel, text in {"People/Jane Doe.md": JANE, **files}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        cmd = [sys.executable, "-m", "vaultkit", "sync", "--no-cache", "--quiet"]
        start = time.perf_counter()
        subprocess.run([*cmd, "--vault", str(root), "--today", TODAY], cwd=REPO, check=True)
        return time.perf_counter() - start


def _sync_of(make: Callable[[], dict[str, str]]) -> float:
    return time_sync(make())


def time_parse(text: str) -> float:
    from vaultkit.read.parse import parse

    start = time.perf_counter()
    parse("Daily/2026-11-20.md", "Lunch with [[Jane Doe]].\n\n" + text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="inputs whose name holds this text")
    args = ap.parse_args(argv)
    over = 0
    print(f"{'input':36} {'seconds':>8} {'budget':>7}")
    rows: list[tuple[str, float, Callable[[], float]]] = [
        (f"sync: {name}", budget, functools.partial(_sync_of, make))
        for name, (budget, make) in SYNCS.items()
    ]
    rows += [
        (f"parse, 10k deep: {name}", DEEP_BUDGET, functools.partial(time_parse, text))
        for name, text in DEEP.items()
    ]
    for name, budget, measure in rows:
        if args.only and args.only not in name:
            continue
        seconds = measure()
        over += seconds > budget
        flag = "  over budget" if seconds > budget else ""
        print(f"{name:36} {seconds:8.2f} {budget:7g}{flag}", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
