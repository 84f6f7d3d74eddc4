"""The cache's keys, where it lives, and a note's entry in it (the database is `database.py`).

A note's entry is (mtime_ns, size, kind, blob): its facts marshalled on their own, kept encoded
until the view must derive the note again. A changed parser key discards every entry; a changed
code or config key only the view. Both keys cover every module of the package but the few in
`UNKEYED`, so any change of the code that could make a cached fact or view stale (a new module
too) is a full re-parse: the cache never serves facts from older code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.lazy_lists import Later
from ..core.models import FileStamp, Issue, NoteFacts
from ..read.config import ParseOptions

if TYPE_CHECKING:
    from ..core.codec import Codec

FORMAT_VERSION = 11  # 11: the store is a SQLite database (`database.py`)
# Modules that only drive a run or print to a terminal: they never change a note's facts, the
# view, the rows or a page, so editing them keeps the cache. Every other module of the package,
# in subpackages too and including any added later, is part of both keys below. Each is a path
# from the package root (`package_root`), `/`-separated; one ending in `/` is a whole folder
# (`cli/`), so these keep matching when modules move into subpackages.
UNKEYED = frozenset({"__main__.py", "cli/", "store/cache_folder.py"})
# Libraries whose upgrade can change what the parser extracts (their `__init__.py` holds their
# version); found without importing them, so the no-op path stays free of the parser.
PARSER_LIBRARIES = ("markdown_it", "mdit_py_plugins", "yaml")


def parser_key(options: ParseOptions, settings: str = "") -> str:
    """Changes whenever parsing could give different facts for the same bytes: any change of
    vaultkit's own code (see `source_files`), of the parsing libraries, or of Python's minor
    version (its Unicode tables) re-parses every note; so does any setting a note's entry
    depends on (`settings`: `Config.facts_settings`, the size limit included)."""
    return f"{FORMAT_VERSION}-{options!r}-{settings}-{_libraries_hash()}-{code_key()}"


def code_key() -> str:
    """Changes with any keyed source file: a new renderer must re-render unchanged notes."""
    return _source_hash(package_root())


def package_root() -> Path:
    """The top-level package's folder, found by its name rather than as this file's folder:
    were cache.py moved into a subpackage, its own folder would key only that subpackage, and
    a warm run would serve facts and pages from older code without a word."""
    top = sys.modules[__name__.partition(".")[0]]
    if top.__file__ is None:  # a namespace package: not how vaultkit is installed
        raise RuntimeError(f"{top.__name__} has no __init__.py: cannot key its source")
    return Path(top.__file__).parent


def is_unkeyed(rel: str) -> bool:
    """Whether a module (its `/`-separated path from the package root) is left out of the keys."""
    return rel in UNKEYED or any(rel.startswith(u) for u in UNKEYED if u.endswith("/"))


def source_files(package: Path) -> list[Path]:
    """Every `.py` file under `package`, subpackages included, except `UNKEYED`; sorted."""
    found = [
        p
        for p in package.rglob("*.py")
        if not is_unkeyed(p.relative_to(package).as_posix()) and "__pycache__" not in p.parts
    ]
    return sorted(found, key=lambda p: p.relative_to(package).as_posix())


@functools.cache
def _source_hash(package: Path) -> str:
    """Read once per process (a sync must not re-read its own source on every watch round)."""
    h = hashlib.sha256()
    for path in source_files(package):
        data = path.read_bytes()
        rel = path.relative_to(package).as_posix().encode()
        h.update(len(rel).to_bytes(8, "little") + rel + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


@functools.cache
def _libraries_hash() -> str:
    import importlib.util
    import sys

    h = hashlib.sha256(f"{sys.version_info[0]}.{sys.version_info[1]}".encode())
    for name in PARSER_LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        h.update(name.encode() + b"\0")
        if origin:
            with contextlib.suppress(OSError):
                h.update(Path(origin).read_bytes())
    return h.hexdigest()


def default_dir() -> Path:
    import platformdirs  # only when a cache is used: keeps `--no-cache` start-up lean

    return Path(platformdirs.user_cache_dir("vaultkit", appauthor=False))


def cache_folder(cache_dir: Path | None) -> Path:
    """`--cache-dir`, else `VAULTKIT_CACHE_DIR`, else the user cache folder."""
    return cache_dir or (
        Path(os.environ["VAULTKIT_CACHE_DIR"])
        if os.environ.get("VAULTKIT_CACHE_DIR")
        else default_dir()
    )


def cache_file(vault: Path, cache_dir: Path | None) -> Path:
    """One file per vault, named by a hash of its real path (so no vault name is on show)."""
    name = hashlib.sha256(os.fsencode(os.path.realpath(vault))).hexdigest()[:20]
    return cache_folder(cache_dir) / f"{name}.sqlite"


class CacheError(Exception):
    """The cache is unreadable, damaged or not ours; it is rebuilt."""


def _blob(raw: tuple[Any, ...]) -> Any:
    """An entry's blob, read from the database if it is still there; CacheError if it cannot be."""
    value = raw[3]
    return value.get() if isinstance(value, Later) else value


