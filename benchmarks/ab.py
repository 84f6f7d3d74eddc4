"""Compare two source trees of vaultkit on one vault, runs interleaved: A, B, B, A, A, B, ...

On a shared machine the load moves between the runs of a whole table, minutes apart, more
than most changes move the figures. Interleaving one command at a time puts both trees under
the same load; each cell is the median of --repeat runs, with the floor measured in the same
rounds, and the CPU seconds (user + system, children included) beside the wall seconds.

    python -m benchmarks.ab --other /tmp/vaultkit-main --size target --repeat 5

`--other` is another checkout (e.g. `git worktree add` or `git archive | tar -x`); both trees
run with this interpreter, each as `python -m vaultkit` from its own root.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import CommandFailed, Result, first_line, run_full
from benchmarks.run import OUTPUT_FOLDER, REPO, ensure_vault
from benchmarks.sizes import TODAY

STEPS = ["floor", "cold", "warm", "touch"]


def _checked(cmd: list[str], env: dict[str, str], cwd: Path) -> Result:
    result = run_full(cmd, env=env, cwd=cwd, timeout=1800)
    if result.returncode != 0 or result.timed_out:
        raise CommandFailed(cmd, result)
    return result


def _round(tree: Path, vault: Path, cache: Path, touch_no: int) -> dict[str, Result]:
    """One run of each step with the code of `tree`."""
    py = sys.executable
    v = os.fspath(vault)
    env = {**os.environ, "VAULTKIT_CACHE_DIR": os.fspath(cache)}
    sync = [py, "-m", "vaultkit", "sync", "--vault", v, "--today", TODAY, "--quiet"]
    got: dict[str, Result] = {}
    got["floor"] = _checked([py, "-m", "benchmarks.floor", v], env, REPO)
    shutil.rmtree(vault / OUTPUT_FOLDER, ignore_errors=True)
    got["cold"] = _checked([*sync, "--no-cache"], env, tree)
    _checked(sync, env, tree)  # writes this tree's cache
    got["warm"] = _checked(sync, env, tree)
    daily = vault / "Daily" / f"{TODAY}.md"
    original = daily.read_bytes()
    try:
        with open(daily, "ab") as fh:
            fh.write(f"\n- ab edit {touch_no}: quick call\n".encode())
        got["touch"] = _checked(sync, env, tree)
    finally:
        daily.write_bytes(original)
    _checked(sync, env, tree)  # the outputs match the restored vault again
    return got


def _cell(results: list[Result], floor: float, get: Callable[[Result], float]) -> str:
    value = statistics.median(get(r) for r in results)
    return f"{value:6.3f}s {value / floor:5.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ab", description=__doc__)
    parser.add_argument("--other", type=Path, required=True, help="the source tree to compare")
    parser.add_argument("--size", default="target", help="a size of benchmarks.run")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "vaultkit-bench"
    )
    ns = parser.parse_args(argv)
    trees = {"this": REPO, "other": ns.other.resolve()}
    vault = ensure_vault(ns.workdir, ns.size, 1)
    samples: dict[str, list[dict[str, Result]]] = {name: [] for name in trees}
    order = list(trees)
    for i in range(ns.repeat):
        for name in order:
            cache = ns.workdir / f"{ns.size}.ab-{name}.cache"
            print(f"round {i + 1} {name}", file=sys.stderr, flush=True)
            try:
                got = _round(trees[name], vault, cache, i)
            except CommandFailed as exc:
                print(f"{name}: {first_line(exc.result.stderr) or exc}", file=sys.stderr)
                return 1
            samples[name].append(got)
            shown = "  ".join(f"{s} {got[s].seconds:.3f}/{got[s].cpu_seconds:.3f}" for s in STEPS)
            print(f"  wall/cpu s: {shown}", file=sys.stderr, flush=True)
        order.reverse()
    print(f"{ns.size}: median of {ns.repeat} interleaved rounds; ratio to the floor process")
    for label, get in (("wall", _wall), ("cpu", _cpu)):
        for name in trees:
            runs = samples[name]
            floor = statistics.median(get(r["floor"]) for r in runs)
            cells = [_cell([r[s] for r in runs], floor, get) for s in STEPS[1:]]
            rss = max(r[s].rss_mib for r in runs for s in STEPS[1:])
            print(
                f"{label:4} {name:5}  floor {floor:6.3f}s  "
                + "  ".join(f"{s} {c}" for s, c in zip(STEPS[1:], cells, strict=True))
                + f"  peak {rss} MiB"
            )
    return 0


def _wall(r: Result) -> float:
    return r.seconds


def _cpu(r: Result) -> float:
    return r.cpu_seconds


if __name__ == "__main__":
    sys.exit(main())
