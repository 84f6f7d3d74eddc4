"""The persistent cache as one SQLite database per vault (the standard library's `sqlite3`).

Why a database: the marshal file before it was written whole after any change and read whole
before any answer; a database writes only the rows a sync changed, in one transaction (a crash
mid-write leaves the last committed state), and lets one person's list be read alone. It is
also the user's data in a form they can query (`vaultkit db path`).

Tables (schema `SCHEMA_VERSION`, kept in `PRAGMA user_version`; any other version, or a file
SQLite calls damaged, is rebuilt from the notes with one warning):
- `meta`: the parser key, the view's key (`derived`), the last clean sync's summary (`extra`:
  all a no-op sync reads, `load_extra`), the view's section names (each with whether it is
  lazy) and `generation`, moved by every save;
- `notes`: each note's stamp (`path`, `mtime_ns`, `size`), `kind`, facts (`facts`) and the
  save that wrote it (`gen`), the facts left in the database until the note is decoded (`Row`);
- `parts`, `kept_rows`, `blocks`: the derived view's per-note parts, the rendered rows and
  the person blocks found current;
- `sections`: the view's named sections keyed by (section, key), with `gen` as in `notes`; a
  lazy section's rows (a person's list) keep their length in `count` and are read one row at
  a time (`Row.get`);
- the read-only views' tables (`data_views.py`) and the keys a question finds its people by
  (`person_keys`, `name_keys`, `day_keys`: `answers.py`), written by the same save.
Every value is marshal bytes behind a CRC-32 of its row's key and bytes (`_seal`), checked
when read: SQLite checks its pages' structure, not the bytes of a value, and marshal reads
most damage as another valid value (a letter for a letter): a wrong page with no warning.

A load reads in one transaction and ends it (a reader left open would keep the write-ahead
log from starting over: it grew by every save). What it leaves in the database is read later,
one row at a time, and each such row carries the generation of the save that wrote it (`gen`):
a row another process's save rewrote since the load is not read as this run's value (the view
is rebuilt from the notes instead). A save compares what it is given with what it loaded
(`Source`): an object loaded and handed back is not written again. Another process's save in
between (the `generation` moved) makes the save write everything: the last writer wins and
both states are valid.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import NotAFile
from ..core.lazy_lists import Later
from ..core.regular import open_regular
from . import data_views
from .cache_file import CacheError

SCHEMA_VERSION = 5  # 2: the save that wrote a row (`gen`); 3: the views (`data_views`);
# 4: every kind's views, declared in the registry, and `issues`; 5: the keys questions
# pick their people by (`answers`)
"""`PRAGMA user_version` of the database this code writes; another is rebuilt (one warning)."""

WAL_PAGES = 1000  # SQLite's default
WAL_BYTES = 4 << 20
BATCH_AFTER = 64  # rows of one section read one at a time before the rest are read at once
BUSY_MS = 10_000  # a save waits this long for another process's save (`BEGIN IMMEDIATE`)

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE notes (
    path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    kind INTEGER NOT NULL, facts BLOB NOT NULL, gen INTEGER NOT NULL);
CREATE TABLE parts (path TEXT PRIMARY KEY, part BLOB NOT NULL, gen INTEGER NOT NULL);
CREATE TABLE kept_rows (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE blocks (person TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE sections (
    section TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, value BLOB NOT NULL,
    gen INTEGER NOT NULL, PRIMARY KEY (section, key));
"""
VIEW_TABLES = ("parts", "kept_rows", "blocks", "sections")  # and `data_views.tables()`


def _seal(key: str, data: bytes) -> bytes:
    """`data` behind a CRC-32 of the row's key and the bytes (`_unseal` checks it)."""
    crc = zlib.crc32(data, zlib.crc32(key.encode("utf-8", "surrogatepass")))
    return crc.to_bytes(4, "little") + data


