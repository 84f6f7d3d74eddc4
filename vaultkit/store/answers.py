"""Answers that cost what they answer: the people a question can be about, picked by indexed
columns, and a view that reads only their rows (issue 24).

Why: restoring the whole view (every note's stamp and part, every person) before answering
`show NAME` made a question cost the vault. Instead, each save also writes a few keys per
person, in the same transaction and only for the people whose rows changed:
- `person_keys`: their newest contact (`newest`), the first day they can be due or inside
  their window when nobody is seen again (`soonest`: newest + the shorter of cadence and
  window; 0 for someone with a cadence and no contact yet), their earliest follow-up due date
  (`promise`), and, for someone with no cadence at all, the newest contact again (`drift`);
- `name_keys`: every name, alias and file name, folded as `show NAME` compares them;
- `day_keys`: the month and day (`MMDD`) of their birthday, their other dates and their
  relatives' birthdays.
A question asks for a superset of the people its answer can name (`Rows.overdue`, ...), and
the reports run unchanged on a view of just those people (`Rows.view`): iterating `people`
gives only them, and any other person, list or section is read when looked up (a section's
rows for all of the question's people in a few SELECTs).
So the answer is the full view's answer by construction, as long as each superset holds; each
query's docstring says why it does, and `tests/test_answers_differential.py` checks answers
against the full view on random vaults and days.

The rows are only used when they are known to be the notes on disk: `session.quick.rows_for`
compares the walk's stamps with those of the save that wrote them, in the read transaction
that then answers (`database.reading`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from ..core import kinds
from ..core.models import Person
from ..engine.encoding import entry_from
from ..engine.index import VaultView
from ..read.links import name_key
from .cache_file import CacheError
from .data_views import Decoded

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS person_keys (
    path TEXT PRIMARY KEY, newest INTEGER, soonest INTEGER, promise INTEGER, drift INTEGER);
CREATE INDEX IF NOT EXISTS person_keys_newest ON person_keys (newest);
CREATE INDEX IF NOT EXISTS person_keys_soonest ON person_keys (soonest);
CREATE INDEX IF NOT EXISTS person_keys_promise ON person_keys (promise);
CREATE INDEX IF NOT EXISTS person_keys_drift ON person_keys (drift);
CREATE TABLE IF NOT EXISTS name_keys (key TEXT NOT NULL, path TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS name_keys_key ON name_keys (key);
CREATE INDEX IF NOT EXISTS name_keys_path ON name_keys (path);
CREATE TABLE IF NOT EXISTS day_keys (md INTEGER NOT NULL, path TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS day_keys_md ON day_keys (md);
CREATE INDEX IF NOT EXISTS day_keys_path ON day_keys (path);
"""
TABLES = ("person_keys", "name_keys", "day_keys")
# the lists a person's keys are read from (`person_keys`' arguments after the person)
KEYED = (kinds.INTERACTIONS, kinds.FOLLOWUPS, kinds.RELATIONS)
LAST = date.max.toordinal()
YEAR = 366  # a window this long or longer holds every month and day


def _md(month: int, day: int) -> int:
    return month * 100 + day


def person_keys(
    path: str, person: Person, contacts: list[Any], followups: list[Any], relations: list[Any]
) -> tuple[tuple[Any, ...], set[str], set[int]]:
    """One person's (person_keys row, name keys, day keys)."""
    newest = max((i.date.toordinal() for i in contacts), default=None)
    soonest = None
    if person.cadence_days is not None and not person.archived:
        if newest is None:
            soonest = 0  # due today, whatever today is
        else:
            low = person.cadence_min_days
            span = min(person.cadence_days, low if low is not None else person.cadence_days)
            soonest = min(newest + max(span, 0), LAST + 1)
    dues = [f.due.toordinal() for f in followups if f.due is not None]
    promise = min(dues) if dues else None
    drift = None
    if person.cadence_days is None and not person.cadence_none and not person.archived:
        drift = newest
    stem = path.rsplit("/", 1)[-1][:-3]  # as `reports.lookup` reads a file name (`.md`, `.MD`)
    names = {name_key(n) for n in (person.name, stem, *person.aliases)}
    days: set[int] = set()
    written = [person.birthday, *(d for _, d in person.dates)]
    written += [r.birthday for r in relations if getattr(r, "birthday", None) is not None]
    for found in written:
        if found is not None:
            days.add(_md(found[1], found[2]))
    return (path, newest, soonest, promise, drift), names, days


