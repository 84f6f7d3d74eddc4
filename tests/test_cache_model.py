"""Random edit sequences on a real vault: a sync that starts from the cache (restored view,
cached rows, notes still encoded) must write exactly what a sync without any cache writes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import vaultkit.session.pool as pool
from vaultkit.session.sync import Vault, sync
from vaultkit.store import cache_file

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)


def _append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def _swap_names(root: Path, old: str, new: str) -> None:
    """A person renamed on disk (and back): links to the old name stop resolving."""
    a, b = root / old, root / new
    if a.exists():
        os.replace(a, b)
    elif b.exists():
        os.replace(b, a)


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    note = root / rel
    if note.exists():
        note.write_text(note.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _touch(root: Path, rel: str) -> None:
    """Same bytes, new mtime."""
    note = root / rel
    if note.exists():
        st_ = note.stat()
        os.utime(note, ns=(st_.st_atime_ns, st_.st_mtime_ns + 5_000_000_000))


def _new_person(root: Path) -> None:
    """A new person whose name an earlier note already links."""
    _append(root, "Daily/2026-11-21.md", "\nMet [[Zoe Park]] at the climbing gym.\n")
    _append(root, "People/Zoe Park.md", "---\ncadence: monthly\n---\n# Zoe Park\n")


def _new_alias(root: Path) -> None:
    """A new alias that a link already written (or written now) uses."""
    _replace(root, "People/Nora Lindqvist.md", "---\n", "---\naliases: [Nono]\n")
    _append(root, "Daily/2026-11-22.md", "\nWalk with [[Nono]].\n")


def _mia_comes_and_goes(root: Path) -> None:
    """A person note named like a relative written as plain text (`children: [Mia]`)."""
    note = root / "People" / "Mia.md"
    if note.exists():
        note.unlink()
    else:
        _append(root, "People/Mia.md", "---\ncadence: monthly\n---\n# Mia\n")


# Edits a day of writing brings, and the ones that re-route other notes' links.
EDITS: list[Callable[[Path], None]] = [
    lambda r: _append(r, "Daily/2026-11-24.md", "\nLunch with [[Sam Rivera]] and [[Maya]].\n"),
    lambda r: _append(r, "Daily/2026-11-25.md", "- [ ] call [[Jane Doe]] 📅 2026-11-30\n"),
    lambda r: (r / "Daily" / "2026-11-23.md").unlink(missing_ok=True),
    # a second note named like a person: [[Ben Carter]] becomes ambiguous, and back
    lambda r: _append(r, "Work/Ben Carter.md", "Ben's project page.\n"),
    lambda r: (r / "Work" / "Ben Carter.md").unlink(missing_ok=True),
    lambda r: _swap_names(r, "People/Leo Martins.md", "People/Leonardo Martins.md"),
    _new_alias,
    _new_person,
    lambda r: (r / "People" / "Zoe Park.md").unlink(missing_ok=True),
    lambda r: _replace(r, "People/Sam Rivera.md", "cadence: weekly", "cadence: 3d"),
    lambda r: _touch(r, "Daily/2026-11-20.md"),
    lambda r: _append(r, "Ideas/Gifts.md", "\n- [ ] ask [[Aisha Bello]] about the book\n"),
    # ways to help, circles and drifting (issues 12 and 13)
    lambda r: _append(r, "Daily/2026-11-24.md", "\n[[Maya]] is looking for a flat #ask/housing\n"),
    lambda r: _replace(
        r, "People/Jane Doe.md", "cadence: monthly", "cadence: monthly\noffers: [housing]"
    ),
    lambda r: _replace(
        r, "Daily/2026-11-22.md", "- [[Sam Rivera]] asked", "- [x] [[Sam Rivera]] asked"
    ),
    lambda r: _replace(
        r, "vaultkit.toml", 'close-friends = "every 2-3 weeks"', 'close-friends = "5d"'
    ),
    lambda r: _replace(r, "People/Ben Carter.md", "circle: close-friends\n", ""),
    lambda r: _replace(r, "People/Lucas Ferreira.md", "- 2026-09-13", "- 2026-11-13"),
    lambda r: _replace(r, "Climbing/Diego Alvarez.md", "offers: [climbing", "offers: [bouldering"),
    # gift ideas (§17): a new one elsewhere, one given (checked off), one untagged
    lambda r: _append(r, "Daily/2026-11-24.md", "\n- [[Maya]] wants a ceramic teapot #gift\n"),
    lambda r: _replace(r, "People/Leo Martins.md", "- A cast-iron pot", "- [x] A cast-iron pot"),
    lambda r: _replace(r, "People/Maya Chen.md", " #gift/books", ""),
    # dates that matter (§16): one moved, two added (on people with a block), one made impossible
    lambda r: _replace(
        r, "People/Ben Carter.md", "anniversary: 2016-11-28", "anniversary: 2016-11-26"
    ),
    lambda r: _replace(
        r,
        "People/Sam Rivera.md",
        "{first race together: --12-08}",
        "{first race together: --11-27, moved in: 2020-11-29}",
    ),
    lambda r: _replace(
        r,
        "People/Maya Chen.md",
        "birthday: 1991-12-03\n",
        "birthday: 1991-12-03\ndates: {started at Acme: 2019-11-26}\n",
    ),
    lambda r: _replace(r, "People/Jane Doe.md", ": 2016-12-07", ": 2016-02-30"),
    # relations (§15): added (a link, a name, plain text), changed, removed; the person a
    # plain name names comes and goes; the other side renamed (Sam's block shows Diego)
    lambda r: _replace(r, "People/Jane Doe.md", "---\n", "---\nchildren: [Sam Rivera, Mia]\n"),
    lambda r: _replace(
        r, "People/Sam Rivera.md", 'introduced_by: "[[Diego Alvarez]]"', "met_through: Rafa"
    ),
    lambda r: _replace(r, "People/Ben Carter.md", 'partner: "[[Jane Doe]]"\n', ""),
    _mia_comes_and_goes,
    lambda r: _replace(r, "Climbing/Diego Alvarez.md", "---\n", "---\nname: Diego A.\n"),
    lambda r: _replace(r, "People/Sam Rivera.md", "---\n", "---\nkids: [Mia]\n"),
]


def _rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        tables = ("notes", "parts", "kept_rows", "blocks", "sections")
        return sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        conn.close()


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.md"))
        if ".obsidian" not in p.parts
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.tuples(st.integers(0, len(EDITS) - 1), st.integers(0, 3)), min_size=1, max_size=8),
    st.booleans(),
)
# One step that changes a setting and the day: the view is rebuilt, a block rewritten; the
# notes' rows are kept
@example(steps=[(15, 1)], pooled=False)
# relations (§15) on both sides, a relative's note come and gone, the other side renamed
@example(steps=[(22, 0), (26, 0), (24, 0), (27, 0), (25, 0), (25, 1), (23, 1)], pooled=False)
def test_cached_syncs_write_what_uncached_syncs_write(
    steps: list[tuple[int, int]], pooled: bool
) -> None:
    """Three vaults get the same edits: one synced by a new session each time from the cache
    (a new process), one by a single session that lives on (the watcher's way, saving its own
    cache as it goes), one with no cache at all. All three must write the same bytes. Each
    save writes only the rows whose value is not the one loaded (the store's fast path), so
    every sync of the cached side keeps most rows as they were. `pooled`: the cached side
    reads and derives in worker processes wherever a big vault would (its first sync; a sync
    after a config change, which keeps the notes and not the view), so the cache holds the
    view the workers made."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        pytest.MonkeyPatch.context() as mp,
    ):
        work = Path(tmp)
        cached, plain, lived = work / "cached", work / "plain", work / "lived"
        for target in (cached, plain, lived):
            shutil.copytree(ROOT / "examples" / "vault", target)
        path = cache_file.cache_file(cached, work / "cache")

        def sync_cached(day: date) -> tuple[int, int]:
            """A sync of the cached side; returns the rows its save wrote, and the rows the
            database holds."""
            if pooled:
                mp.setattr(pool, "PARALLEL_MIN", 10)
                mp.setattr(pool, "can_fork", lambda: True)
            fresh = Vault(cached, cache_path=path)
            sync(fresh, day)
            mp.undo()
            written = fresh.store.source.written if fresh.store.source else 0
            return written, _rows(path)

        sync_cached(TODAY)
        sync(Vault(plain), TODAY)
        session = Vault(lived, cache_path=cache_file.cache_file(lived, work / "cache"))
        sync(session, TODAY)
        for step, days in steps:
            settings_before = (lived / "vaultkit.toml").read_bytes()
            for target in (cached, plain, lived):
                EDITS[step](target)
            if (lived / "vaultkit.toml").read_bytes() != settings_before:  # as `watch` does
                session = Vault(lived, cache_path=cache_file.cache_file(lived, work / "cache"))
            day = TODAY + timedelta(days=days)
            written, rows = sync_cached(day)
            # One step touches a few notes and people (or, a setting changed, the view): the
            # save writes those rows and keeps the rest as they were
            assert written < rows, (step, days, written, rows)
            sync(Vault(plain), day)
            sync(session, day)
            assert _snapshot(cached) == _snapshot(plain), (step, days)
            assert _snapshot(lived) == _snapshot(plain), (step, days, "a session that lives on")
