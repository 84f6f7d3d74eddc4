"""The database's views for people to query (`people`, `issues` and each kind's views,
declared in `core/kinds.py`): what the view holds, in stable columns, and rewritten only for
the people a change touched."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from test_kinds import TOYS as BARE_TOYS
from test_kinds import Toy
from vaulthelp import invoke, make_vault, vk

from vaultkit.core import kinds
from vaultkit.session.sync import Vault, sync
from vaultkit.store import cache_file, data_views

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
    rowids = "SELECT person, rowid FROM interactions_rows"
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


SMALL = {
    "People/Ann.md": '---\ncadence: weekly\npartner: "[[Bob]]"\nbirthday: 1990-04-12\n---\n'
    "- a kite #gift\n- a plumber for the flat #ask/plumbing\n",
    "People/Bob.md": "---\ncadence: monthly\nbirthday: 13/45\n---\n"
    "Can teach guitar. #offer/music\n",
    "Daily/2026-11-20.md": "## Log\n- lunch with [[Ann]]\n"
    "- [ ] call [[Bob]] about the trip 📅 2026-12-01\n- something #ask/\n",
}
ANN, BOB, DAILY = "People/Ann.md", "People/Bob.md", "Daily/2026-11-20.md"


def _cli_db(tmp_path: Path, vault: Path) -> Path:
    """Sync through the CLI, then the database `vaultkit db path` names."""
    folder = str(tmp_path / "cache")
    result = vk(vault, "sync", "--cache-dir", folder)
    assert result.exit_code in (0, 1), result.output
    found = invoke(["db", "path", "--vault", str(vault), "--cache-dir", folder])
    return Path(found.stdout.strip())


def _table(path: Path, view: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        cursor = conn.execute(f"SELECT * FROM {view}")
        rows = sorted(cursor.fetchall(), key=repr)
        return [d[0] for d in cursor.description], rows
    finally:
        conn.close()


def test_every_view_has_its_documented_columns_and_rows(tmp_path: Path) -> None:
    db = _cli_db(tmp_path, make_vault(tmp_path, SMALL))
    got = {
        view: _table(db, view)
        for view in ("interactions", "followups", "asks", "offers", "gifts", "relations", "issues")
    }
    assert got == {
        "interactions": (
            ["person", "date", "note", "line", "text"],
            [(ANN, "2026-11-20", DAILY, 2, "lunch with [[Ann]]")],
        ),
        "followups": (
            ["person", "note", "line", "text", "due"],
            [(BOB, DAILY, 3, "call [[Bob]] about the trip 📅 2026-12-01", "2026-12-01")],
        ),
        "asks": (
            ["person", "topic", "text", "note", "line", "date", "front_matter"],
            [(ANN, "plumbing", "a plumber for the flat #ask/plumbing", ANN, 7, None, 0)],
        ),
        "offers": (
            ["person", "topic", "text", "note", "line", "date", "front_matter"],
            [(BOB, "music", "Can teach guitar. #offer/music", BOB, 5, None, 0)],
        ),
        "gifts": (
            ["person", "text", "date", "note", "line"],
            [(ANN, "a kite #gift", None, ANN, 6)],
        ),
        "relations": (
            ["person", "relation", "name", "other", "derived", "note", "line"],
            [(ANN, "partner", "Bob", BOB, 0, ANN, 3), (BOB, "partner", "Ann", ANN, 1, ANN, 3)],
        ),
        "issues": (["kind", "note", "line", "message"], got["issues"][1]),
    }
    assert [row[:3] for row in got["issues"][1]] == [
        ("bad-ask", DAILY, 4),
        ("bad-birthday", BOB, 3),
    ]
    names, people = _table(db, "people")
    assert names[:2] == ["path", "name"] and [row[:2] for row in people] == [
        (ANN, "Ann"),
        (BOB, "Bob"),
    ]


def test_one_note_changed_rewrites_only_its_rows_in_every_view(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, SMALL)
    db = _cli_db(tmp_path, vault)
    tables = {t: "path" if t == "person_rows" else "note" if t == "issue_rows" else "person"
              for t in data_views.tables()}  # fmt: skip
    conn = sqlite3.connect(db)  # every row the next sync writes is logged, by its key
    with conn:
        conn.execute("CREATE TABLE written (tab TEXT, key TEXT)")
        for table, key in tables.items():
            conn.execute(
                f"CREATE TRIGGER log_{table} AFTER INSERT ON {table} "
                f"BEGIN INSERT INTO written VALUES ('{table}', NEW.{key}); END"
            )
    conn.close()
    with open(vault / ANN, "a", encoding="utf-8") as fh:
        fh.write("- a scarf #gift\n")
    assert _cli_db(tmp_path, vault) == db
    written = _query(db, "SELECT tab, key FROM written")
    # Ann's two gift ideas and her person row; none of Bob's rows, nor the daily note's
    assert written == [("gifts_rows", ANN), ("gifts_rows", ANN), ("person_rows", ANN)]
    # and the views are those of a database made from scratch
    fresh = _cli_db(tmp_path / "fresh", vault)
    for view in ("people", "interactions", "asks", "gifts", "relations", "issues"):
        assert _table(db, view) == _table(fresh, view)


# test_kinds.py's toy kind (`#toy` lines), declared here with a view as well
TOYS: kinds.Kind[Toy] = dataclasses.replace(
    BARE_TOYS,
    rows=kinds.Rows(
        (kinds.column("text", "TEXT NOT NULL"), kinds.column("note", "TEXT NOT NULL", "source")),
        (kinds.View("toys"),),
    ),
)


def test_a_kind_declared_with_a_view_is_queryable_with_no_other_edit(tmp_path: Path) -> None:
    files = {**SMALL, "Daily/2026-11-21.md": "## Log\n- a yo-yo for [[Bob]] #toy\n"}
    with kinds.declared(TOYS):
        db = _cli_db(tmp_path, make_vault(tmp_path, files))
    assert _table(db, "toys") == (
        ["person", "text", "note"],
        [(BOB, "a yo-yo for [[Bob]] #toy", "Daily/2026-11-21.md")],
    )