def write(
    conn: sqlite3.Connection,
    sections: Mapping[str, Mapping[str, Any]],
    before: Mapping[str, Mapping[str, Any]],
    changed: Mapping[str, tuple[list[str], list[str]]],
    decoded: Decoded | None = None,
) -> int:
    """The keys of the people this save changed (all of them when nothing was loaded):
    someone whose entry, contacts, follow-ups or relations were written, or who became or
    stopped being a person. Returns how many rows it wrote."""
    view = tuple(sections.get("people", {}).get("view", ()))
    old = before.get("people", {}).get("view") if before else None
    people = set(view)
    if old is None:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")
        todo = list(view)
        touched: set[str] = set()  # all deleted already
    else:
        touched = people ^ set(old)
        for name in ("entries", *(kind.name for kind in KEYED)):
            new, deleted = changed.get(name, ([], []))
            touched.update(new, deleted)
        todo = [p for p in view if p in touched]
    for table in TABLES:
        conn.executemany(f"DELETE FROM {table} WHERE path = ?", [(p,) for p in touched])
    decoded = decoded if decoded is not None else Decoded(sections)
    rows, names, days = [], [], []
    for path in todo:
        try:
            person = decoded.entry(path).person
            found = [decoded.items(kind, path) for kind in KEYED]
        except Exception:  # a row that does not decode: the run that reads it rebuilds the
            continue  # view (one warning), and that run's save writes these keys again
        if person is None:
            continue
        row, named, dated = person_keys(path, person, *found)
        rows.append(row)
        names += [(k, path) for k in named]
        days += [(md, path) for md in dated]
    conn.executemany("INSERT INTO person_keys VALUES (?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO name_keys VALUES (?, ?)", names)
    conn.executemany("INSERT INTO day_keys VALUES (?, ?)", days)
    return len(rows) + len(names) + len(days)


class Fallback(Exception):
    """The rows cannot answer this (a name nobody has: the suggestions read everyone)."""


def window_days(today: date, within: int) -> list[tuple[int, int]]:
    """`MMDD` ranges holding every yearly date that can fall from today to `within` days
    ahead: a day either side (29 February falls on the 28th in common years, and the 1st of
    March is then past it), split at the year's end; all of them for a year or more."""
    if within + 2 >= YEAR - 1:
        return [(0, 9999)]
    start = today if today == date.min else today - timedelta(days=1)
    end = date.fromordinal(min(today.toordinal() + max(within, 0) + 1, LAST))
    a, b = _md(start.month, start.day), _md(end.month, end.day)
    return [(a, b)] if start.year == end.year else [(a, 1231), (101, b)]


class Rows:
    """One read transaction on the database, held while one question is answered."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        meta: dict[str, Any],
        value: Callable[[str, Any], Any],
    ) -> None:
        """`conn` in a read transaction (`database.reading`); `value`: how a row's bytes are
        checked and decoded (`database.section_value`)."""
        self.conn, self.meta, self._decode = conn, meta, value
        self.reads = 0  # rows read by the view (tests count work with it, not time)
        self._people_view: tuple[str, ...] | None = None
        self._persons: dict[str, Person | None] = {}
        self.wanted: list[str] = []  # the question's people (`view`)
        self._wanted_set: frozenset[str] | None = None
        # a section's rows for all of them, read in a few SELECTs the first time one is asked
        # for (a question reads the same rows of each of its people): (section, key) -> bytes
        self._fetched: dict[tuple[str, str], Any] = {}
        self._batched: set[str] = set()

    def close(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except sqlite3.Error:
            pass
        finally:
            self.conn.close()

    def _query(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        """Every row `sql` selects; a database SQLite cannot read is damage (the full way
        then says so, once)."""
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise CacheError(f"is damaged ({exc})") from None

    def _paths(self, sql: str, args: tuple[Any, ...]) -> set[str]:
        return {row[0] for row in self._query(sql, args)}

    def _days(self, today: date, within: int) -> set[str]:
        found: set[str] = set()
        for a, b in window_days(today, within):
            found |= self._paths("SELECT path FROM day_keys WHERE md BETWEEN ? AND ?", (a, b))
        return found

    def overdue(self, today: date) -> set[str]:
        """Overdue means the last contact on or before today plus the cadence is today or
        earlier. With no contact after today, that contact is `newest` and the due day is at
        least `soonest`; anyone with a contact after today is taken as well."""
        t = today.toordinal()
        return self._paths("SELECT path FROM person_keys WHERE soonest <= ? OR newest > ?", (t, t))

    def birthdays(self, today: date, within: int) -> set[str]:
        """Everyone with a yearly date in the window (`window_days`)."""
        return self._days(today, within)

    def digest(self, today: date, days: int, horizon: int) -> set[str]:
        """Overdue or due (or inside a window) within `days` (`soonest`), a follow-up due by
        then (`promise`), a date in the window, and drifting: no cadence and a last contact
        31 to `horizon` days ago (`drift`); anyone with a contact after today as well."""
        t = today.toordinal()
        ahead = t + max(days, 0) + 1
        found = self._paths(
            "SELECT path FROM person_keys WHERE soonest <= ? OR promise <= ? OR newest > ?"
            " OR drift BETWEEN ? AND ?",
            (ahead, ahead, t, t - max(horizon, 0) - 1, t - 30),
        )
        return found | self._days(today, max(days, 0))

    def drifting(self, today: date, horizon: int) -> set[str]:
        """Drifting: no cadence at all (`drift` is set only then) and a last contact 31 to
        `horizon` days ago; anyone with a contact after today as well."""
        t = today.toordinal()
        return self._paths(
            "SELECT path FROM person_keys WHERE drift BETWEEN ? AND ? OR newest > ?",
            (t - max(horizon, 0) - 1, t - 30, t),
        )

    def named(self, name: str) -> set[str]:
        """Everyone with a name, alias or file name equal to what was typed or starting with it
        (`reports.lookup`: an exact name, else a unique start)."""
        wanted = name_key(name)
        if not wanted:
            raise Fallback("an empty name")
        return self._paths(
            "SELECT path FROM name_keys WHERE key >= ? AND key < ?",
            (wanted, wanted + "\U0010ffff"),
        )

    # the view

    def _value(self, section: str, key: str) -> Any:
        wanted = key in self._wanting()
        if wanted and len(self.wanted) > 1 and section not in self._batched:
            self._batch(section)
        if wanted and section in self._batched:
            blob = self._fetched.get((section, key))  # None: the batch found no such row
        else:
            found = self._query(
                "SELECT value FROM sections WHERE section = ? AND key = ?", (section, key)
            )
            blob = found[0][0] if found else None
        self.reads += 1
        if blob is None:
            raise KeyError(key)
        return self._decode(f"{section}\0{key}", blob)

    def _wanting(self) -> frozenset[str]:
        if self._wanted_set is None:
            self._wanted_set = frozenset(self.wanted)
        return self._wanted_set

    def _batch(self, section: str, size: int = 500) -> None:
        """The section's rows of every person of the question, a few hundred a SELECT."""
        self._batched.add(section)
        for start in range(0, len(self.wanted), size):
            chunk = self.wanted[start : start + size]
            marks = ", ".join("?" * len(chunk))
            for key, blob in self._query(
                f"SELECT key, value FROM sections WHERE section = ? AND key IN ({marks})",
                (section, *chunk),
            ):
                self._fetched[section, key] = blob

    def keys(self, section: str) -> list[str]:
        return [
            row[0] for row in self._query("SELECT key FROM sections WHERE section = ?", (section,))
        ]

    def people_view(self) -> tuple[str, ...]:
        if self._people_view is None:
            found = self._value("people", "view")
            if not isinstance(found, tuple):
                raise CacheError("is damaged (the people)")
            self._people_view = found
        return self._people_view

    def person(self, path: str) -> Person | None:
        if path not in self._persons:
            try:
                raw = self._value("entries", path)
            except KeyError:
                self._persons[path] = None
            else:
                try:
                    self._persons[path] = entry_from(path, raw).person
                except Exception as exc:
                    raise CacheError(f"is damaged (the entry of {path})") from exc
        return self._persons[path]

    def view(self, paths: set[str]) -> VaultView:
        """A view whose `people` are these (in the view's order); every other person, list
        and section is read when looked up."""
        order = [p for p in self.people_view() if p in paths] if paths else []
        self.wanted, self._wanted_set = order, None
        people = _People(self, order)
        lists = tuple(_Lists(self, kind) for kind in kinds.KINDS)
        notes = self.meta.get("extra", {}).get("stats", [0])[0]
        return VaultView(notes=notes, people=people, lists=lists, issues=[], resolve=_resolve)


