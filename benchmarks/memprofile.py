"""What holds the memory of a one-note-changed `vaultkit sync`, by file:line (tracemalloc).

    python -m benchmarks.memprofile /tmp/vaultkit-bench/100k [--top 15] [--frames 5]

Appends one line linking a person to today's daily note (as `make bench`'s "touch 1" does),
then runs `vaultkit sync --vault V --today 2026-11-25 --quiet` in this process, as the console
script runs it (the cycle collector off, nothing freed before the end), with tracemalloc on.
Use the cache `make bench` left (`VAULTKIT_CACHE_DIR`, default `V/../<name>.cache`), so the
sync is a warm one with one change. The daily note is put back afterwards and synced again
(in a subprocess), so the cache and pages match the vault as before.

A snapshot taken when the command ends shows what is left, not what the peak held, and a
snapshot is itself big (a tuple per trace), so the sync runs twice, each in its own process:
first only to learn the traced peak, then with a thread that watches the traced size and
takes a snapshot (reduced to its statistics at once) when the size first comes within
`--near` of that peak, and again whenever it climbs further. The top lines of the last one are
printed, with the peak RSS of the profiled process (interpreter, C libraries' memory and
tracemalloc's own included). Tracing makes each run several times slower.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

from benchmarks.sizes import TODAY

MiB = 2**20


class NearPeak:
    """Statistics of a snapshot taken when the traced size first reaches `at`, taken again
    each time it has grown by `step` since; `stats` is the last one, the nearest the peak."""

    def __init__(self, at: int, step: float = 0.01, every: float = 0.01) -> None:
        self.at = at
        self.step = step
        self.every = every
        self.stats: list[tracemalloc.Statistic] = []
        self.size = 0
        self.taken = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> NearPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            size = tracemalloc.get_traced_memory()[0]
            if size >= self.at and size > self.size * (1 + self.step):
                self.stats = []  # let the last one go before the next is made
                snap = tracemalloc.take_snapshot()
                snap = snap.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
                self.stats = snap.statistics("lineno")[:100]
                del snap
                self.size = size
                self.taken += 1


def _touch(vault: Path) -> tuple[Path, bytes]:
    """A new line each time, so a second run is a change too, not the cached bytes again."""
    daily = vault / "Daily" / f"{TODAY}.md"
    original = daily.read_bytes()
    names = sorted(p.stem for p in (vault / "People").glob("*.md"))
    who = f" with [[{names[0]}]]" if names else ""
    line = f"\n- memprofile edit {time.time_ns()}: quick call{who}\n"
    daily.write_bytes(original + line.encode())
    return daily, original


def _sync_argv(vault: Path) -> list[str]:
    return ["sync", "--vault", os.fspath(vault), "--today", TODAY, "--quiet"]


def _run_sync(vault: Path) -> object:
    from vaultkit.cli import main as cli

    cli.KEEP_UNTIL_EXIT = True  # as the console script: the collector stays off
    sys.argv = ["vaultkit", *_sync_argv(vault)]
    try:
        cli.main()
    except SystemExit as exc:
        return exc.code
    return 0


def _profiled(vault: Path, frames: int, at: int | None) -> tuple[object, float, NearPeak | None]:
    import vaultkit.cli.main  # noqa: F401  (imports are not what this measures)

    daily, original = _touch(vault)
    gc.disable()
    tracemalloc.start(frames)
    start = time.perf_counter()
    try:
        if at is None:
            code = _run_sync(vault)
            return code, time.perf_counter() - start, None
        with NearPeak(at) as near:
            code = _run_sync(vault)
        return code, time.perf_counter() - start, near
    finally:
        daily.write_bytes(original)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memprofile", description=__doc__)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--top", type=int, default=15, help="lines shown (default 15)")
    parser.add_argument("--frames", type=int, default=5, help="frames traced (default 5)")
    parser.add_argument(
        "--near", type=float, default=0.03, help="first snapshot this far below the peak"
    )
    parser.add_argument("--peak-only", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    vault = ns.vault.resolve()
    os.environ.setdefault("VAULTKIT_CACHE_DIR", os.fspath(vault.parent / f"{vault.name}.cache"))
    if ns.peak_only:
        code, wall, _ = _profiled(vault, ns.frames, None)
        print(tracemalloc.get_traced_memory()[1])
        print(f"first run: exit {code}, {wall:.1f} s traced", file=sys.stderr)
        return 0

    me = [sys.executable, "-m", "benchmarks.memprofile", os.fspath(vault)]
    first = subprocess.run(
        [*me, "--peak-only", "--frames", str(ns.frames)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    sys.stderr.write(first.stderr)
    peak = int(first.stdout.split()[-1])
    code, wall, near = _profiled(vault, ns.frames, int(peak * (1 - ns.near)))
    _now, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    subprocess.run(
        [sys.executable, "-m", "vaultkit", *_sync_argv(vault)],
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )  # the note is back as it was: so are the cache and the pages
    assert near is not None
    print(
        f"one-change sync, exit {code}, {wall:.1f} s traced (cache "
        f"{os.environ['VAULTKIT_CACHE_DIR']}): traced peak {peak / MiB:.0f} MiB in the first "
        f"run, {traced_peak / MiB:.0f} MiB in this one (with its snapshots); peak RSS {rss} MiB "
        f"(with tracemalloc's own); {near.taken} snapshots, the last at {near.size / MiB:.0f} MiB"
    )
    if not near.stats:
        print("no snapshot: the traced size never came near the first run's peak")
        return 1
    root = os.fspath(Path(__file__).resolve().parent.parent) + os.sep
    print(f"top {ns.top} lines of that snapshot (MiB, blocks, file:line):")
    for stat in near.stats[: ns.top]:
        frame = stat.traceback[0]
        where = frame.filename.removeprefix(root)
        print(f"{stat.size / MiB:8.1f} {stat.count:9,d}  {where}:{frame.lineno}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