def _unseal(key: str, blob: Any) -> bytes:
    """A value's bytes; CacheError when they are not what was written for that key."""
    if type(blob) is not bytes or len(blob) < 4:
        raise CacheError("is damaged (a value is not one)")
    data = blob[4:]
    if zlib.crc32(data, zlib.crc32(key.encode("utf-8", "surrogatepass"))) != int.from_bytes(
        blob[:4], "little"
    ):
        raise CacheError("is damaged (a checksum does not match)")
    return data


def _note_key(path: str, mtime: int, size: int, kind: int) -> str:
    return f"{path}\0{mtime}\0{size}\0{kind}"


def _value(key: str, blob: Any) -> Any:
    try:
        return marshal.loads(_unseal(key, blob))
    except CacheError:
        raise
    except Exception as exc:  # EOFError, ValueError, TypeError: bytes that are no value
        raise CacheError(f"is damaged ({type(exc).__name__})") from None


class Sealed(Mapping[str, Any]):
    """A table's or a section's values as the load read them: each blob's CRC checked and its
    marshal decoded when the value is first asked for (then kept), so a command pays for the
    values it reads, not for every value the database holds. Damage is a CacheError then, from
    wherever the value is first read (the run recovers: `Session.recovering`)."""

    __slots__ = ("_blobs", "_done", "_prefix")

    def __init__(self, blobs: dict[str, Any], prefix: str = "") -> None:
        self._blobs, self._prefix = blobs, prefix
        self._done: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        done = self._done
        if key in done:
            return done[key]
        blobs = self._blobs
        value = done[key] = _value(self._prefix + key, blobs[key])
        blobs[key] = None  # the bytes are let go (the key keeps its place)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._blobs else default

    def decoded(self, key: str) -> Any:
        """The value if it was read, else None (not read now)."""
        return self._done.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


class _Reader:
    """The load's connection: what `Row`s read from. A forked worker (a cold build's) opens
    its own: a connection must not cross a fork."""

    __slots__ = ("batches", "conn", "path", "pid", "singles")

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path, self.pid = conn, path, os.getpid()
        self.singles: dict[str, int] = {}  # a section's rows read one at a time so far
        # a section's rows read in one SELECT, each handed out (and let go) once
        self.batches: dict[str, dict[str, tuple[Any, Any]]] = {}

    def _conn(self) -> sqlite3.Connection:
        if self.pid != os.getpid():
            self.conn = connect(self.path, readonly=True)
            self.pid = os.getpid()
            self.batches = {}
        return self.conn

    def one(self, sql: str, args: tuple[Any, ...]) -> Any:
        try:
            found = self._conn().execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            raise CacheError(_damage(exc)) from None
        if found is None:
            raise CacheError("is damaged (a row is missing)")
        return found

    def section_row(self, section: str, key: str) -> tuple[Any, Any]:
        """A section's row (value, gen). A command that reads many of one section's rows (a new
        day's digest reads every person's contacts) reads the rest of them in one SELECT
        after the first `BATCH_AFTER`, instead of one SELECT each."""
        batch = self.batches.get(section)
        if batch is None:
            seen = self.singles[section] = self.singles.get(section, 0) + 1
            if seen > BATCH_AFTER:
                try:
                    batch = self.batches[section] = {
                        k: (v, g)
                        for k, v, g in self._conn().execute(
                            "SELECT key, value, gen FROM sections WHERE section = ?", (section,)
                        )
                    }
                except sqlite3.Error as exc:
                    raise CacheError(_damage(exc)) from None
        found = batch.pop(key, None) if batch is not None else None
        if found is not None:
            return found
        value, gen = self.one(
            "SELECT value, gen FROM sections WHERE section = ? AND key = ?", (section, key)
        )
        return value, gen

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


NOTE, PART = -1, -2  # a `Row`'s `count` when it is not a list: a note's facts, its part


