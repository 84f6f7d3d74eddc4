"""The persistent cache: each note's facts keyed by (path, mtime_ns, size), and the view.

Format, chosen by measurement (docs/performance.md): one `marshal` file per vault, written to
a temp file and renamed, so concurrent syncs never see half a file (the last writer wins,
and both versions are valid). Unlike pickle, marshal cannot run code from a tampered file.

The file is a sequence of length-prefixed frames:
1. a small header: magic, the parser key (format version, the parse options, a hash of the
   parsing libraries and of vaultkit's source) and the last run's summary, which is all a
   no-op sync reads;
2. the notes, in chunks of two frames each: their stamps (path -> (mtime_ns, size, kind)),
   read at load, and their blobs (each note's facts marshalled on its own), left in the
   file until a note of the chunk is decoded (`BlobRef`);
3. the derived view, valid for one code version and config (`index.Snapshot`): the notes'
   parts, the rows, the blocks found current, then named sections, each named with whether
   it is lazy (people's lists are: stored like the notes, their lengths read at load, the
   lists when first read; `index.Snapshot.lazy` says which, so this module knows no kind).
Each section is written in chunks, and a save copies the chunks whose entries are the very
objects it read (`Source`) instead of marshalling them again.
A changed parser key discards everything; a changed code or config key only the view. Both
keys cover every module of the package but the few in `UNKEYED`, so any change of the code
that could make a cached fact or view stale (a new module too) is a full re-parse: the cache
never serves facts from older code.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import marshal
import operator
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..core.errors import NotAFile
from ..core.lazy_lists import Later
from ..core.models import FileStamp, Issue, NoteFacts
from ..core.regular import OPEN_FLAGS, open_regular
from ..read.config import ParseOptions

if TYPE_CHECKING:
    from ..core.codec import Codec

FORMAT_VERSION = 10  # 10: the view's section names carry whether each is lazy
MAGIC = "vaultkit-cache"
FRAMED = b"VKC\x06"  # first bytes of a file of checksummed, length-prefixed frames (format 9 on)
FRAMED_BEFORE = b"VKC"  # the start of any framed file: another format is started over quietly
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


def load_extra(path: Path) -> dict[str, Any] | None:
    """Only the small header (stamps, last result): enough to prove a no-op sync is a no-op."""
    try:
        with _open(path) as fh:
            if fh.read(len(FRAMED)) != FRAMED:
                return None
            header = _frame(fh)
    except Exception:  # missing, unreadable, damaged or not a file: the full load says which
        return None
    if isinstance(header, tuple) and len(header) == 3 and isinstance(header[2], dict):
        return header[2]
    return None


def _open(path: Path) -> BinaryIO:
    """The cache file opened for reading, once `fstat` says it is a regular file; CacheError
    for anything else (a named pipe, a device, a folder), which is then no cache at all."""
    try:
        found = open_regular(path)  # a named pipe there must not make a sync wait
    except NotAFile as exc:
        raise CacheError(f"is {exc.kind}, not a regular file") from None
    if found is None:
        raise FileNotFoundError(path)
    return os.fdopen(found[0], "rb")


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
    return cache_folder(cache_dir) / f"{name}.marshal"


class CacheError(Exception):
    """The cache file is unreadable, truncated or not ours; it is rebuilt."""


@dataclass
class Loaded:
    """What a cache file holds; the derived parts are None unless saved under the same key."""

    entries: dict[str, tuple[Any, ...]]  # path -> (mtime_ns, size, kind, blob)
    extra: dict[str, Any]  # the header's summary of the last run
    view: dict[str, bytes] | None = None  # path -> blob of its part of the view
    rows: dict[str, Any] | None = None  # "kind\0person" -> (row key, rendered row)
    blocks: dict[str, Any] | None = None  # person -> (mtime_ns, size, day) block verified
    sections: dict[str, dict[str, Any]] | None = None  # the view's named sections (index.Snapshot)
    lazy: frozenset[str] = frozenset()  # the sections of them left in the file until read
    source: Source | None = None  # where each chunk sits in the file, for the next save


@dataclass(frozen=True, slots=True)
class Chunk:
    """One frame of entries as it sits in a cache file."""

    offset: int  # of the marshalled bytes (after the length)
    size: int
    keys: tuple[str, ...]
    values: tuple[Any, ...]  # the objects read (held, so identity means "not replaced")
    offset2: int = 0  # the facts section's second frame (the notes' blobs), if any
    size2: int = 0


@dataclass
class Source:
    """A cache file as read or written, chunk by chunk: a save copies the bytes of a chunk
    whose entries are all the very objects read from it, instead of marshalling it again
    (after one edit, all but a few chunks). Only while the file is still the one described
    (`ident`): if another process replaced it, everything is marshalled."""

    ident: tuple[int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns
    chunks: dict[str, dict[str, Chunk]]  # section -> first key -> chunk
    copied: int = 0  # chunks the save that wrote this file copied from the one before
    marshalled: int = 0  # and chunks it marshalled (tests count work with these)
    damage: str = ""  # what that save could not carry over from the old file (`save`)


def _ident(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class _File:
    """An open cache file that lazy blobs are read from; closed when nothing needs it. Open,
    it still reads the file this process loaded after another sync replaced it (POSIX)."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class _BlobChunk:
    """The blobs of one chunk of notes, left in the file until one of them is needed: a run
    after one edit reads the stamps of every note and the blobs of the chunks it decodes."""

    __slots__ = ("blobs", "count", "file", "offset", "size")

    def __init__(self, file: _File, offset: int, size: int, count: int) -> None:
        self.file, self.offset, self.size, self.count = file, offset, size, count
        self.blobs: tuple[Any, ...] | None = None

    def get(self, at: int) -> Any:
        if self.blobs is None:
            try:  # the frame's bytes with their checksum (`_put_bytes`), checked now
                data = os.pread(self.file.fd, self.size + 4, self.offset - 4)
                blobs = marshal.loads(_checked(data)) if len(data) == self.size + 4 else None
            except Exception:
                blobs = None
            if not (type(blobs) is tuple and len(blobs) == self.count):
                self.blobs = ()  # found damaged: said again without reading it again
                raise CacheError("is damaged (a chunk of notes)")
            self.blobs = blobs
        if not self.blobs:
            raise CacheError("is damaged (a chunk of notes)")
        return self.blobs[at]


