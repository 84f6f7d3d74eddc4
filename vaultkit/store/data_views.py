"""The database's read-only views for people to query: `people`, `issues`, and each kind's
views as the registry declares them (`Kind.rows`: `interactions`, `followups`, `asks`, ...).

Why tables of plain columns beside the cache's own rows: the cache keeps vaultkit's encoding
(marshal blobs), which no `SELECT` can read. These tables are written by the same save, in the
same transaction, and only for the people whose rows changed (the save knows which: `changed`),
so a one-note change rewrites a few people's rows. Their column names are a documented contract
(README, "Your data in SQLite"); a new column is added, none renamed. The views are what users
are told to read; the tables behind them (`*_rows`) may change with the schema's version.
A new kind's view is its declaration in `core/kinds.py`: nothing here names a kind.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from ..core.lazy_lists import Later

if TYPE_CHECKING:  # the registry is imported when a view is made or written, not with the
    from ..core.kinds import Rows  # database (a no-op sync reads only its summary)

PEOPLE = """
CREATE TABLE IF NOT EXISTS person_rows (
    path TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, tags TEXT NOT NULL,
    circles TEXT NOT NULL, cadence TEXT, cadence_days INTEGER, birthday TEXT,
    archived INTEGER NOT NULL);
CREATE VIEW IF NOT EXISTS people AS SELECT path, name, aliases, tags, circles, cadence,
    cadence_days, birthday, archived FROM person_rows;