class Row(Later):
    """A value left in the database until read: a note's facts (an entry's fourth item), or a
    person's plain list (`count`: its length), one SELECT of one row. `gen`: the save that
    wrote the row, as the load found it; a row another process's save wrote since is not the
    value this run's view was built with (a CacheError: the view is rebuilt from the notes)."""

    __slots__ = ("count", "gen", "key", "reader", "where")

    def __init__(
        self, reader: _Reader, where: tuple[str, ...], key: str, gen: int, count: int = -1
    ) -> None:
        self.reader, self.where, self.key, self.gen, self.count = reader, where, key, gen, count

    def get(self) -> Any:
        if self.count == NOTE:  # a note's facts: its stamp is part of the key, read with it
            blob, gen, mtime, size, kind = self.reader.one(
                "SELECT facts, gen, mtime_ns, size, kind FROM notes WHERE path = ?", self.where
            )
            key = _note_key(self.where[0], mtime, size, kind)
        elif self.count == PART:
            blob, gen = self.reader.one("SELECT part, gen FROM parts WHERE path = ?", self.where)
            key = self.where[0]
        else:
            blob, gen = self.reader.section_row(*self.where)
            key = self.key
        if gen != self.gen:
            raise CacheError("was rewritten by another vaultkit while this one read it")
        return _unseal(key, blob) if self.count < 0 else _value(key, blob)


def section_value(key: str, blob: Any) -> Any:
    """A value of the `sections` table (its key: `section\0key`), its checksum checked."""
    return _value(key, blob)


def plain(value: Any) -> Any:
    """A value, read from the database if it is still there; CacheError if it cannot be."""
    return value.get() if isinstance(value, Row) else value


@dataclass
class Source:
    """The database as this process loaded (or last saved) it: the objects loaded, so a save
    writes only rows whose object is not the one loaded; valid while `generation` is the
    database's (no other process saved since)."""

    reader: _Reader | None
    generation: int
    key: str  # the parser key the notes were saved under
    derived: str | None  # the view's key, None when no view was saved
    notes: Mapping[str, Any] = field(default_factory=dict)
    tables: dict[str, Mapping[str, Any]] = field(default_factory=dict)  # parts, kept_rows, blocks
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    written: int = 0  # rows the save that made this written (tests count work with these)
    deleted: int = 0
    views: int = 0  # and rows of `data_views`' tables
    damage: str = ""  # what that save could not carry over (`save`)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()


@dataclass
class Loaded:
    """What a cache holds; the derived parts are None unless saved under the same key."""

    entries: dict[str, tuple[Any, ...]]  # path -> (mtime_ns, size, kind, blob)
    extra: dict[str, Any]  # the last clean run's summary
    view: dict[str, Any] | None = None  # path -> its part of the view (a `Row` until read)
    rows: Mapping[str, Any] | None = None  # "kind\0person" -> (row key, rendered row)
    blocks: dict[str, Any] | None = None  # person -> (mtime_ns, size, day) block verified
    sections: dict[str, Mapping[str, Any]] | None = None  # the named sections (index.Snapshot)
    lazy: frozenset[str] = frozenset()  # the sections of them left in the database until read
    source: Source | None = None  # what was loaded, for the next save


def _damage(exc: sqlite3.Error) -> str:
    text = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return "is damaged (not a database SQLite can read)"
    return f"cannot be read ({text})"


def regular(path: Path) -> bool:
    """Whether a regular file is there (False: nothing); CacheError for a pipe, a device, a
    folder (which is then no cache at all, never a hang)."""
    try:
        found = open_regular(path)
    except NotAFile as exc:
        raise CacheError(f"is {exc.kind}, not a regular file") from None
    except OSError as exc:
        raise CacheError(f"cannot be read ({exc.strerror})") from None
    if found is None:
        return False
    os.close(found[0])
    return True


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}{'?mode=ro' if readonly else ''}"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    # WAL and NORMAL: a commit survives the process being killed (the promise a cache needs);
    # a power cut may lose the last commit, never the database. FULL fsyncs every commit.
    conn.execute("PRAGMA synchronous = NORMAL")
    # SQLite copies the log into the database after a commit that leaves it over WAL_PAGES
    # pages, and then cuts the file back to WAL_BYTES instead of keeping it at its peak
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
    conn.execute(f"PRAGMA journal_size_limit = {WAL_BYTES}")
    return conn