class BlobRef(Later):
    """A value still in the cache file (`_BlobChunk`): a note's blob (an entry's fourth
    item), or a person's plain list (`count`: its length)."""

    __slots__ = ("at", "chunk", "count")

    def __init__(self, chunk: _BlobChunk, at: int, count: int = -1) -> None:
        self.chunk, self.at, self.count = chunk, at, count

    def get(self) -> Any:
        return self.chunk.get(self.at)


def _blob(raw: tuple[Any, ...]) -> Any:
    """An entry's blob, read from the file if it is still there; CacheError if it cannot be."""
    return _value(raw[3])


def _value(value: Any) -> Any:
    return value.get() if type(value) is BlobRef else value


def load(path: Path, key: str, derived_key: str = "") -> Loaded | None:
    """The cache's contents, or None when there is none; CacheError when it is damaged.

    CacheError when the file is damaged.
    """
    try:
        with _open(path) as fh:
            return _read(fh, key, derived_key)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheError(f"cannot be read ({exc.strerror})") from None


def _read(fh: BinaryIO, key: str, derived_key: str) -> Loaded:
    source = Source(_ident(os.fstat(fh.fileno())), {})
    try:
        start = fh.read(len(FRAMED))
        if start != FRAMED and start.startswith(FRAMED_BEFORE):
            return Loaded({}, {})  # another vaultkit's format: start over, quietly
        if start != FRAMED:
            fh.seek(0)
            old = marshal.load(fh)  # a cache written before frames: start over, quietly
            if isinstance(old, tuple) and len(old) == 3 and old[0] == MAGIC:
                return Loaded({}, {})
            raise CacheError("is not a vaultkit cache")
        header = _frame(fh)
        if not (isinstance(header, tuple) and len(header) == 3 and header[0] == MAGIC):
            raise CacheError("is not a vaultkit cache")
        if header[1] != key or not isinstance(header[2], dict):
            return Loaded({}, {})  # another parser or other options: start over, quietly
        found = Loaded(_load_facts(fh, source), header[2])
        found.source = source
        if _frame(fh) == derived_key:
            found.view = _load_chunked(fh, source, PARTS_SECTION)
            found.rows = _load_chunked(fh, source, ROWS_SECTION)
            found.blocks = _load_chunked(fh, source, BLOCKS_SECTION)
            # the named sections, each with whether it is lazy: read only for the people an
            # edit touches (each chunk a frame of {key: length} and a frame of the values, the
            # values left in the file, `_load_split`)
            names = _frame(fh)
            if not (
                isinstance(names, tuple)
                and all(
                    isinstance(n, tuple) and len(n) == 2 and isinstance(n[0], str) for n in names
                )
            ):
                raise CacheError("is damaged (the view's sections)")
            found.sections = {
                name: (_load_lists(fh, source, name) if lazy else _load_chunked(fh, source, name))
                for name, lazy in names
            }
            found.lazy = frozenset(name for name, lazy in names if lazy)
    except CacheError:
        raise
    except Exception as exc:  # marshal raises EOFError, ValueError, TypeError, ...
        raise CacheError(f"is damaged ({type(exc).__name__})") from None
    return found


