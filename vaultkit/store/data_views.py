"""The database's read-only views for people to query: `people`, `interactions`, `followups`.

Why tables of plain columns beside the cache's own rows: the cache keeps vaultkit's encoding
(marshal blobs), which no `SELECT` can read. These tables are written by the same save, in the
same transaction, and only for the people whose rows changed (the save knows which: `changed`),
so a one-note change rewrites a few people's rows. Their column names are a documented contract
(README, "Your data in SQLite"); a new column is added, none renamed. The views are what users
are told to read; the tables behind them (`*_rows`) may change with the schema's version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..core.lazy_lists import Later

SCHEMA = """
CREATE TABLE person_rows (
    path TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, tags TEXT NOT NULL,
    circles TEXT NOT NULL, cadence TEXT, cadence_days INTEGER, birthday TEXT,
    archived INTEGER NOT NULL);
CREATE TABLE interaction_rows (
    person TEXT NOT NULL, date TEXT NOT NULL, note TEXT NOT NULL, line INTEGER,
    text TEXT NOT NULL);
CREATE INDEX interaction_rows_person ON interaction_rows (person);
CREATE TABLE followup_rows (
    person TEXT NOT NULL, note TEXT NOT NULL, line INTEGER NOT NULL, text TEXT NOT NULL,
    due TEXT);
CREATE INDEX followup_rows_person ON followup_rows (person);
CREATE VIEW people AS SELECT path, name, aliases, tags, circles, cadence, cadence_days,
    birthday, archived FROM person_rows;
CREATE VIEW interactions AS SELECT person, date, note, line, text FROM interaction_rows;
CREATE VIEW followups AS SELECT person, note, line, text, due FROM followup_rows;
"""
TABLES = ("person_rows", "interaction_rows", "followup_rows")

Changed = Mapping[str, tuple[list[str], list[str]]]  # section -> (keys written, keys deleted)


def _plain(value: Any) -> Any:
    return value.get() if isinstance(value, Later) else value


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _birthday(value: tuple[int | None, int, int] | None) -> str | None:
    """`1990-04-12`, or `--04-12` without a year (as written in a note)."""
    if value is None:
        return None
    year, month, day = value
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


def _interaction(item: Any) -> tuple[Any, ...]:
    return (item.person, item.date.isoformat(), item.note, item.line, item.text)


def _followup(item: Any) -> tuple[Any, ...]:
    return (item.person, item.source, item.line, item.text, _day(item.due))


def _person(path: str, person: Any) -> tuple[Any, ...]:
    return (
        path,
        person.name,
        json.dumps(list(person.aliases), ensure_ascii=False),
        json.dumps(list(person.tags), ensure_ascii=False),
        json.dumps(list(person.circles), ensure_ascii=False),
        person.cadence_text,
        person.cadence_days,
        _birthday(person.birthday),
        int(person.archived),
    )


def write(
    conn: sqlite3.Connection,
    sections: Mapping[str, Mapping[str, Any]],
    before: Mapping[str, Mapping[str, Any]],
    changed: Changed,
) -> int:
    """The rows of the people, and of their lists, that this save changed; returns how many
    rows it wrote. `before`: the sections as loaded (empty when everything is written)."""
    from ..core.kinds import FOLLOWUPS, INTERACTIONS

    written = 0
    for kind, table, row in (
        (INTERACTIONS, "interaction_rows", _interaction),
        (FOLLOWUPS, "followup_rows", _followup),
    ):
        new, gone = changed.get(kind.name, ([], []))
        values = sections.get(kind.name, {})
        conn.executemany(f"DELETE FROM {table} WHERE person = ?", [(k,) for k in [*new, *gone]])
        rows = []
        for who in new:
            try:
                items = kind.decode(who, _plain(values[who]))
            except Exception:  # a list that does not decode: the run that reads it rebuilds
                continue  # the view (one warning), and its save writes these rows again
            rows += [row(item) for item in items]
        conn.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
        written += len(rows)
    return written + _people(conn, sections, before, changed)


def _people(
    conn: sqlite3.Connection,
    sections: Mapping[str, Mapping[str, Any]],
    before: Mapping[str, Mapping[str, Any]],
    changed: Changed,
) -> int:
    from ..engine.encoding import entry_from

    view = tuple(sections.get("people", {}).get("view", ()))
    old_view = before.get("people", {}).get("view")
    entries = sections.get("entries", {})
    if old_view is None or tuple(old_view) != view:  # who is a person changed: all of them
        conn.execute("DELETE FROM person_rows")
        todo = list(view)
    else:
        new, gone = changed.get("entries", ([], []))
        conn.executemany("DELETE FROM person_rows WHERE path = ?", [(k,) for k in [*new, *gone]])
        people = set(view)
        todo = [path for path in new if path in people]
    rows = []
    for path in todo:
        try:
            person = entry_from(path, entries[path]).person
        except Exception:  # as for a list above
            continue
        if person is not None:
            rows.append(_person(path, person))
    conn.executemany("INSERT INTO person_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
