"""A damaged cache database gives a warning and the pages of a clean run, never wrong pages."""

from __future__ import annotations

import marshal
import os
import shutil
import signal
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.cachedamage import damage_run, put, settle
from vaultkit import api
from vaultkit.session.sync import Vault, sync
from vaultkit.store import database

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".vaultkit-manifest.json"
    }


def _run(root: Path, path: Path | None, day: date) -> list[str]:
    vault = api.Vault(root, day, path)
    vault.sync()
    return vault.warnings


def _edit(root: Path) -> None:
    with open(root / "Daily" / "2026-11-24.md", "a", encoding="utf-8") as fh:
        fh.write("\n- Called [[Sam Rivera]] about the trip.\n")


@pytest.mark.parametrize("occurrence", [0, 1, 2, 3])
def test_a_flipped_bit_in_a_word_is_never_a_wrong_page(tmp_path: Path, occurrence: int) -> None:
    """The attack's case: "He would love someone" became "He would love(someone" on
    Reach out.md for every later sync, with no warning. The words are in the cache four
    times (the note's facts, the view's lists, a kept row, and the `asks` view's plain row,
    which vaultkit never reads); damage in each is caught or harmless."""
    vault, reference = tmp_path / "a" / "v", tmp_path / "b" / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = tmp_path / "cache.sqlite"
    for _ in range(2):
        assert _run(vault, path, TODAY) == []
    shutil.copytree(vault, reference)
    data = settle(path)
    spots = [i for i in range(len(data)) if data.startswith(b"love someone", i)]
    assert len(spots) == 4, "the words are where the test expects them"
    at = spots[occurrence] + len(b"love")
    put(path, data[:at] + b"(" + data[at + 1 :])
    conn = sqlite3.connect(path)
    facts = conn.execute("SELECT facts FROM notes WHERE path = 'People/Oli Tan.md'").fetchone()
    in_view = conn.execute("SELECT count(*) FROM needs_rows WHERE text LIKE '%love(someone%'")
    in_plain = in_view.fetchone()[0] > 0  # a copy for people to query: no page reads it
    conn.close()
    in_facts = b"love(someone" in facts[0]
    _edit(vault)
    _edit(reference)
    warnings = _run(vault, path, TODAY + timedelta(1))
    _run(reference, None, TODAY + timedelta(1))
    assert _files(vault) == _files(reference)
    if in_facts or in_plain:  # a row no read needs: left alone until read (the test below)
        assert warnings == []
    else:
        assert len(warnings) == 1 and "damaged" in warnings[0], warnings
    _edit(vault)  # and the cache written after it is whole again
    _edit(reference)
    assert _run(vault, path, TODAY + timedelta(2)) == []
    _run(reference, None, TODAY + timedelta(2))
    assert _files(vault) == _files(reference)


def test_damaged_facts_no_read_needs_are_left_alone_until_read(tmp_path: Path) -> None:
    """Damage in a note's facts that this run does not decode costs nothing (its row is not
    written again: the pages are right, nothing is said); the run that decodes it says so
    once, gives the pages of a clean run, and leaves a whole database."""
    vault, reference = tmp_path / "a" / "v", tmp_path / "b" / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = tmp_path / "cache.sqlite"
    for _ in range(2):
        _run(vault, path, TODAY)
    shutil.copytree(vault, reference)
    conn = sqlite3.connect(path)
    blob = conn.execute("SELECT facts FROM notes WHERE path = 'People/Oli Tan.md'").fetchone()[0]
    at = blob.index(b"love someone")
    with conn:
        conn.execute(
            "UPDATE notes SET facts = ? WHERE path = 'People/Oli Tan.md'",
            (blob[:at] + b"L" + blob[at + 1 :],),
        )
    conn.close()
    _edit(vault)
    _edit(reference)
    assert _run(vault, path, TODAY) == []
    _run(reference, None, TODAY)
    assert _files(vault) == _files(reference)
    conn = sqlite3.connect(path)
    assert (
        conn.execute("SELECT facts FROM notes WHERE path = 'People/Oli Tan.md'").fetchone()[0]
        != blob
    )
    with conn:  # the view gone: the next run decodes every note
        conn.execute("DELETE FROM meta WHERE name = 'derived'")
    conn.close()
    again = Vault(vault, cache_path=path)
    sync(again, TODAY)  # the same day: no block moves, Oli Tan's note is not read again
    sync(Vault(reference), TODAY)
    assert len(again.warnings) == 1 and "damaged" in again.warnings[0], again.warnings
    assert _files(vault) == _files(reference)
    quiet = Vault(vault, cache_path=path)
    sync(quiet, TODAY)
    assert quiet.warnings == []


def test_the_cache_damage_run_finds_no_silently_wrong_page(tmp_path: Path) -> None:
    """A small `benchmarks/cachedamage.py` run (a fixed seed): a bit flipped or the file cut
    short at random, then syncs compared with syncs without a cache."""
    flipped, cut, _size = damage_run(ROOT / "examples" / "vault", tmp_path, 20, 20, seed=7)
    for tally in (flipped, cut):
        assert tally.trials == 20
        assert (tally.silently_wrong, tally.crashed, tally.repeated) == (0, 0, 0), tally.examples
    assert cut.warned == 20  # every cut is seen (the last frame's end is the file's)
    # many flips land in what no sync reads (a page's free space, an index's copy of a key)
    # (4 of these 20 at 437a0d9, where `>= 5` already failed: the database's free pages and
    # index copies are most of its 230 KB; the point is that some flips are found at all)
    assert flipped.warned >= 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and alarms are POSIX")
def test_a_named_pipe_at_the_cache_path_is_no_cache_never_a_hang(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    expected = tmp_path / "e"
    shutil.copytree(vault, expected)
    _run(expected, None, TODAY)
    path = tmp_path / "cache.sqlite"
    os.mkfifo(path)

    def hung(*_args: object) -> None:
        raise TimeoutError("waited on the named pipe")

    signal.signal(signal.SIGALRM, hung)  # a blocking open waits for a writer forever
    signal.alarm(20)
    try:
        assert database.load_extra(path) is None  # the no-op check: not a cache
        warnings = _run(vault, path, TODAY)
    finally:
        signal.alarm(0)
    assert len(warnings) == 1 and "named pipe" in warnings[0], warnings
    assert _files(vault) == _files(expected)


def test_a_database_found_damaged_is_made_anew_not_written_over(tmp_path: Path) -> None:
    """Rows written over a damaged database could leave the damage where SQLite does not look
    (an index's copy of a key: the next run warned again). So the save after a warning makes
    the database anew: its generation starts again, and the next run has nothing to say."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = tmp_path / "cache.sqlite"
    for _ in range(3):
        _run(vault, path, TODAY)
    conn = sqlite3.connect(path)
    blob = conn.execute("SELECT value FROM meta WHERE name = 'extra'").fetchone()[0]
    with conn:
        conn.execute("UPDATE meta SET value = ? WHERE name = 'extra'", (blob[:-1] + b"\x00",))
    conn.close()
    _edit(vault)
    warnings = _run(vault, path, TODAY)
    assert len(warnings) == 1 and "damaged" in warnings[0], warnings
    conn = sqlite3.connect(path)
    generation = conn.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()[0]
    conn.close()
    assert generation == database._seal("generation", marshal.dumps(1))
    assert _run(vault, path, TODAY + timedelta(1)) == []