CREATE TABLE IF NOT EXISTS issue_rows (
    note TEXT NOT NULL, line INTEGER, kind TEXT NOT NULL, message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS issue_rows_note ON issue_rows (note);
CREATE VIEW IF NOT EXISTS issues AS SELECT kind, note, line, message FROM issue_rows;
"""
FIXED = ("person_rows", "issue_rows")


def _queried() -> list[tuple[str, Rows]]:
    """(table, rows) of every kind that declares its view(s), in `KINDS` order."""
    from ..core import kinds

    return [(f"{k.name}_rows", k.rows) for k in kinds.KINDS if k.rows is not None]


def schema() -> str:
    """The statements that make every view's table, index and views, read from the registry
    when called (so a kind declared for a test has its view)."""
    out = [PEOPLE]
    names = {"people", "issues"}
    for table, rows in _queried():
        columns = ", ".join(f"{c.name} {c.sql}" for c in rows.columns)
        out.append(f"CREATE TABLE IF NOT EXISTS {table} (person TEXT NOT NULL, {columns});\n")
        out.append(f"CREATE INDEX IF NOT EXISTS {table}_person ON {table} (person);\n")
        for view in rows.views:
            if view.name in names or not view.name.isidentifier():
                raise ValueError(f"a view's name is taken or not a name: {view.name!r}")
            names.add(view.name)
            shown = ["person", *(c.name for c in rows.columns if view.where is None
                                 or c.name != view.where[0])]  # fmt: skip
            value = view.where[1].replace("'", "''") if view.where else ""
            where = f" WHERE {view.where[0]} = '{value}'" if view.where else ""
            out.append(
                f"CREATE VIEW IF NOT EXISTS {view.name} AS SELECT {', '.join(shown)} "
                f"FROM {table}{where};\n"
            )
    return "".join(out)


def tables() -> tuple[str, ...]:
    """The tables behind the views: emptied when the whole view is written again."""
    return (*FIXED, *(table for table, _ in _queried()))


def add_missing(conn: sqlite3.Connection) -> None:
    """Make the views of kinds declared since the database was made (a test's toy kind; a
    kind added by a code change also moves the view's key, so all its rows are written)."""
    have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if not set(tables()) <= have:
        for statement in schema().split(";"):
            if statement.strip():
                conn.execute(statement)


Changed = Mapping[str, tuple[list[str], list[str]]]  # section -> (keys written, keys deleted)


def _plain(value: Any) -> Any:
    return value.get() if isinstance(value, Later) else value


class Decoded:
    """One save's sections, each value decoded once for every table written from it: a save
    that writes every person (the first, or after an upgrade) reads each person's entry and
    lists for the views and for the question keys (`answers`) alike. Raises what a value that
    does not decode raises; the writers skip that person."""

    def __init__(self, sections: Mapping[str, Mapping[str, Any]]) -> None:
        self.sections = sections
        self._memo: dict[tuple[str, str], Any] = {}

    def items(self, kind: Any, who: str) -> list[Any]:
        """A person's list of `kind` (empty when they have none)."""
        key = (kind.name, who)
        if key not in self._memo:
            held = self.sections.get(kind.name, {})
            self._memo[key] = kind.decode(who, _plain(held[who])) if who in held else []
        found: list[Any] = self._memo[key]
        return found

    def entry(self, path: str) -> Any:
        """A note's `PersonNote` (KeyError: the note has no entry)."""
        from ..engine.encoding import entry_from

        key = ("entries", path)
        if key not in self._memo:
            self._memo[key] = entry_from(path, _plain(self.sections["entries"][path]))
        return self._memo[key]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _birthday(value: tuple[int | None, int, int] | None) -> str | None:
    """`1990-04-12`, or `--04-12` without a year (as written in a note)."""
    if value is None:
        return None
    year, month, day = value
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


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
    decoded: Decoded | None = None,
) -> int:
    """The rows of the people, and of their lists, that this save changed; returns how many
    rows it wrote. `before`: the sections as loaded (empty when everything is written)."""
    from ..core import kinds

    decoded = decoded if decoded is not None else Decoded(sections)

    written = 0
    for kind in kinds.KINDS:
        if kind.rows is None:
            continue
        table, getters = f"{kind.name}_rows", [c.get for c in kind.rows.columns]
        new, gone = changed.get(kind.name, ([], []))
        conn.executemany(f"DELETE FROM {table} WHERE person = ?", [(k,) for k in [*new, *gone]])
        rows = []
        for who in new:
            try:
                items = decoded.items(kind, who)
            except Exception:  # a list that does not decode: the run that reads it rebuilds
                continue  # the view (one warning), and its save writes these rows again
            rows += [(who, *[get(item) for get in getters]) for item in items]
        marks = ", ".join("?" * (len(getters) + 1))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        written += len(rows)
    written += _issues(conn, sections, changed, decoded)
    return written + _people(conn, sections, before, changed, decoded)


def _issues(
    conn: sqlite3.Connection,
    sections: Mapping[str, Mapping[str, Any]],
    changed: Changed,
    decoded: Decoded,
) -> int:
    """The issues of the notes whose saved issues (`issues`: a note's contribution's) or
    person entry (`entries`: its front matter's) changed."""
    from ..engine.encoding import ISSUE

    paths: set[str] = set()
    for name in ("issues", "entries"):
        new, gone = changed.get(name, ([], []))
        paths.update(new, gone)
    todo = sorted(paths)
    conn.executemany("DELETE FROM issue_rows WHERE note = ?", [(p,) for p in todo])
    noted, entries = sections.get("issues", {}), sections.get("entries", {})
    rows = []
    for path in todo:
        try:
            found = [ISSUE.decode(i, path) for i in _plain(noted.get(path, ()))]
            if path in entries:
                found += decoded.entry(path).issues
        except Exception:  # as for a list above
            continue
        rows += [(path, i.line, i.kind, i.message) for i in found]
    conn.executemany("INSERT INTO issue_rows VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def _people(
    conn: sqlite3.Connection,
    sections: Mapping[str, Mapping[str, Any]],
    before: Mapping[str, Mapping[str, Any]],
    changed: Changed,
    decoded: Decoded,
) -> int:
    view = tuple(sections.get("people", {}).get("view", ()))
    old_view = before.get("people", {}).get("view")
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
            person = decoded.entry(path).person
        except Exception:  # as for a list above
            continue
        if person is not None:
            rows.append(_person(path, person))
    conn.executemany("INSERT INTO person_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