def load_extra(path: Path) -> dict[str, Any] | None:
    """Only the last run's summary: enough to prove a no-op sync is a no-op."""
    try:
        if not regular(path):
            return None
        conn = connect(path, readonly=True)
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return None
            blob = conn.execute("SELECT value FROM meta WHERE name = 'extra'").fetchone()
        finally:
            conn.close()
        extra = _value("extra", blob[0]) if blob is not None else None
    except Exception:  # missing, damaged, not a file: the full load says which
        return None
    return extra if isinstance(extra, dict) else None


def reading(path: Path) -> tuple[sqlite3.Connection, dict[str, Any]] | None:
    """A read-only connection in a read transaction and the database's `meta`, for a question
    answered from rows (`answers.Rows`); None without a database of this schema, or when it
    is damaged (the full load then says so, once)."""
    try:
        if not regular(path):
            return None
        # not read-only, though it only reads, as the full load's connection is not: the last
        # connection to close checkpoints the write-ahead log and removes it, which a
        # read-only one cannot (see `_trim_log`)
        conn = connect(path)
    except (OSError, sqlite3.Error, CacheError):
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            conn.close()
            return None
        conn.execute("BEGIN")
        return conn, read_meta(conn)
    except Exception:
        conn.close()
        return None


def load(path: Path, key: str, derived_key: str = "") -> Loaded | None:
    """The cache's contents, or None when there is none; CacheError when it is damaged or of
    another schema (then rebuilt by the next save, which the warning says)."""
    if not regular(path):
        return None
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            conn.close()
            if version == 0 and not _tables(path):
                return None  # an empty file: a first save was cut short
            raise CacheError(f"is of another format (schema {version}, not {SCHEMA_VERSION})")
        conn.execute("BEGIN")  # what the load reads is one state of the database
        reader = _Reader(conn, path)
        found = _read(reader, key, derived_key)
        conn.execute("COMMIT")  # not held: a reader holding the WAL back makes it grow
    except CacheError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise CacheError(_damage(exc)) from None
    return found


def _tables(path: Path) -> int:
    conn = connect(path, readonly=True)
    try:
        return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        conn.close()


def read_meta(conn: sqlite3.Connection) -> dict[str, Any]:
    return {name: _value(name, blob) for name, blob in conn.execute("SELECT name, value FROM meta")}


def _read(reader: _Reader, key: str, derived_key: str) -> Loaded:
    conn = reader.conn
    meta = read_meta(conn)
    generation = meta.get("generation", 0)
    if type(generation) is not int:
        raise CacheError("is damaged (the generation)")
    if meta.get("key") != key or not isinstance(meta.get("extra"), dict):
        # another parser or other options: start over, quietly (the save rewrites it all)
        return Loaded({}, {}, source=Source(reader, generation, "", None))
    entries: dict[str, tuple[Any, ...]] = {}
    for path, mtime, size, kind, gen in conn.execute(
        "SELECT path, mtime_ns, size, kind, gen FROM notes"
    ):
        entries[path] = (mtime, size, kind, Row(reader, (path,), "", gen, NOTE))
    derived = meta.get("derived")
    found = Loaded(entries, meta["extra"])
    source = Source(reader, generation, key, None, entries)
    found.source = source
    names = meta.get("sections")
    if derived is None or derived != derived_key:
        return found
    if not (
        isinstance(names, tuple)
        and all(isinstance(n, tuple) and len(n) == 2 and isinstance(n[0], str) for n in names)
    ):
        raise CacheError("is damaged (the view's sections)")
    found.view = {  # each part left in the database until its note is derived again
        path: Row(reader, (path,), "", gen, PART)
        for path, gen in conn.execute("SELECT path, gen FROM parts")
    }
    found.rows = Sealed(dict(conn.execute("SELECT key, value FROM kept_rows")))
    found.blocks = {k: _value(k, v) for k, v in conn.execute("SELECT person, value FROM blocks")}
    sections: dict[str, Mapping[str, Any]] = {}
    lazy = frozenset(name for name, is_lazy in names if is_lazy)
    for name, _ in names:
        if name in lazy:
            sections[name] = into = {}  # the lengths now, each list when first read (`Row`)
            for who, count, gen in conn.execute(
                "SELECT key, count, gen FROM sections WHERE section = ?", (name,)
            ):
                if type(count) is not int or count < 0:
                    raise CacheError("is damaged (a list's length)")
                into[who] = Row(reader, (name, who), f"{name}\0{who}", gen, count)
        else:  # each value checked and decoded when first read
            sections[name] = Sealed(
                dict(conn.execute("SELECT key, value FROM sections WHERE section = ?", (name,))),
                f"{name}\0",
            )
    found.sections, found.lazy = sections, lazy
    source.derived = derived
    source.tables = {"parts": found.view, "kept_rows": found.rows, "blocks": found.blocks}
    source.sections = sections
    return found


