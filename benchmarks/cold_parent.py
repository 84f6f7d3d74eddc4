"""One cold `--no-cache` sync in this process: how much of it is the parent's own work.

A cold sync of a big vault parses and derives in forked workers; what the parent does alone
(gathering, the view, the pages) is what no number of cores shortens. This prints the wall
time, the parent's CPU (`RUSAGE_SELF`), the workers' CPU (`RUSAGE_CHILDREN`) and the peak RSS
of each, for the vaultkit found first on `sys.path` (or in `--tree`):

    python -m benchmarks.cold_parent /tmp/vaultkit-bench/target
    python -m benchmarks.cold_parent /tmp/vaultkit-bench/target --tree /tmp/vaultkit-main

The output folder is removed first, as `benchmarks.run` does before a cold run.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks.run import OUTPUT_FOLDER
from benchmarks.sizes import TODAY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cold_parent", description=__doc__)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--tree", type=Path, help="a checkout whose vaultkit to run")
    ns = parser.parse_args(argv)
    if ns.tree is not None:
        sys.path.insert(0, str(ns.tree.resolve()))
        sys.modules.pop("vaultkit", None)
    import vaultkit
    from vaultkit.api import open_vault  # after --tree: the vaultkit to measure

    shutil.rmtree(ns.vault / OUTPUT_FOLDER, ignore_errors=True)
    gc.disable()  # as the CLI runs a command
    start = time.perf_counter()
    open_vault(ns.vault, today=date.fromisoformat(TODAY), cache=False).sync()
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"wall {wall:.2f} s  parent cpu {own.ru_utime + own.ru_stime:.2f} s  "
        f"workers cpu {kids.ru_utime + kids.ru_stime:.2f} s  "
        f"parent peak {own.ru_maxrss // 1024} MiB  workers peak {kids.ru_maxrss // 1024} MiB  "
        f"({Path(vaultkit.__file__).parent})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
