"""`vaultkit cache path|clear`: which files in a cache folder are vaultkit's, and removing them.

The cache holds what vaultkit read from the notes (names, dates, links, task text), so a user
must be able to find it and delete it. Only files vaultkit names are ever removed: the folder
may be one the user chose (`--cache-dir`), holding files of their own.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

# cache_file.cache_file's names (the database and its WAL files; `.marshal`: the file of
# vaultkit before the database), and the record of the files vaultkit wrote beside each
# (outputs/manifest.py: the ledger)
CACHE_NAME_RE = re.compile(r"^[0-9a-f]{20}\.(?:sqlite(?:-wal|-shm)?|marshal|outputs\.json)$")
TEMP_NAME_RE = re.compile(r"^\.[A-Za-z0-9_]{8}\.tmp$")  # older vaultkits' temporary files
TEMP_GRACE_SECONDS = 600  # younger temporary files may be a sync's write in progress


@dataclass(frozen=True)
class Cleared:
    files: int
    size: int  # bytes


def ours(folder: Path, now: float | None = None) -> list[Path]:
    """vaultkit's files in `folder`: cache files, and temporary files a crash left behind."""
    if not folder.is_dir():
        return []
    when = time.time() if now is None else now
    found = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.is_symlink():
            continue
        stale_temp = (
            TEMP_NAME_RE.match(path.name) and when - path.stat().st_mtime > TEMP_GRACE_SECONDS
        )
        if CACHE_NAME_RE.match(path.name) or stale_temp:
            found.append(path)
    return found


def companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database (its write-ahead log and shared memory)."""
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def remove(paths: list[Path]) -> Cleared:
    """Delete `paths` (those already gone are not counted)."""
    files = size = 0
    for path in paths:
        try:
            length = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
        files += 1
        size += length
    return Cleared(files, size)


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    if size < 1_000_000:
        return f"{size / 1000:.1f} KB"
    return f"{size / 1_000_000:.1f} MB"