CHUNK = 4096
"""Entries per marshalled chunk: marshal builds each object's bytes whole before writing,
so one dict of 100k entries meant ~50 MB held at once while saving."""


# the sections every file has (the view's named sections follow, under their own names)
FACTS_SECTION, PARTS_SECTION, ROWS_SECTION, BLOCKS_SECTION = " facts", " parts", " rows", " blocks"


def _put(fh: BinaryIO, value: Any) -> tuple[int, int]:
    """One marshalled object, prefixed by its length; returns (offset, size) of its bytes.

    `marshal.load(file)` asks the file for every object it reads, ~5x slower than
    `marshal.loads` of bytes read in one go, which frames allow without reading the file whole.
    """
    return _put_bytes(fh, marshal.dumps(value))


def _put_bytes(fh: BinaryIO, data: bytes) -> tuple[int, int]:
    """A frame: the length (8 bytes), the checksum of the bytes (4), the bytes. Returns
    (offset, size) of the bytes; the checksum sits just before them (`_checked`)."""
    fh.write(len(data).to_bytes(8, "little") + zlib.crc32(data).to_bytes(4, "little"))
    offset = fh.tell()
    fh.write(data)
    return offset, len(data)


def _checked(data: bytes) -> memoryview:
    """A frame's bytes as read with their checksum in front (`_put_bytes`), without it;
    CacheError when they are not the bytes that were written (a flipped bit, a torn copy).
    Marshal reads most damage as other valid values (a letter for a letter), so without this
    a damaged cache gave wrong pages with no warning."""
    body = memoryview(data)[4:]  # not a copy: a frame of a big vault's notes is megabytes
    if len(data) < 4 or zlib.crc32(body) != int.from_bytes(data[:4], "little"):
        raise CacheError("is damaged (a checksum does not match)")
    return body


def _frame(fh: BinaryIO) -> Any:
    return _frame_at(fh)[0]


def _frame_at(fh: BinaryIO) -> tuple[Any, int, int]:
    size = int.from_bytes(fh.read(8), "little")
    offset = fh.tell() + 4
    if size > os.fstat(fh.fileno()).st_size - offset:  # a damaged length: never allocate it
        raise EOFError("a frame runs past the end of the file")
    data = fh.read(size + 4)
    if len(data) != size + 4:
        raise EOFError("a frame is cut short")
    return marshal.loads(_checked(data)), offset, size


