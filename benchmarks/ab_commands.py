"""Before/after: the same vaultkit commands from two source trees, side by side in one run.

    python -m benchmarks.ab_commands --before /path/to/old/checkout --size target
    python -m benchmarks.ab_commands --before OLD --command "overdue --json||digest --json"

A command `A||B` runs A in the old tree and B in the new one (a new command against the
nearest old one); `sync-one-change` appends a line to one daily note before each sync.

Figures from different days are not comparable on a shared machine (the floor itself moves
by 20%), so a change's cost is measured against the code before it, runs interleaved (A B A B
...) so that load from elsewhere falls on both alike. Prints the median of each command for
each tree, and the ratio after/before.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import genvault
from benchmarks.sizes import SIZES, TODAY

REPO = Path(__file__).resolve().parent.parent


def _time(tree: Path, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", *args],
        cwd=tree,
        env={**env, "PYTHONPATH": str(tree)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{tree}: vaultkit {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ab_commands", description=__doc__)
    parser.add_argument("--before", type=Path, required=True, help="the old source tree")
    parser.add_argument("--after", type=Path, default=REPO, help="the new one (this repo)")
    parser.add_argument("--size", choices=sorted(SIZES), default="target")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--command",
        action="append",
        help="a vaultkit command line to time (repeatable; default: the sync and read set)",
    )
    ns = parser.parse_args(argv)
    default = ["sync", "sync-one-change", "overdue --json", "people --json"]
    commands = [c.partition("||") for c in ns.command or default]
    people, days = SIZES[ns.size]
    with tempfile.TemporaryDirectory(prefix="vaultkit-ab-") as tmp:
        base = Path(tmp) / "vault"
        genvault.generate(base, people=people, days=days, seed=1, meetings=None)
        trees = {"before": ns.before.resolve(), "after": ns.after.resolve()}
        vaults: dict[str, Path] = {}
        envs: dict[str, dict[str, str]] = {}
        for name in trees:  # one vault and cache per tree: their caches differ
            vaults[name] = Path(tmp) / name
            shutil.copytree(base, vaults[name])
            envs[name] = {
                **os.environ,
                "VAULTKIT_CACHE_DIR": str(Path(tmp) / f"cache-{name}"),
                "VAULTKIT_TODAY": TODAY,
            }
            _time(trees[name], ["sync", "--vault", str(vaults[name])], envs[name])  # warm it
        print(f"size {ns.size}: {people} people, {days} daily notes; median of {ns.runs}")
        for old, _, new in commands:
            lines = {"before": old.split(), "after": (new or old).split()}
            found: dict[str, list[float]] = {name: [] for name in trees}
            for n in range(ns.runs):
                for name, tree in trees.items():
                    words = lines[name]
                    if words == ["sync-one-change"]:
                        daily = vaults[name] / "Daily" / f"{TODAY}.md"
                        with daily.open("a", encoding="utf-8") as fh:
                            fh.write(f"\nA thought, {n}.\n")
                        words = ["sync"]
                    args = [*words, "--vault", str(vaults[name])]
                    found[name].append(_time(tree, args, envs[name]))
            before = statistics.median(found["before"])
            after = statistics.median(found["after"])
            label = old if not new else f"{old} -> {new}"
            print(
                f"  {label:<32} before {before:6.3f} s   after {after:6.3f} s   "
                f"({after / before:.2f}x)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
