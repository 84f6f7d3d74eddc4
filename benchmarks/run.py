"""Benchmark vaultkit against the floor on generated vaults of several sizes.

Every vaultkit timing is shown next to its ratio to the floor (walk + read + libyaml
front matter, run as its own process), because absolute seconds depend on the
machine while the ratio says how much work vaultkit adds on top of the unavoidable.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import genvault, watch_latency
from benchmarks.floor import scan
from benchmarks.measure import CommandFailed, first_line, median_of, run
from benchmarks.sizes import SIZES, TODAY

OUTPUT_FOLDER = "Vaultkit"
"""vaultkit's default output folder (VAULT_FORMAT.md section 1); removed before cold runs."""

REPO = Path(__file__).resolve().parent.parent
"""Commands run from the repo root so ``python -m vaultkit`` works uninstalled."""


@dataclass
class Cell:
    """One measurement; ``error`` replaces the numbers when the command failed."""

    seconds: float | None = None
    rss_mib: int | None = None
    error: str | None = None


@dataclass
class Row:
    """One vault size; the columns are filled in the order they are measured."""

    size: str
    notes: int = 0
    mib: float = 0.0
    floor_in: float = 0.0
    cells: dict[str, Cell] = field(default_factory=dict)
    questions: dict[str, Cell] = field(default_factory=dict)  # benchmarks.queries.STEPS


COLUMNS = ["floor proc", "cold sync", "warm sync", "touch 1", "overdue", "watch"]
WATCH_SAVES = 7  # saves per size for the watch column (each waits for the page)
QUESTIONS = ["show", "overdue", "digest", "new day"]
"""The questions table's columns: benchmarks.queries.STEPS after `version`, their denominator."""


def parse_size(spec: str) -> tuple[int, int]:
    """Named sizes for the table, ``PEOPLExDAYS`` for one-off experiments."""
    if spec in SIZES:
        return SIZES[spec]
    m = re.fullmatch(r"(\d+)x(\d+)", spec)
    if not m:
        raise argparse.ArgumentTypeError(
            f"unknown size {spec!r}: use {', '.join(SIZES)} or PEOPLExDAYS"
        )
    return int(m.group(1)), int(m.group(2))