def _resolve(target: str, source: str) -> str | None:
    """Where a Markdown link in a note's text leads is known to the whole index only: a page
    quoting such a text is made from the full view."""
    raise Fallback(f"a link in {source}")


class _People(dict[str, Person]):
    """The question's people when iterated, counted or tested with `in` (a report that
    filters by `path in view.people` keeps to them: `dates.coming`); anyone when looked up
    with `[]` or `get` (the other side of an introduction, a need's person)."""

    def __init__(self, rows: Rows, order: list[str]) -> None:
        super().__init__()
        self._rows = rows
        self._everyone: frozenset[str] | None = None
        for path in order:
            person = rows.person(path)
            if person is not None:
                self[path] = person

    def __missing__(self, path: str) -> Person:
        found = self._rows.person(path) if path in self._all() else None
        if found is None:
            raise KeyError(path)
        return found

    def _all(self) -> frozenset[str]:
        if self._everyone is None:
            self._everyone = frozenset(self._rows.people_view())
        return self._everyone

    def get(self, path: str, default: Any = None) -> Any:
        try:
            return self[path]
        except KeyError:
            return default


class _Lists(Mapping[str, list[T]], Generic[T]):
    """One kind's lists, each read and decoded when first looked up."""

    def __init__(self, rows: Rows, kind: kinds.Kind[T]) -> None:
        self._rows, self._kind = rows, kind
        self._found: dict[str, list[T]] = {}
        self._keys: list[str] | None = None

    def __getitem__(self, who: str) -> list[T]:
        hit = self._found.get(who)
        if hit is None:
            raw = self._rows._value(self._kind.name, who)  # KeyError: no list
            try:
                hit = self._kind.decode(who, raw)
            except Exception as exc:
                raise CacheError(f"is damaged (the lists of {who})") from exc
            self._found[who] = hit
        return hit

    def _all(self) -> list[str]:
        if self._keys is None:
            self._keys = self._rows.keys(self._kind.name)
        return self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, who: object) -> bool:
        if who in self._found:
            return True
        if self._keys is not None:
            return who in self._keys
        try:
            self[str(who)]
        except KeyError:
            return False
        return True
