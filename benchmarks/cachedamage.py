"""Damage the cache database at random and count the pages a sync then gets wrong unsaid.

    python -m benchmarks.cachedamage                        # examples/vault, 200 flips + 200 cuts
    python -m benchmarks.cachedamage --flips 40 --cuts 40 --generated 3000  # and ~3,000 notes

A vault is synced twice to build its cache (then checkpointed and vacuumed, so the database
is one file with no stale copies). Each trial then puts the vault back as it was, writes the
database with one random bit flipped (or cut at a random offset), makes one of a few
changes (an edited note, the next day, or none with a full load, as `watch` and the API load),
and syncs with that cache, then again two days later. After each sync every file of the vault
(the pages, the person blocks in the notes) is compared with a copy of the same vault synced
with no cache at all. A trial is *silently wrong* when a file differs and no warning was given:
the one outcome that must never happen (a warning and the right pages is what damage should
give). A traceback counts as a crash.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from vaultkit import api
from vaultkit.store import database

REPO = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 25)
# (days after DAY, the note edited or "", a full load without the no-op check)
SCENARIOS = (
    (0, "Daily/2026-11-24.md", False),
    (1, "", False),
    (0, "", True),
)
EDIT = "\n- Called [[{name}]] about the trip.\n"


@dataclass
class Tally:
    trials: int = 0
    warned: int = 0  # a warning was given (the right pages or not)
    wrong_warned: int = 0  # pages differ, but the user was told
    silently_wrong: int = 0  # pages differ, and nothing said: must stay 0
    crashed: int = 0
    repeated: int = 0  # more than one warning over the two syncs (the damage stayed)
    examples: list[str] = field(default_factory=list)

    def line(self, label: str) -> str:
        return (
            f"{label}: {self.trials} trials, {self.warned} warned, "
            f"{self.wrong_warned} wrong with a warning, {self.silently_wrong} silently wrong, "
            f"{self.crashed} crashed, {self.repeated} warned more than once"
        )


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".vaultkit-manifest.json"
    }


def _sync(root: Path, cache: Path | None, day: date, *, full_load: bool) -> list[str]:
    vault = api.Vault(root, day, cache)
    # Each sync runs a moment after its copy was made: with the real clock, a person block
    # would wait for an editor (a note saved in the last 2 s) on one run and not on another,
    # by load alone. The damage is what is measured here, so the notes are as old as a
    # user's: the clock a minute ahead, as the tests have it.
    vault.session.clock = lambda: time.time() + 60
    if full_load:  # loaded first, as a session that lives on: no no-op check
        vault.view()
    vault.sync()
    return vault.warnings


def settle(db: Path) -> bytes:
    """The database as one file (its WAL written back, free pages dropped): its bytes."""
    gc.collect()  # a session's connection, still open, would keep the WAL
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return db.read_bytes()


def put(db: Path, data: bytes) -> None:
    """`data` as the database, with no WAL beside it."""
    database.remove(db)
    db.write_bytes(data)


def _copy(src: Path, dest: Path) -> None:
    """A copy with the notes' modification times (the cache's stamps still match)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest, copy_function=shutil.copy2)


def _edit(root: Path, note: str, person: str) -> None:
    if note:
        with open(root / note, "a", encoding="utf-8") as fh:
            fh.write(EDIT.format(name=person))