def ensure_vault(workdir: Path, size: str, seed: int) -> Path:
    """Generating the 100k vault takes seconds, so reuse one built with the same args."""
    people, days = parse_size(size)
    vault = workdir / size
    want = {"people": people, "days": days, "seed": seed, "meetings": days // 10}
    marker = vault / genvault.MARKER
    try:
        if json.loads(marker.read_text(encoding="utf-8")) == want:
            return vault
    except (OSError, ValueError):
        pass
    stats = genvault.generate(vault, people=people, days=days, seed=seed)
    _progress(
        f"[{size}] generated {stats.notes} notes, {stats.bytes / 2**20:.1f} MiB "
        f"in {stats.seconds:.2f} s"
    )
    return vault


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _measure(row: Row, column: str, repeat: int, fn: Callable[[], tuple[float, int]]) -> None:
    _progress(f"[{row.size}] {column} x{repeat}")
    try:
        seconds, rss = median_of(repeat, fn)
    except CommandFailed as exc:
        row.cells[column] = Cell(error=first_line(exc.result.stderr) or str(exc))
        return
    row.cells[column] = Cell(seconds=seconds, rss_mib=rss)


def _cache_dir(vault: Path) -> Path:
    return vault.parent / f"{vault.name}.cache"


def bench_questions(row: Row, vault: Path, repeat: int) -> None:
    """Fill ``row.questions`` with `repeat` rounds of benchmarks.queries on this vault and its
    cache, medians of each step. Each round syncs a day of its own and leaves the person blocks
    of that day: the caller syncs on TODAY afterwards."""
    from benchmarks import queries  # it imports this module: a top-level import is circular

    _progress(f"[{row.size}] questions x{repeat}")
    name = queries.pick_person(vault)
    rounds = []
    try:
        for i in range(repeat):
            day = queries.day_of(i)
            rounds.append(queries.question_round(REPO, vault, _cache_dir(vault), name, day))
    except CommandFailed as exc:
        error = first_line(exc.result.stderr) or str(exc)
        row.questions = {step: Cell(error=error) for step in queries.STEPS}
        return
    for step in queries.STEPS:
        seconds = statistics.median(r[step].seconds for r in rounds)
        rss = statistics.median_low(r[step].rss_mib for r in rounds)
        row.questions[step] = Cell(seconds=seconds, rss_mib=rss)


def bench_size(
    size: str,
    vault: Path,
    repeat: int,
    timeout: float,
    keep_output: bool,
    watch: bool = True,
    questions: bool = True,
) -> Row:
    """Order matters: cold runs first, then warm-up, so 'warm' really finds a cache."""
    row = Row(size=size)
    py = sys.executable
    vk = [py, "-m", "vaultkit"]
    v = os.fspath(vault)
    sync = [*vk, "sync", "--vault", v, "--today", TODAY, "--quiet"]

    env = {**os.environ, "VAULTKIT_CACHE_DIR": os.fspath(_cache_dir(vault))}

    def go(cmd: list[str]) -> tuple[float, int]:
        return run(cmd, env=env, cwd=REPO, timeout=timeout)

    scans = [scan(vault) for _ in range(repeat)]
    row.notes = scans[0].files
    row.mib = scans[0].bytes / 2**20
    row.floor_in = statistics.median(s.seconds for s in scans)
    _measure(row, "floor proc", repeat, lambda: go([py, "-m", "benchmarks.floor", v]))

    def cold() -> tuple[float, int]:
        out = vault / OUTPUT_FOLDER
        if not keep_output and out.is_dir():
            shutil.rmtree(out)
        return go([*sync, "--no-cache"])

    _measure(row, "cold sync", repeat, cold)
    warmup: tuple[float, int] | None = None
    try:
        warmup = go(sync)
    except CommandFailed as exc:
        row.cells["warm sync"] = Cell(error=first_line(exc.result.stderr) or str(exc))
    if warmup is not None:
        _measure(row, "warm sync", repeat, lambda: go(sync))

    daily = vault / "Daily" / f"{TODAY}.md"
    people_dir = vault / "People"
    names = sorted(p.stem for p in people_dir.glob("*.md")) if people_dir.is_dir() else []
    who = f" with [[{names[0]}]]" if names else ""
    if daily.is_file():
        original = daily.read_bytes()
        count = 0

        def touch() -> tuple[float, int]:
            nonlocal count
            count += 1
            with open(daily, "ab") as fh:
                fh.write(f"\n- bench edit {count}: quick call{who}\n".encode())
            return go(sync)

        try:
            _measure(row, "touch 1", repeat, touch)
        finally:
            daily.write_bytes(original)
        with contextlib.suppress(CommandFailed):
            go(sync)  # leave outputs matching the restored vault
    else:
        row.cells["touch 1"] = Cell(error=f"no {daily.relative_to(vault)} to touch")

    _measure(
        row,
        "overdue",
        repeat,
        lambda: go([*vk, "overdue", "--vault", v, "--today", TODAY, "--json"]),
    )
    if watch:
        _progress(f"[{row.size}] watch x{WATCH_SAVES} saves")
        try:
            people = watch_latency.overdue_people(vault, env, WATCH_SAVES)
            found = watch_latency.measure(vault, env, people)
            seconds = statistics.median(found.latencies)
            row.cells["watch"] = Cell(seconds=seconds, rss_mib=found.peak_rss_mib)
        except (OSError, TimeoutError, subprocess.CalledProcessError) as exc:
            row.cells["watch"] = Cell(error=str(exc))
        with contextlib.suppress(CommandFailed):
            go(sync)  # leave outputs matching the restored vault
    if questions:
        bench_questions(row, vault, repeat)
        with contextlib.suppress(CommandFailed):
            go(sync)  # person blocks of TODAY again, as the next run's cold sync expects
    return row


def _secs(s: float) -> str:
    return f"{s:.3f}s" if s < 10 else f"{s:.1f}s"


def render(rows: list[Row]) -> tuple[str, list[str]]:
    """Plain aligned text, so it pastes into an issue or a commit message as is."""
    header = ["size", "notes", "MiB", "floor", *COLUMNS, "floor RSS", "peak RSS"]
    table: list[list[str]] = [header]
    errors: list[str] = []
    for row in rows:
        base = row.cells.get("floor proc", Cell())
        cells = [row.size, str(row.notes), f"{row.mib:.1f}", _secs(row.floor_in)]
        peak: int | None = None
        for col in COLUMNS:
            if col not in row.cells:  # skipped on purpose (--no-watch)
                cells.append("-")
                continue
            c = row.cells[col]
            if c.error is not None or c.seconds is None:
                cells.append("error")
                errors.append(f"{row.size} {col}: {c.error}")
                continue
            rss = f" {c.rss_mib}M" if c.rss_mib is not None and col != "floor proc" else ""
            if col == "floor proc" or base.seconds is None:
                cells.append(_secs(c.seconds))
            elif col == "watch":  # save to page, debounce included: not a multiple of the floor
                cells.append(f"{c.seconds * 1000:.0f}ms{rss}")
            else:
                cells.append(f"{_secs(c.seconds)} {c.seconds / base.seconds:5.2f}x{rss}")
            if col != "floor proc" and c.rss_mib is not None:
                peak = max(peak or 0, c.rss_mib)
        cells.append("-" if base.rss_mib is None else f"{base.rss_mib} MiB")
        if peak is None:
            cells.append("error")
        elif base.rss_mib:
            cells.append(f"{peak} MiB {peak / base.rss_mib:4.1f}x")
        else:
            cells.append(f"{peak} MiB")
        table.append(cells)
    return _align(table), errors


def render_questions(rows: list[Row]) -> tuple[str, list[str]]:
    """One row per size: each question's seconds, its ratio to the `vaultkit --version`
    process of the same rounds, and its peak RSS."""
    header = ["size", "version", *QUESTIONS]
    table: list[list[str]] = [header]
    errors: list[str] = []
    for row in rows:
        if not row.questions:
            continue
        base = row.questions.get("version", Cell(error="not run"))
        cells = [row.size]
        failed: set[str] = set()
        for col in ["version", *QUESTIONS]:
            c = row.questions.get(col, Cell(error="not run"))
            if c.error is not None or c.seconds is None:
                cells.append("error")
                msg = c.error or "no time measured"
                if msg not in failed:  # a failed round fails every step alike
                    failed.add(msg)
                    errors.append(f"{row.size} questions: {msg}")
                continue
            rss = f" {c.rss_mib}M" if c.rss_mib is not None else ""
            if col == "version" or not base.seconds:
                cells.append(f"{_secs(c.seconds)}{rss}")
            else:
                cells.append(f"{_secs(c.seconds)} {c.seconds / base.seconds:5.2f}x{rss}")
        table.append(cells)
    if len(table) == 1:
        return "", errors
    return _align(table), errors


def _align(table: list[list[str]]) -> str:
    """First column left, the rest right, a rule under the header."""
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = []
    for r in table:
        rest = [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        parts = [r[0].ljust(widths[0]), *rest]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Time vaultkit on generated vaults; report seconds and ratio to the floor.",
    )
    parser.add_argument(
        "--sizes",
        default="1k,10k,target,100k",
        help=f"comma list of {', '.join(SIZES)} or PEOPLExDAYS (default 1k,10k,target,100k)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per cell, median shown (default 3)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vaultkit-bench",
        help="where vaults are generated and reused (default /tmp/vaultkit-bench)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="seconds before a single command is killed (default 1800)",
    )
    parser.add_argument(
        "--keep-output",
        action="store_true",
        help=f"do not delete {OUTPUT_FOLDER}/ before cold runs",
    )
    parser.add_argument(
        "--no-watch", action="store_true", help="skip the watch column (save to page latency)"
    )
    parser.add_argument(
        "--no-questions",
        action="store_true",
        help="skip the questions table (show, overdue, digest, new-day digest)",
    )
    ns = parser.parse_args(argv)
    if ns.repeat < 1:
        parser.error("--repeat must be >= 1")
    sizes = [s.strip() for s in ns.sizes.split(",") if s.strip()]
    for s in sizes:
        try:
            parse_size(s)
        except argparse.ArgumentTypeError as exc:
            parser.error(str(exc))
    ns.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        vault = ensure_vault(ns.workdir, size, ns.seed)
        rows.append(
            bench_size(
                size,
                vault,
                ns.repeat,
                ns.timeout,
                ns.keep_output,
                watch=not ns.no_watch,
                questions=not ns.no_questions,
            )
        )
    table, errors = render(rows)
    asked, question_errors = render_questions(rows)
    print(
        f"vaultkit benchmarks: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"median of {ns.repeat}, --today {TODAY}, vaults in {ns.workdir}"
    )
    print(table)
    if asked:
        print()
        print("questions: warm cache, median of --repeat rounds; ratio to `vaultkit --version`")
        print(asked)
    errors += question_errors
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
