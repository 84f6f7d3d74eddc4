"""Safe writes: inside the vault only, atomic, only when bytes change, never over a newer file.

A write goes to a temp file in the same folder, is fsynced, and replaces the target with one
`os.replace`, so a reader (or a crash) sees the old bytes or the new ones, never half of each.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import NotAFile, WriteError, special
from .regular import open_regular

# A note changed this recently may be in the middle of an editor's save: not written this
# round (VAULT_FORMAT §9, docs/vault-format.md "What vaultkit writes"). Editors that save in
# place (VS Code, Obsidian, vim with `backupcopy=yes`) truncate and write; one that writes in
# more than one call leaves a half-written note for a moment, and a rename over it then sends
# the rest of the save into the replaced file. Two seconds covers a save's calls with room;
# the stamp is checked again just before the rename.
QUIET_SECONDS = 2.0


def wall_clock() -> float:
    """The time a file's modification time is compared with (tests replace it)."""
    return time.time()


def recently_changed(mtime_ns: int, now: float) -> bool:
    """Changed within QUIET_SECONDS of `now` (or in the future: a clock skewed by a sync tool)."""
    return now - mtime_ns / 1e9 < QUIET_SECONDS


def read_only(path: Path) -> bool:
    """The user took away write permission: a note vaultkit must leave alone, though a rename
    in a writable folder could replace it (the owner's write bit, so root sees it too)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a file was when we read it; a write goes ahead only if it still is."""

    mtime_ns: int
    size: int
    digest: str
    ino: int = 0  # 0: unknown; else a file renamed over it (an editor's save) is a change


class ChangedOnDisk(Exception):
    """The file changed after we read it: the user's version wins; we retry next sync."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot(path: Path) -> tuple[bytes, Snapshot] | None:
    """The file's bytes and stamp, or None when it does not exist; `NotAFile` when something
    else than a regular file has that name (checked on the open file, before reading)."""
    found = open_regular(path)  # a folder too (`open` would raise IsADirectoryError)
    if found is None:
        return None
    fd, st = found
    with open(fd, "rb") as fh:
        data = fh.read()
    return data, Snapshot(st.st_mtime_ns, st.st_size, digest(data), st.st_ino)


def inside(vault: Path, path: Path) -> bool:
    """True when `path` (after resolving every symlink of its folder) lies within the vault."""
    root = os.path.realpath(vault)
    parent = os.path.realpath(path.parent)
    return os.path.commonpath([root, parent]) == root and not path.is_symlink()


def write_atomic(vault: Path, path: Path, data: bytes, expected: Snapshot | None) -> None:
    """Replace `path` with `data`; `expected` is the file as read (None: it must not exist)."""
    if not inside(vault, path):
        raise WriteError(f"{path}: refusing to write outside the vault (symbolic link?)")
    _check_unchanged(path, expected)
    tmp = None
    try:
        tmp = _temp_copy(path, data, _mode(path))
        _check_unchanged(path, expected)  # a last look, as close to the rename as we can get
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        reason = exc.strerror or exc
        error = WriteError(f"{path}: could not be written ({reason}); left as it was")
        error.whole_disk = exc.errno in _WHOLE_DISK
        raise error from None
    finally:
        _discard(tmp)  # also on ChangedOnDisk and Ctrl-C: never leave a temp file behind


_WHOLE_DISK = {errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)}


def delete_owned(path: Path, expected: Snapshot) -> None:
    _check_unchanged(path, expected)
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(f"{path}: could not be deleted ({exc.strerror or exc})") from None


def _check_unchanged(path: Path, expected: Snapshot | None) -> None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        if expected is not None:
            raise ChangedOnDisk(str(path)) from None
        return
    if stat.S_ISDIR(st.st_mode):  # not an edit to wait out: a folder where a file must go
        raise WriteError(f"{path}: is a folder, so it cannot be written; rename or remove it")
    if special(st.st_mode):  # a pipe, device or socket: never replaced, never read
        raise NotAFile(path, st.st_mode)
    if expected is None:
        raise ChangedOnDisk(str(path))
    if (st.st_mtime_ns, st.st_size) != (expected.mtime_ns, expected.size):
        raise ChangedOnDisk(str(path))
    if expected.ino and st.st_ino != expected.ino:
        raise ChangedOnDisk(str(path))
    try:  # same stamp, but an edit within the clock's resolution keeps it: compare the bytes
        with open(path, "rb") as fh:
            same = digest(fh.read()) == expected.digest
    except OSError:
        same = False
    if not same:
        raise ChangedOnDisk(str(path))


def _mode(path: Path) -> int | None:
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        return None


def _temp_copy(path: Path, data: bytes, mode: int | None) -> str:
    """`data`, durably on disk in a temp file beside `path` (same folder: the rename is atomic)."""
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name[:40]}.", suffix=".vaultkit-tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, new_file_mode() if mode is None else mode)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


# `_temp_copy`'s names: `.` + the target's name (up to 40 characters) + `.` + mkstemp's eight
# random characters + `.vaultkit-tmp`. Only these are ever removed as stale.
TEMP_NAME_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.vaultkit-tmp$")
STALE_TEMP_SECONDS = 3600.0  # a write takes well under a second: older ones a crash left


def remove_stale_temps(root: Path, rels: list[str], now: float) -> list[str]:
    """Delete the temp files of vaultkit's own naming (vault paths `rels`) that a killed
    write left over an hour ago; a younger one may be another sync's write in progress. A
    file of another name, a link or a folder is never touched. Returns the paths removed."""
    removed = []
    for rel in rels:
        path = root / rel
        if not TEMP_NAME_RE.match(path.name):
            continue
        try:
            st = os.stat(path, follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_TEMP_SECONDS:
                continue
            os.unlink(path)
        except OSError:
            continue
        removed.append(rel)
    return removed


def new_file_mode() -> int:
    """The mode any new file in the vault gets (0o666 less the umask), not mkstemp's 0o600:
    a page or note must be as readable as the ones the user's editor makes."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _discard(tmp: str | None) -> None:
    if tmp is None:
        return
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def create_new(vault: Path, path: Path, data: bytes) -> None:
    """Create `path` with `data`, atomically, failing if anything already has that name."""
    if not inside(vault, path):
        raise WriteError(f"{path}: refusing to write outside the vault")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not inside(vault, path):  # the folder we just made might be reached through a link
        raise WriteError(f"{path}: refusing to write outside the vault")
    tmp = None
    try:
        tmp = _temp_copy(path, data, None)
        os.link(tmp, path)  # fails with FileExistsError rather than replace
    except FileExistsError:
        raise WriteError(f"{path}: already exists; vaultkit never overwrites a note") from None
    except OSError as exc:
        raise WriteError(f"{path}: could not be created ({exc.strerror or exc})") from None
    finally:
        _discard(tmp)
