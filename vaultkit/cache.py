"""The persistent parse cache: NoteFacts per note, keyed by (path, mtime_ns, size).

Format, chosen by measurement (docs/performance.md): one `marshal` file per vault, written to
a temp file and renamed, so concurrent syncs never see half a file (the last writer wins,
and both versions are valid). marshal loads a 10k-note cache in ~55 ms where pickle takes
~190 ms, and unlike pickle it cannot run code from a tampered file. The file starts with a
key that holds the format version, a hash of the parser's own source and the parse options:
any change to any of them discards the cache.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from .config import ParseOptions
from .models import FileStamp, Issue, Link, LogItem, NoteFacts, Task

FORMAT_VERSION = 1
MAGIC = "vaultkit-cache"
_PARSER_MODULES = (
    "parse.py",
    "frontmatter.py",
    "links.py",
    "models.py",
    "dailyformat.py",
    "dates.py",
)

Entry = tuple[FileStamp, NoteFacts | Issue]


def parser_key(options: ParseOptions) -> str:
    """Changes whenever parsing could give different facts for the same bytes."""
    return f"{FORMAT_VERSION}-{options!r}-{_source_hash(_PARSER_MODULES)}"


def code_key() -> str:
    """Changes with any vaultkit source file: a new renderer must re-render unchanged notes."""
    here = Path(__file__).parent
    return _source_hash(tuple(sorted(p.name for p in here.glob("*.py"))))


@functools.cache
def _source_hash(names: tuple[str, ...]) -> str:
    """Read once per process (a sync must not re-read its own source on every watch round)."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in names:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def load_extra(path: Path) -> dict[str, Any] | None:
    """Only the small header (stamps, last result): enough to prove a no-op sync is a no-op."""
    try:
        with open(path, "rb") as fh:
            header = marshal.load(fh)
    except Exception:  # missing, unreadable or damaged: the full load will say which
        return None
    if isinstance(header, tuple) and len(header) == 3 and isinstance(header[2], dict):
        return header[2]
    return None


def default_dir() -> Path:
    import platformdirs  # only when a cache is used: keeps `--no-cache` start-up lean

    return Path(platformdirs.user_cache_dir("vaultkit", appauthor=False))


def cache_file(vault: Path, cache_dir: Path | None) -> Path:
    folder = cache_dir or (
        Path(os.environ["VAULTKIT_CACHE_DIR"])
        if os.environ.get("VAULTKIT_CACHE_DIR")
        else default_dir()
    )
    name = hashlib.sha256(os.path.realpath(vault).encode()).hexdigest()[:20]
    return folder / f"{name}.marshal"


class CacheError(Exception):
    """The cache file is unreadable, truncated or not ours; it is rebuilt."""


def load(path: Path, key: str) -> tuple[dict[str, tuple[Any, ...]], dict[str, Any]] | None:
    """(entries, extra state) or None when there is no cache; CacheError when it is damaged."""
    try:
        with open(path, "rb") as fh:
            return _read(fh, key)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheError(f"cannot be read ({exc.strerror})") from None


def _read(fh: BinaryIO, key: str) -> tuple[dict[str, tuple[Any, ...]], dict[str, Any]]:
    try:
        header = marshal.load(fh)
        if not (isinstance(header, tuple) and len(header) == 3 and header[0] == MAGIC):
            raise CacheError("is not a vaultkit cache")
        if header[1] != key or not isinstance(header[2], dict):
            return {}, {}  # another parser version or other options: start over, quietly
        raw = marshal.load(fh)
        if not isinstance(raw, dict):
            raise CacheError("is damaged (entries)")
    except CacheError:
        raise
    except Exception as exc:  # marshal raises EOFError, ValueError, TypeError, ...
        raise CacheError(f"is damaged ({type(exc).__name__})") from None
    return raw, header[2]


def decode(path: str, raw: tuple[Any, ...]) -> Entry:
    """One cached entry back to (stamp, facts or issue); CacheError when it is malformed."""
    try:
        return FileStamp(path, raw[0], raw[1]), _decode(path, raw[2], raw[3])
    except Exception as exc:
        raise CacheError(f"is damaged ({type(exc).__name__} in {path})") from None


def encode(stamp: FileStamp, value: NoteFacts | Issue) -> tuple[Any, ...]:
    return (stamp.mtime_ns, stamp.size, *_encode(value))


def save(path: Path, key: str, raw: dict[str, tuple[Any, ...]], extra: dict[str, Any]) -> None:
    """Write atomically; a cache that cannot be written is only a slower next run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump((MAGIC, key, extra), fh)
                marshal.dump(raw, fh)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return


def _encode(value: NoteFacts | Issue) -> tuple[int, Any]:
    if isinstance(value, Issue):
        return 1, (value.kind, value.path, value.line, value.message)
    f = value
    return 0, (
        f.props,
        f.prop_keys,
        f.prop_lines,
        f.date.toordinal() if f.date else None,
        tuple(sorted(f.body_tags)),
        tuple(
            (
                k.target,
                k.line,
                k.text,
                k.kind,
                k.embed,
                k.task,
                k.task_line,
                k.log_line,
                k.in_frontmatter,
            )
            for k in f.links
        ),
        tuple((i.date.toordinal(), i.line, i.text) for i in f.log_items),
        tuple(
            (t.line, t.text, t.state, t.due.toordinal() if t.due else None, t.in_log)
            for t in f.tasks
        ),
        tuple((i.kind, i.path, i.line, i.message) for i in f.issues),
        f.block,
        f.has_frontmatter,
    )


def _decode(path: str, kind: int, data: Any) -> NoteFacts | Issue:
    if kind == 1:
        return Issue(*data)
    props, keys, lines, day, tags, links, logs, tasks, issues, block, has_fm = data
    day_of = date.fromordinal
    return NoteFacts(
        path=path,
        props=props,
        prop_keys=keys,
        prop_lines=lines,
        date=day_of(day) if day else None,
        body_tags=frozenset(tags),
        links=tuple(Link(*link) for link in links),
        log_items=tuple(LogItem(day_of(d), line, text) for d, line, text in logs),
        tasks=tuple(Task(a, b, c, day_of(d) if d else None, e) for a, b, c, d, e in tasks),
        issues=tuple(Issue(*i) for i in issues),
        block=block,
        has_frontmatter=has_fm,
    )