class _Writer:
    """Writes sections chunk by chunk, copying unchanged chunks from the file being replaced
    (`Source`), and describes what it wrote for the save after this one."""

    def __init__(self, fh: BinaryIO, old: Source | None, old_fd: int | None) -> None:
        self.fh, self.old, self.old_fd = fh, old, old_fd
        self.chunks: dict[str, dict[str, Chunk]] = {}
        self.copied = self.marshalled = 0  # chunks (tests count work with these)
        self.dropped = 0  # notes left out: their blobs, still in the old file, are damaged
        self._written = 0  # entries of the section being written

    def section(self, name: str, entries: Mapping[str, Any]) -> None:
        """The entries in chunks: where a chunk read from the old file starts, a chunk starts
        here too, and when it holds exactly the same keys and objects its bytes are copied."""
        self._sections(name, entries, self._marshal)
        if not entries:  # `_load_chunked` reads one frame even for none
            self._marshal(self.chunks[name], [], [])

    def facts(self, entries: Mapping[str, tuple[Any, ...]]) -> None:
        """The notes' entries, each chunk as two frames: the stamps, then the blobs (so a
        load reads the stamps and leaves the blobs in the file: `_load_facts`)."""
        self._sections(FACTS_SECTION, entries, self._marshal_facts)

    def lists(self, name: str, entries: Mapping[str, Any]) -> None:
        """People's plain lists, each chunk as two frames: their lengths, then the lists."""
        self._sections(name, entries, self._marshal_lists)

    def _sections(
        self,
        name: str,
        entries: Mapping[str, Any],
        marshal_chunk: Callable[[dict[str, Chunk], list[str], list[Any]], None],
    ) -> None:
        at = self.fh.tell()
        _put(self.fh, len(entries))
        self._written = 0
        old = self.old.chunks.get(name, {}) if self.old is not None else {}
        mine: dict[str, Chunk] = {}
        self.chunks[name] = mine
        keys, values = list(entries), list(entries.values())
        starts = [i for i, key in enumerate(keys) if key in old] if old else []
        i, n = 0, len(keys)
        while i < n:
            was = old.get(keys[i])
            if was is not None:
                end = i + len(was.keys)
                if (
                    end <= n
                    and all(map(operator.is_, was.values, values[i:end]))
                    and tuple(keys[i:end]) == was.keys
                    and self._copy(mine, was)
                ):
                    i = end
                    continue
            after = bisect.bisect_right(starts, i)
            end = min(starts[after] if after < len(starts) else n, i + CHUNK)
            marshal_chunk(mine, keys[i:end], values[i:end])
            i = end
        if self._written != n:  # entries left out: the count said before them is rewritten
            here = self.fh.tell()
            self.fh.seek(at)
            if _put(self.fh, self._written)[1] != len(marshal.dumps(n)):
                raise CacheError("is damaged (entries)")  # never: both are 5 bytes
            self.fh.seek(here)

    def _copy(self, mine: dict[str, Chunk], was: Chunk) -> bool:
        if self.old_fd is None:
            return False
        # each frame's bytes with the checksum in front of them, copied as they are: damage
        # in a frame this run never read stays where the run that reads it will find it
        data = os.pread(self.old_fd, was.size + 4, was.offset - 4)
        data2 = os.pread(self.old_fd, was.size2 + 4, was.offset2 - 4) if was.size2 else b""
        if len(data) != was.size + 4 or len(data2) != (was.size2 + 4 if was.size2 else 0):
            return False
        offset, size = self._put_copy(data)
        offset2, size2 = self._put_copy(data2) if was.size2 else (0, 0)
        mine[was.keys[0]] = Chunk(offset, size, was.keys, was.values, offset2, size2)
        self.copied += 1
        self._written += len(was.keys)
        return True

    def _put_copy(self, data: bytes) -> tuple[int, int]:
        """A frame copied from the old file: its checksum and bytes (`_put_bytes`)."""
        self.fh.write((len(data) - 4).to_bytes(8, "little"))
        offset = self.fh.tell() + 4
        self.fh.write(data)
        return offset, len(data) - 4

    def _marshal(self, mine: dict[str, Chunk], keys: list[str], values: list[Any]) -> None:
        data = marshal.dumps(dict(zip(keys, values, strict=True)))
        offset, size = _put_bytes(self.fh, data)
        if keys:
            mine[keys[0]] = Chunk(offset, size, tuple(keys), tuple(values))
        self.marshalled += 1
        self._written += len(keys)

    def _marshal_facts(self, mine: dict[str, Chunk], keys: list[str], values: list[Any]) -> None:
        try:
            blobs = [_blob(v) if type(v) is tuple and len(v) > 3 else None for v in values]
        except CacheError:  # a chunk of the old file damaged: its notes are read again
            return self._marshal_readable(mine, keys, values)
        stamps = {k: v[:3] if type(v) is tuple else v for k, v in zip(keys, values, strict=True)}
        self._marshal_split(mine, keys, values, stamps, tuple(blobs))

    def _marshal_readable(self, mine: dict[str, Chunk], keys: list[str], values: list[Any]) -> None:
        """The entries whose blobs can still be read; the others are left out (`dropped`)."""
        kept_keys: list[str] = []
        kept: list[Any] = []
        for key, value in zip(keys, values, strict=True):
            try:
                if type(value) is tuple and len(value) > 3:
                    _blob(value)
            except CacheError:
                self.dropped += 1
                continue
            kept_keys.append(key)
            kept.append(value)
        if kept:
            self._marshal_facts(mine, kept_keys, kept)

    def _marshal_lists(self, mine: dict[str, Chunk], keys: list[str], values: list[Any]) -> None:
        plain = tuple(_value(v) for v in values)
        counts = {k: len(v) if type(v) is tuple else 0 for k, v in zip(keys, plain, strict=True)}
        self._marshal_split(mine, keys, values, counts, plain)

    def _marshal_split(
        self,
        mine: dict[str, Chunk],
        keys: list[str],
        values: list[Any],
        head: dict[str, Any],
        tail: tuple[Any, ...],
    ) -> None:
        offset, size = _put_bytes(self.fh, marshal.dumps(head))
        offset2, size2 = _put_bytes(self.fh, marshal.dumps(tail))
        mine[keys[0]] = Chunk(offset, size, tuple(keys), tuple(values), offset2, size2)
        self.marshalled += 1
        self._written += len(keys)