_View = tuple[
    tuple[str, Mapping[str, bytes]] | None,
    Mapping[str, Any],
    Mapping[str, Any],
    Mapping[str, Mapping[str, Any]],
    frozenset[str],
]


def save(
    path: Path,
    key: str,
    raw: Mapping[str, tuple[Any, ...]],
    extra: dict[str, Any],
    derived: tuple[str, Mapping[str, bytes]] | None = None,
    rows: Mapping[str, Any] | None = None,
    blocks: Mapping[str, Any] | None = None,
    sections: Mapping[str, Mapping[str, Any]] | None = None,
    source: Source | None = None,
    lazy: frozenset[str] = frozenset(),
    fresh: bool = False,
) -> Source | None:
    """Write what changed since `source` in one transaction; a cache that cannot be written is
    only a slower next run (None). Returns what the database now holds, for the next save;
    its `damage` says what could not be carried over (notes then read again, or the view
    rebuilt, by the next run). `fresh`: the database was found damaged, so it is made anew
    (damage in an index SQLite does not check would outlive rows written over it)."""
    if fresh:
        remove(path)
        source = None
    try:
        return _save(
            path, key, raw, extra, (derived, rows or {}, blocks or {}, sections or {}, lazy), source
        )
    except sqlite3.DatabaseError as exc:
        if "malformed" not in str(exc) and "not a database" not in str(exc):
            return None
    # damaged where the load did not look: made anew, everything written
    remove(path)
    try:
        return _save(
            path, key, raw, extra, (derived, rows or {}, blocks or {}, sections or {}, lazy), None
        )
    except sqlite3.Error:
        return None


def _save(
    path: Path,
    key: str,
    raw: Mapping[str, tuple[Any, ...]],
    extra: dict[str, Any],
    view: _View,
    source: Source | None,
) -> Source | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _writable(path)
    except (OSError, sqlite3.Error, CacheError):
        return None
    try:
        try:
            return _write(conn, path, key, raw, extra, view, source)
        except CacheError as exc:  # a list still in the database is damaged: no view
            if view[0] is None:
                raise
            conn.execute("ROLLBACK")
            written = _write(conn, path, key, raw, extra, (None, {}, {}, {}, view[4]), source)
            written.damage = written.damage or str(exc)
            return written
    except sqlite3.DatabaseError:
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        raise
    except (OSError, sqlite3.Error, CacheError):
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        return None
    finally:
        _trim_log(conn, path)
        conn.close()


CHECKPOINT_WAIT_MS = 200  # how long a trim waits for a reader to finish its snapshot


def _trim_log(conn: sqlite3.Connection, path: Path) -> None:
    """Copy a big write-ahead log into the database and cut it to nothing. SQLite cuts the log
    back (to `WAL_BYTES`) only when the next write starts it over; after a big save (a first
    sync's, a rebuild's: tens of MB) with no write after it, every later open looked through
    the whole log (the no-op sync took ~10% longer) and it held the disk. A reader in the
    middle of a snapshot makes it wait at most `CHECKPOINT_WAIT_MS`, then it is left for the
    next save."""
    try:
        if os.path.getsize(f"{path}-wal") <= WAL_BYTES:
            return
        conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except (OSError, sqlite3.Error):
        pass


