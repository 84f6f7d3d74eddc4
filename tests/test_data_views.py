"""The database's views for people to query (`people`, `interactions`, `followups`): what
the view holds, in stable columns, and rewritten only for the people a change touched."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from vaultkit.session.sync import Vault, sync
from vaultkit.store import cache_file

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(conn.execute(sql).fetchall(), key=repr)
    finally:
        conn.close()


def _views(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "people": _query(path, "SELECT path, name, aliases, tags, circles, cadence, "
                         "cadence_days, birthday, archived FROM people"),
        "interactions": _query(path, "SELECT person, date, note, line, text FROM interactions"),
        "followups": _query(path, "SELECT person, note, line, text, due FROM followups"),
    }  # fmt: skip


def _synced(tmp_path: Path, name: str) -> tuple[Path, Path]:
    vault = tmp_path / name
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = cache_file.cache_file(vault, tmp_path / f"{name}.cache")
    for _ in range(2):
        sync(Vault(vault, cache_path=path), TODAY)
    return vault, path


def test_the_views_hold_what_the_view_holds(tmp_path: Path) -> None:
    vault, path = _synced(tmp_path, "v")
    view = Vault(vault).view()
    got = _views(path)
    assert [row[0] for row in got["people"]] == sorted(view.people, key=repr)
    for row in got["people"]:
        person = view.people[row[0]]
        assert row[1] == person.name and json.loads(row[3]) == list(person.tags)
        assert row[6] == person.cadence_days and row[8] == int(person.archived)
    expected = sorted(
        ((i.person, i.date.isoformat(), i.note, i.line, i.text)
         for items in view.interactions.values() for i in items),
        key=repr,
    )  # fmt: skip
    assert got["interactions"] == expected and len(expected) > 50
    followups = sorted(
        ((f.person, f.source, f.line, f.text, f.due.isoformat() if f.due else None)
         for items in view.followups.values() for f in items),
        key=repr,
    )  # fmt: skip
    assert got["followups"] == followups and followups


def test_a_change_rewrites_only_the_rows_of_the_people_it_touched(tmp_path: Path) -> None:
    vault, path = _synced(tmp_path, "v")
    rowids = "SELECT person, rowid FROM interaction_rows"
    before = _query(path, rowids)
    with open(vault / "Daily" / "2026-11-24.md", "a", encoding="utf-8") as fh:
        fh.write("\nLong call with [[Sam Rivera]].\n")
    sync(Vault(vault, cache_path=path), TODAY)
    after = _query(path, rowids)
    moved = {who for who, _ in set(before) ^ set(after)}
    assert moved == {"People/Sam Rivera.md"}, moved
    # and the views are those of a database made from scratch
    fresh = tmp_path / "fresh.sqlite"
    sync(Vault(vault, cache_path=fresh), TODAY)
    assert _views(path) == _views(fresh)
    assert ("People/Sam Rivera.md", "2026-11-24", "Daily/2026-11-24.md") in {
        row[:3] for row in _views(path)["interactions"]
    }