class Bench:
    """One vault with a built cache, and the uncached answers of each scenario (made once)."""

    def __init__(self, source: Path, work: Path) -> None:
        self.work = work
        self.base = work / "base" / "vault"
        _copy(source, self.base)
        self.cache = work / "cache.sqlite"
        database.remove(self.cache)
        for _ in range(2):  # the second run finds every block current and saves that
            _sync(self.base, self.cache, DAY, full_load=False)
        self.pristine = settle(self.cache)
        people = sorted((self.base / "People").glob("*.md"))
        self.person = people[0].stem if people else "Nobody"
        self.expected: dict[int, tuple[dict[str, bytes], dict[str, bytes]]] = {}

    def reference(self, scenario: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
        """The vault's files after the scenario's two syncs, with no cache."""
        if scenario not in self.expected:
            later, note, full_load = SCENARIOS[scenario]
            ref = self.work / f"ref{scenario}" / "vault"
            _copy(self.base, ref)
            _edit(ref, note, self.person)
            _sync(ref, None, DAY + timedelta(later), full_load=full_load)
            first = _files(ref)
            _sync(ref, None, DAY + timedelta(later + 2), full_load=full_load)
            self.expected[scenario] = (first, _files(ref))
        return self.expected[scenario]

    def trial(self, damaged: bytes, scenario: int, tally: Tally, label: str) -> None:
        later, note, full_load = SCENARIOS[scenario]
        first, second = self.reference(scenario)
        vault = self.work / "vault"
        _copy(self.base, vault)
        put(self.cache, damaged)
        _edit(vault, note, self.person)
        tally.trials += 1
        warnings: list[str] = []
        wrong: list[str] = []
        try:
            for day, expected in ((later, first), (later + 2, second)):
                warnings += _sync(vault, self.cache, DAY + timedelta(day), full_load=full_load)
                got = _files(vault)
                every = sorted(set(got) | set(expected))
                wrong += [p for p in every if got.get(p) != expected.get(p)]
        except Exception as exc:  # a traceback for the user: counted, and shown
            tally.crashed += 1
            tally.examples.append(f"{label}: crashed: {type(exc).__name__}: {exc}")
            return
        tally.warned += bool(warnings)
        if len(warnings) > 1:
            tally.repeated += 1
            tally.examples.append(f"{label}: warned {len(warnings)} times: {warnings}")
        if wrong and warnings:
            tally.wrong_warned += 1
        elif wrong:
            tally.silently_wrong += 1
            tally.examples.append(f"{label}: silently wrong: {', '.join(sorted(set(wrong))[:4])}")


def damage_run(
    source: Path, work: Path, flips: int, cuts: int, seed: int
) -> tuple[Tally, Tally, int]:
    """`flips` trials of one flipped bit and `cuts` of a cut-short file, at random offsets;
    and the size of the cache file they damage."""
    rng = random.Random(seed)
    bench = Bench(source, work)
    data = bench.pristine
    flipped, cut = Tally(), Tally()
    for i in range(flips):
        at, bit = rng.randrange(len(data)), rng.randrange(8)
        damaged = bytearray(data)
        damaged[at] ^= 1 << bit
        bench.trial(bytes(damaged), i % len(SCENARIOS), flipped, f"flip byte {at} bit {bit}")
    for i in range(cuts):
        at = rng.randrange(len(data))
        bench.trial(data[:at], i % len(SCENARIOS), cut, f"cut at {at} of {len(data)}")
    return flipped, cut, len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cachedamage", description=__doc__)
    parser.add_argument("--flips", type=int, default=200, help="trials of one flipped bit")
    parser.add_argument("--cuts", type=int, default=200, help="trials of a cut-short file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--generated", type=int, default=0, help="also a generated vault of about this many notes"
    )
    ns = parser.parse_args(argv)
    vaults = [("examples/vault", REPO / "examples" / "vault")]
    silent = 0
    with tempfile.TemporaryDirectory(prefix="vaultkit-cachedamage-") as tmp:
        if ns.generated:
            from benchmarks.genvault import main as generate

            gen = Path(tmp) / "generated"
            people, days = str(ns.generated * 3 // 10), str(ns.generated * 6 // 10)
            generate([str(gen), "--people", people, "--days", days, "--seed", "1"])
            vaults.append((f"a generated vault of {ns.generated} notes", gen))
        for name, source in vaults:
            work = Path(tmp) / "work"
            shutil.rmtree(work, ignore_errors=True)
            flipped, cut, size = damage_run(source, work, ns.flips, ns.cuts, ns.seed)
            print(f"{name} (a cache of {size} bytes):")
            print("  " + flipped.line("bit flips"))
            print("  " + cut.line("cut short"))
            for example in (flipped.examples + cut.examples)[:10]:
                print(f"    {example}")
            silent += flipped.silently_wrong + cut.silently_wrong + flipped.crashed + cut.crashed
    return 1 if silent else 0


if __name__ == "__main__":
    sys.exit(main())