def _writable(path: Path) -> sqlite3.Connection:
    """A connection to a database of this schema: a missing, damaged or older one is made
    anew (its rows are only a cache of the notes)."""
    if regular(path):
        try:
            conn = connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                conn.execute("PRAGMA journal_mode = WAL")
                data_views.add_missing(conn)
                return conn
            conn.close()
        except sqlite3.Error:
            pass
        remove(path)
    with contextlib.suppress(OSError):  # the marshal file of vaultkit before the database
        path.with_suffix(".marshal").unlink()
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")  # a sync made it first while this one waited: theirs
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        from . import answers  # the registry and the engine: not for a no-op sync

        for statement in (SCHEMA + data_views.schema() + answers.SCHEMA).split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")
    return conn


def remove(path: Path) -> None:
    """The database and its WAL files (`-wal`, `-shm`)."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


class _Counts:
    __slots__ = ("deleted", "dropped", "views", "written")

    def __init__(self) -> None:
        self.written = self.deleted = self.dropped = self.views = 0


def _changed(new: Mapping[str, Any], old: Mapping[str, Any]) -> list[str]:
    """Keys whose value is not the very object loaded (or last saved). Of a `Sealed`, only the
    values read can be such an object: the others are not decoded to be compared."""
    if new is old:
        return []
    get = old.decoded if isinstance(old, Sealed) else old.get
    return [k for k, v in new.items() if get(k) is not v]


def _write(
    conn: sqlite3.Connection,
    path: Path,
    key: str,
    raw: Mapping[str, tuple[Any, ...]],
    extra: dict[str, Any],
    view: _View,
    source: Source | None,
) -> Source:
    from . import answers  # the registry and the engine: imported by a save, not a no-op sync

    derived, rows, blocks, sections, lazy = view
    counts = _Counts()
    conn.execute("BEGIN IMMEDIATE")
    meta = read_meta(conn)
    generation = meta.get("generation", 0)
    generation = generation if type(generation) is int else 0
    same = source is not None and source.generation == generation and source.key == key
    old = source if same and source is not None else None
    gen = generation + 1  # every row written now says so (`Row.gen`)
    notes = _write_notes(conn, raw, old.notes if old is not None else None, gen, counts)
    # the view
    tables: dict[str, Mapping[str, Any]] = {}
    saved_sections: dict[str, Mapping[str, Any]] = {}
    view_same = old is not None and derived is not None and old.derived == derived[0]
    if derived is None or not view_same:
        for table in (*VIEW_TABLES, *data_views.tables(), *answers.TABLES):
            conn.execute(f"DELETE FROM {table}")  # names from the code, not the file
    if derived is not None:
        before = old.tables if view_same and old is not None else {}
        tables = {"parts": derived[1], "kept_rows": rows, "blocks": blocks}
        _sync_parts(conn, derived[1], before.get("parts", {}), gen, counts)
        for table, column in (("kept_rows", "key"), ("blocks", "person")):
            _sync_table(conn, table, column, tables[table], before.get(table, {}), counts)
        old_sections = old.sections if view_same and old is not None else {}
        changed = {
            name: _sync_section(
                conn, name, values, old_sections.get(name), name in lazy, gen, counts
            )
            for name, values in sections.items()
        }
        for name in old_sections:
            if name not in sections:
                conn.execute("DELETE FROM sections WHERE section = ?", (name,))
        saved_sections = dict(sections)
        decoded = data_views.Decoded(sections)  # each value decoded once for both
        counts.views = data_views.write(conn, sections, old_sections, changed, decoded)
        counts.views += answers.write(conn, sections, old_sections, changed, decoded)
    names = tuple((name, name in lazy) for name in sections) if derived is not None else None
    new_meta: dict[str, Any] = {
        "key": key,
        "extra": extra,
        "derived": derived[0] if derived is not None else None,
        "sections": names,
        "generation": generation + 1,
    }
    conn.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [(name, _seal(name, marshal.dumps(value))) for name, value in new_meta.items()],
    )
    conn.execute("COMMIT")
    reader = source.reader if source is not None else None
    written = Source(
        reader,
        generation + 1,
        key,
        new_meta["derived"],
        notes,
        tables,
        saved_sections,
        counts.written,
        counts.deleted,
        counts.views,
    )
    if counts.dropped:
        written.damage = f"is damaged ({counts.dropped} notes' facts could not be read)"
    return written


def _write_notes(
    conn: sqlite3.Connection,
    raw: Mapping[str, tuple[Any, ...]],
    old_notes: Mapping[str, Any] | None,
    gen: int,
    counts: _Counts,
) -> dict[str, Any]:
    """The notes' rows whose entry is not the one loaded (all of them, `old_notes` None);
    returns the entries the database now holds (a note whose facts could not be read is not
    among them: the next run reads it again)."""
    if old_notes is None:
        conn.execute("DELETE FROM notes")
        old_notes = {}
    else:
        gone = [(p,) for p in old_notes if p not in raw]
        conn.executemany("DELETE FROM notes WHERE path = ?", gone)
        counts.deleted += len(gone)
    notes = dict(raw)
    batch = []
    for p in _changed(raw, old_notes):
        entry = raw[p]
        try:
            mtime, size, kind, blob = entry
            data = blob.get() if isinstance(blob, Row) else blob
        except (CacheError, ValueError, TypeError):
            counts.dropped += 1  # its facts are damaged: read again by the next run
            del notes[p]
            if p in old_notes:
                conn.execute("DELETE FROM notes WHERE path = ?", (p,))
            continue
        batch.append((p, mtime, size, kind, _seal(_note_key(p, mtime, size, kind), data), gen))
    conn.executemany(
        "INSERT OR REPLACE INTO notes (path, mtime_ns, size, kind, facts, gen)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        batch,
    )
    counts.written += len(batch)
    return notes


def _sync_table(
    conn: sqlite3.Connection,
    table: str,
    column: str,
    values: Mapping[str, Any],
    before: Mapping[str, Any],
    counts: _Counts,
) -> None:
    gone = [(k,) for k in before if k not in values]
    conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", gone)
    dumps = marshal.dumps
    batch = [(k, _seal(k, dumps(values[k]))) for k in _changed(values, before)]
    conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", batch)
    counts.written += len(batch)
    counts.deleted += len(gone)


def _sync_parts(
    conn: sqlite3.Connection,
    values: Mapping[str, Any],
    before: Mapping[str, Any],
    gen: int,
    counts: _Counts,
) -> None:
    """The notes' parts (bytes, or a `Row` still in the database: CacheError if unreadable)."""
    gone = [(k,) for k in before if k not in values]
    conn.executemany("DELETE FROM parts WHERE path = ?", gone)
    batch = [(k, _seal(k, plain(values[k])), gen) for k in _changed(values, before)]
    conn.executemany("INSERT OR REPLACE INTO parts (path, part, gen) VALUES (?, ?, ?)", batch)
    counts.written += len(batch)
    counts.deleted += len(gone)


def _sync_section(
    conn: sqlite3.Connection,
    name: str,
    values: Mapping[str, Any],
    before: Mapping[str, Any] | None,
    is_lazy: bool,
    gen: int,
    counts: _Counts,
) -> tuple[list[str], list[str]]:
    """Returns the keys written and the keys deleted."""
    before = before or {}
    gone = [(name, k) for k in before if k not in values]
    conn.executemany("DELETE FROM sections WHERE section = ? AND key = ?", gone)
    batch = []
    written = _changed(values, before)
    for k in written:
        value = plain(values[k])  # CacheError: a list no read needed is damaged (no view)
        count = len(value) if is_lazy and type(value) is tuple else 0
        batch.append((name, k, count, _seal(f"{name}\0{k}", marshal.dumps(value)), gen))
    conn.executemany(
        "INSERT OR REPLACE INTO sections (section, key, count, value, gen) VALUES (?, ?, ?, ?, ?)",
        batch,
    )
    counts.written += len(batch)
    counts.deleted += len(gone)
    return written, [k for _, k in gone]
