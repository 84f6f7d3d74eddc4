"""What holds the memory of a one-note-changed `vaultkit sync`, by file:line (tracemalloc).

    python -m benchmarks.memprofile /tmp/vaultkit-bench/100k [--top 15] [--frames 5]

Appends one line linking a person to today's daily note (as `make bench`'s "touch 1" does),
then runs `vaultkit sync --vault V --today 2026-11-25 --quiet` in this process, as the console
script runs it (the cycle collector off, nothing freed before the end), with tracemalloc on.
Use the cache `make bench` left (`VAULTKIT_CACHE_DIR`, default `V/../<name>.cache`), so the
sync is a warm one with one change. The daily note is put back afterwards and synced again
(in a subprocess), so the cache and pages match the vault as before.

A snapshot taken when the command ends shows what is left, not what the peak held, and the
peak can be a spike inside one C call, where no other thread runs. So a thread samples the
traced size every 10 ms and, each time, the highest size since the last sample
(`tracemalloc.reset_peak`) and where the command then is (its innermost vaultkit frames).
It prints the spikes (the peak of an interval above the size at its start) with where they
happened, and the top lines of a snapshot of what is held at the highest sampled size. A
snapshot is itself big (a tuple per trace: its size is taken off the samples), so the sync
runs twice, each in its own process: first only to learn the highest sampled size, then
taking a snapshot from `--near` below it and again at each `--step` of growth (one C call:
the command waits), the last one read once the command is done. Tracing makes each run
several times slower.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from benchmarks.sizes import TODAY

MiB = 2**20
ROOT = os.fspath(Path(__file__).resolve().parent.parent) + os.sep


def where(frame: FrameType | None, depth: int = 3) -> str:
    """The innermost `depth` frames of vaultkit's own code, innermost first."""
    found: list[str] = []
    while frame is not None and len(found) < depth:
        name = frame.f_code.co_filename
        if name.startswith(ROOT + "vaultkit"):
            found.append(f"{name.removeprefix(ROOT)}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back
    return " < ".join(found) or "(outside vaultkit)"


@dataclass
class Sampler:
    """Samples of the traced size, less what the snapshot held here adds; a snapshot of what
    the command holds from `at` up, taken again (the last one let go first) each time the
    size has grown by `step` since. Taking one is a single C call, so the command cannot move
    on meanwhile; reading it (`report`) waits until the command is done."""

    at: int | None
    step: float = 0.01
    every: float = 0.01
    snapshot: tracemalloc.Snapshot | None = None
    snap_size: int = 0
    overhead: int = 0  # what the snapshot held here adds to the traced size
    taken: int = 0
    highest: int = 0  # the highest size sampled
    spikes: list[tuple[int, int, str]] = field(default_factory=list)  # (peak, size, where)

    def __post_init__(self) -> None:
        self._main = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Sampler:
        tracemalloc.reset_peak()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        before = tracemalloc.get_traced_memory()[0]
        while not self._stop.wait(self.every):
            size, peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            size, peak = size - self.overhead, peak - self.overhead
            self.spikes.append((peak, before, where(sys._current_frames().get(self._main))))
            self.spikes = sorted(self.spikes, reverse=True)[:5]
            self.highest = max(self.highest, size)
            before = size
            if self.at is not None and size >= self.at and size > self.snap_size * (1 + self.step):
                self.snapshot = None
                start = tracemalloc.get_traced_memory()[0]
                self.snapshot = tracemalloc.take_snapshot()
                self.overhead = tracemalloc.get_traced_memory()[0] - start
                self.snap_size = size
                self.taken += 1
                tracemalloc.reset_peak()  # the snapshot's making is no spike of the command's

    def report(self, top: int, callers_of: int = 3) -> list[str]:
        """The top lines by size, then the largest stacks into the first `callers_of`."""
        if self.snapshot is None:
            return ["no snapshot: the size never came near the first run's"]
        mine = tracemalloc.__file__
        stats = [s for s in self.snapshot.statistics("lineno") if s.traceback[0].filename != mine]
        out = [
            f"top {top} lines held at {self.snap_size / MiB:.0f} MiB ({self.taken} snapshots; "
            "MiB, blocks, file:line):"
        ]
        for stat in stats[:top]:
            frame = stat.traceback[0]
            file = frame.filename.removeprefix(ROOT)
            out.append(f"{stat.size / MiB:8.1f} {stat.count:9,d}  {file}:{frame.lineno}")
        wanted = {(s.traceback[0].filename, s.traceback[0].lineno) for s in stats[:callers_of]}
        stacks: dict[tuple[tuple[str, int], ...], int] = {}
        raw: Any = self.snapshot.traces
        for trace in raw._traces:  # (domain, size, frames innermost first, frames in all)
            frames = trace[2]
            if frames and frames[0] in wanted:
                stacks[frames] = stacks.get(frames, 0) + trace[1]
        for stat in stats[:callers_of]:
            line = (stat.traceback[0].filename, stat.traceback[0].lineno)
            out.append(f"the largest stacks into {line[0].removeprefix(ROOT)}:{line[1]} (MiB):")
            mine_only = sorted(((n, f) for f, n in stacks.items() if f[0] == line), reverse=True)
            for n, frames in mine_only[:3]:
                shown = " < ".join(f"{f.removeprefix(ROOT)}:{n}" for f, n in frames)
                out.append(f"  {n / MiB:6.1f}  {shown}")
        return out


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


def _profiled(vault: Path, frames: int, sampler: Sampler) -> tuple[object, float]:
    import vaultkit.cli.main  # noqa: F401  (imports are not what this measures)

    daily, original = _touch(vault)
    gc.disable()
    tracemalloc.start(frames)
    start = time.perf_counter()
    try:
        with sampler:
            code = _run_sync(vault)
        return code, time.perf_counter() - start
    finally:
        daily.write_bytes(original)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memprofile", description=__doc__)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--top", type=int, default=15, help="lines shown (default 15)")
    parser.add_argument("--frames", type=int, default=5, help="frames traced (default 5)")
    parser.add_argument(
        "--near",
        type=float,
        default=0.03,
        help="first snapshot this far below the first run's highest size (default 0.03)",
    )
    parser.add_argument(
        "--step", type=float, default=0.01, help="growth between snapshots (default 0.01)"
    )
    parser.add_argument("--first", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    vault = ns.vault.resolve()
    os.environ.setdefault("VAULTKIT_CACHE_DIR", os.fspath(vault.parent / f"{vault.name}.cache"))
    if ns.first:
        sampler = Sampler(at=None)
        code, wall = _profiled(vault, ns.frames, sampler)
        print(json.dumps({"highest": sampler.highest, "peak": tracemalloc.get_traced_memory()[1]}))
        print(f"first run: exit {code}, {wall:.1f} s traced", file=sys.stderr)
        return 0

    me = [sys.executable, "-m", "benchmarks.memprofile", os.fspath(vault)]
    first = subprocess.run(
        [*me, "--first", "--frames", str(ns.frames)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    sys.stderr.write(first.stderr)
    highest = json.loads(first.stdout.splitlines()[-1])["highest"]
    sampler = Sampler(at=int(highest * (1 - ns.near)), step=ns.step)
    code, wall = _profiled(vault, ns.frames, sampler)
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    subprocess.run([sys.executable, "-m", "vaultkit", *_sync_argv(vault)], check=False, cwd=ROOT)
    print(
        f"one-change sync, exit {code}, {wall:.1f} s traced (cache "
        f"{os.environ['VAULTKIT_CACHE_DIR']}); highest size sampled "
        f"{sampler.highest / MiB:.0f} MiB (first run {highest / MiB:.0f} MiB); peak RSS "
        f"{rss} MiB (tracemalloc's own and the snapshots' included)"
    )
    print("highest peaks between two samples (peak, size at the interval's start, where after):")
    for peak, before, at in sampler.spikes:
        print(f"  {peak / MiB:6.0f} MiB  {before / MiB:6.0f} MiB  {at}")
    print("\n".join(sampler.report(ns.top)))
    return 0 if sampler.snapshot is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