def _load_facts(fh: BinaryIO, source: Source) -> dict[str, tuple[Any, ...]]:
    """path -> (mtime_ns, size, kind, blob): every note's stamp now, each chunk's blobs left
    in the file (`BlobRef`) until a note of that chunk is decoded. Each chunk is two frames:
    the stamps (a dict) and the blobs (a tuple, in the same order)."""

    def entry(stamp: Any, chunk: _BlobChunk, at: int) -> Any:
        return (*stamp, BlobRef(chunk, at)) if type(stamp) is tuple else stamp

    found = _load_split(fh, source, FACTS_SECTION, entry)
    if os.name == "nt":  # a file held open there cannot be replaced: read every blob now
        found = {p: (*raw[:3], _blob(raw)) if len(raw) > 3 else raw for p, raw in found.items()}
    return found


def _load_lists(fh: BinaryIO, source: Source, name: str) -> dict[str, Any]:
    """person -> plain list, each still in the file (`BlobRef`, with its length) until read."""

    def ref(count: Any, chunk: _BlobChunk, at: int) -> Any:
        if type(count) is not int:
            raise CacheError("is damaged (a list's length)")
        return BlobRef(chunk, at, count)

    found = _load_split(fh, source, name, ref)
    if os.name == "nt":
        found = {who: _value(value) for who, value in found.items()}
    return found


def _load_split(
    fh: BinaryIO, source: Source, name: str, make: Callable[[Any, _BlobChunk, int], Any]
) -> dict[str, Any]:
    """A section written in pairs of frames (`_Writer._marshal_split`): the first read now
    ({key: what is known without the value}), the second left in the file."""
    count = _frame(fh)
    if type(count) is not int or count < 0:
        raise CacheError("is damaged (entry count)")
    file = _File(os.dup(fh.fileno()))
    end = os.fstat(fh.fileno()).st_size
    out: dict[str, Any] = {}
    chunks: dict[str, Chunk] = {}
    while len(out) < count:
        head, offset, size = _frame_at(fh)
        if not isinstance(head, dict) or not head:
            raise CacheError("is damaged (entries)")
        size2 = int.from_bytes(fh.read(8), "little")
        offset2 = fh.tell() + 4  # after the checksum, which is checked when read (`_BlobChunk`)
        if offset2 + size2 > end:
            raise CacheError("is damaged (a frame runs past the end of the file)")
        fh.seek(4 + size2, os.SEEK_CUR)
        lazy = _BlobChunk(file, offset2, size2, len(head))
        values = [make(known, lazy, at) for at, known in enumerate(head.values())]
        keys = tuple(head)
        out.update(zip(keys, values, strict=True))
        chunks[keys[0]] = Chunk(offset, size, keys, tuple(values), offset2, size2)
    if len(out) != count:
        raise CacheError("is damaged (entries)")
    source.chunks[name] = chunks
    return out