def stamp_of(path: str, raw: tuple[Any, ...]) -> FileStamp | None:
    """The stamp an entry was cached under; None when the entry is not even shaped right."""
    try:
        mtime, size = raw[0], raw[1]
    except (TypeError, IndexError, KeyError):
        return None
    if type(mtime) is not int or type(size) is not int:
        return None
    return FileStamp(path, mtime, size)


def is_issue(raw: tuple[Any, ...]) -> bool:
    return len(raw) > 2 and raw[2] == 1


PAGE = 2  # an entry's kind for a page vaultkit wrote (`parse.is_page`): walked, not a note


def is_page(raw: tuple[Any, ...]) -> bool:
    return len(raw) > 2 and raw[2] == PAGE


def page_entry(stamp: FileStamp) -> tuple[Any, ...]:
    """The entry of a page found among the notes: its stamp only (it is not read again)."""
    return (stamp.mtime_ns, stamp.size, PAGE, b"")


def decode_issue(raw: tuple[Any, ...]) -> Issue:
    try:
        return Issue(*marshal.loads(_blob(raw)))
    except Exception as exc:
        raise CacheError(f"is damaged ({type(exc).__name__} in an issue)") from None


def decode_facts(path: str, raw: tuple[Any, ...]) -> NoteFacts:
    """One cached note back to its facts, when the view needs them; CacheError if malformed."""
    try:
        if raw[2] != 0:
            raise ValueError("not a note")
        return _decode(path, marshal.loads(_blob(raw)))
    except Exception as exc:
        raise CacheError(f"is damaged ({type(exc).__name__} in {path})") from None


def encode(stamp: FileStamp, value: NoteFacts | Issue) -> tuple[Any, ...]:
    kind, data = _encode(value)
    return (stamp.mtime_ns, stamp.size, kind, marshal.dumps(data))


def pack_facts(facts: NoteFacts) -> bytes:
    """A note's blob of `encode` (a parse worker's half: the parent adds the stamp)."""
    return marshal.dumps(_facts_codec().encode(facts))


def facts_entry(stamp: FileStamp, blob: bytes) -> tuple[Any, ...]:
    """`encode(stamp, facts)` from `pack_facts(facts)`."""
    return (stamp.mtime_ns, stamp.size, 0, blob)


def encode_derived(parts: dict[str, Any]) -> dict[str, Any]:
    """The view's parts, one blob per note; parts still in their loaded form pass through
    (the very objects, still in the database or not: the save then leaves their rows)."""
    dumps = marshal.dumps
    return {
        path: part if type(part) is bytes or isinstance(part, Later) else dumps(part)
        for path, part in parts.items()
    }


def pack_part(part: Any) -> bytes:
    """One note's part of the view as `encode_derived` writes it (a cold build's workers)."""
    return marshal.dumps(part)


def unpack_part(blob: Any) -> Any:
    """One note's part of the view, read back when the note is derived again (from the
    database if it is still there)."""
    try:
        return marshal.loads(blob.get() if isinstance(blob, Later) else blob)
    except CacheError:
        raise
    except Exception as exc:
        raise CacheError(f"is damaged ({type(exc).__name__} in the view)") from None


def _encode(value: NoteFacts | Issue) -> tuple[int, Any]:
    if isinstance(value, Issue):
        return 1, (value.kind, value.path, value.line, value.message)
    return 0, _facts_codec().encode(value)


def _decode(path: str, data: Any) -> NoteFacts:
    return _facts_codec().decode(data, path)


@functools.cache
def _facts_codec() -> Codec[NoteFacts]:
    """Imported on first use: the no-op path never encodes nor decodes a note."""
    from ..engine.encoding import FACTS

    return FACTS