def _load_chunked(fh: BinaryIO, source: Source | None = None, name: str = "") -> dict[str, Any]:
    count = _frame(fh)
    if type(count) is not int or count < 0:
        raise CacheError("is damaged (entry count)")
    out: dict[str, Any] = {}
    chunks: dict[str, Chunk] = {}
    while True:
        chunk, offset, size = _frame_at(fh)
        if not isinstance(chunk, dict) or (not chunk and count):
            raise CacheError("is damaged (entries)")
        out.update(chunk)
        if chunk and source is not None:
            keys = tuple(chunk)
            chunks[keys[0]] = Chunk(offset, size, keys, tuple(chunk.values()))
        if len(out) >= count:
            break
    if len(out) != count:
        raise CacheError("is damaged (entries)")
    if source is not None:
        source.chunks[name] = chunks
    return out


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


def encode_derived(parts: dict[str, Any]) -> dict[str, bytes]:
    """The view's parts, one blob per note; parts still in their loaded form pass through
    (the very objects: the save then copies their chunks)."""
    dumps = marshal.dumps
    return {path: part if type(part) is bytes else dumps(part) for path, part in parts.items()}


def pack_part(part: Any) -> bytes:
    """One note's part of the view as `encode_derived` writes it (a cold build's workers)."""
    return marshal.dumps(part)


def unpack_part(blob: bytes) -> Any:
    """One note's part of the view, read back when the note is derived again."""
    try:
        return marshal.loads(blob)
    except Exception as exc:
        raise CacheError(f"is damaged ({type(exc).__name__} in the view)") from None


def save(
    path: Path,
    key: str,
    raw: dict[str, tuple[Any, ...]],
    extra: dict[str, Any],
    derived: tuple[str, Mapping[str, bytes]] | None = None,
    rows: dict[str, Any] | None = None,
    blocks: dict[str, Any] | None = None,
    sections: dict[str, dict[str, Any]] | None = None,
    source: Source | None = None,
    lazy: frozenset[str] = frozenset(),
) -> Source | None:
    """Write atomically; a cache that cannot be written is only a slower next run.

    `source`: the file as this process read (or last wrote) it; chunks whose entries are the
    objects read from it are copied rather than marshalled again. Returns the new file's
    description, for the next save (None when nothing was written); its `damage` says what
    could not be carried over from the old file (notes then read again, or the view rebuilt,
    by the next run). `lazy`: the sections a load leaves in the file until read."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        old_fd = _open_same(path, source)
        try:
            view = (derived, rows, blocks, sections, lazy)
            try:
                return _write(path, key, raw, extra, view, source, old_fd)
            except CacheError as exc:  # a list still in the old file is damaged: no view
                if derived is None:
                    raise
                none = (None, None, None, None, lazy)
                written = _write(path, key, raw, extra, none, source, old_fd)
                written.damage = written.damage or str(exc)
                return written
        finally:
            if old_fd is not None:
                os.close(old_fd)
    except (OSError, CacheError):  # a blob no longer readable: the next run rebuilds
        return None


_View = tuple[
    tuple[str, Mapping[str, bytes]] | None,
    dict[str, Any] | None,
    dict[str, Any] | None,
    dict[str, dict[str, Any]] | None,
    frozenset[str],
]


def _write(
    path: Path,
    key: str,
    raw: dict[str, tuple[Any, ...]],
    extra: dict[str, Any],
    view: _View,
    source: Source | None,
    old_fd: int | None,
) -> Source:
    derived, rows, blocks, sections, lazy = view
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            writer = _Writer(fh, source if old_fd is not None else None, old_fd)
            fh.write(FRAMED)
            _put(fh, (MAGIC, key, extra))
            writer.facts(raw)
            if derived is None:
                _put(fh, None)
            else:
                _put(fh, derived[0])
                writer.section(PARTS_SECTION, derived[1])
                for name, part in ((ROWS_SECTION, rows or {}), (BLOCKS_SECTION, blocks or {})):
                    writer.section(name, part)
                named = sections or {}
                _put(fh, tuple([(name, name in lazy) for name in named]))
                for name, section in named.items():
                    if name in lazy:
                        writer.lists(name, section)
                    else:
                        writer.section(name, section)
            fh.flush()
            written = Source(
                _ident(os.fstat(fh.fileno())), writer.chunks, writer.copied, writer.marshalled
            )
            if writer.dropped:
                written.damage = f"is damaged ({writer.dropped} notes' facts could not be read)"
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return written


def _open_same(path: Path, source: Source | None) -> int | None:
    """The file `source` describes, opened for copying chunks; None if it is not that file."""
    if source is None:
        return None
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError:
        return None
    try:
        if _ident(os.fstat(fd)) == source.ident:
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


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
