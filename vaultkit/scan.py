"""The vault walk and the one place notes are read from disk (VAULT_FORMAT §1).

The walk is sorted, never follows symbolic links, and stats files without reading them, so
an unchanged vault costs one `stat` per note.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import Config
from .models import FileStamp, Issue

UTF8_BOM = b"\xef\xbb\xbf"

# Editors' and sync tools' scratch files: never notes (the walk and the watcher agree).
TEMP_PATTERNS = (
    ".*.swp", ".*.swx", "*~", "4913", ".#*", ".syncthing.*", "~syncthing~*", "*.tmp",
    ".*.icloud", ".DS_Store", "*.vaultkit-tmp", ".~lock.*",
)  # fmt: skip


def is_temp(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in TEMP_PATTERNS)


@dataclass
class ScanResult:
    notes: list[FileStamp] = field(default_factory=list)
    output_files: list[str] = field(default_factory=list)  # everything in the output folder
    issues: list[Issue] = field(default_factory=list)


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """gitignore-like globs: `*` and `?` stay in one folder, `**` crosses folders."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.IGNORECASE)


def ignored(relpath: str, patterns: tuple[str, ...], is_dir: bool) -> bool:
    """A pattern with no `/` matches a name at any depth; otherwise the whole vault path."""
    name = relpath.rsplit("/", 1)[-1]
    for raw in patterns:
        pattern = raw.strip()
        if not pattern:
            continue
        if pattern.endswith("/"):
            if not is_dir:
                continue
            pattern = pattern.rstrip("/")
        pattern = pattern.lstrip("/")
        subject = relpath if "/" in pattern else name
        if glob_regex(pattern).match(subject):
            return True
    return False


def _is_output(rel: str, config: Config) -> bool:
    folded, output = rel.casefold(), config.output_folder.casefold()
    return folded == output or folded.startswith(output + "/")


def _skipped(rel: str, name: str, is_dir: bool, config: Config) -> bool:
    """This one entry, its folders already let through (§1): dot names, templates folders,
    `ignore` globs, and files that are not notes (other endings, editors' scratch files)."""
    if name.startswith("."):
        return True
    if is_dir:
        folded = rel.casefold()
        templates = any(folded == f.casefold() for f in config.templates_folders)
        return templates or ignored(rel, config.ignore, True)
    return (
        not name.casefold().endswith(".md") or is_temp(name) or ignored(rel, config.ignore, False)
    )


def excluded(rel: str, config: Config, is_dir: bool = False) -> bool:
    """Whether a vault path is outside what vaultkit reads (§1).

    The walk prunes folders as it goes; the watcher asks about single paths, so this checks
    every folder on the way down with the walk's own rule.
    """
    if _is_output(rel, config):
        return True
    parts = rel.split("/")
    for i in range(1, len(parts)):
        if _skipped("/".join(parts[:i]), parts[i - 1], True, config):
            return True
    return _skipped(rel, parts[-1], is_dir, config)


def scan(vault: Path, config: Config) -> ScanResult:
    result = ScanResult()
    root = str(vault)
    real_root = os.path.realpath(root)
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(os.path.join(root, folder) if folder else root) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except FileNotFoundError:
            continue  # removed while we walked
        except OSError as exc:
            result.issues.append(Issue("unreadable", folder or ".", None, _os_reason(exc)))
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            _visit(entry, rel, result, stack, config, real_root)
    result.notes.sort(key=lambda s: s.path)
    result.output_files.sort()
    return result


def _visit(
    entry: os.DirEntry[str], rel: str, result: ScanResult, stack: list[str], config: Config,
    real_root: str,
) -> None:  # fmt: skip
    if _is_output(rel, config):
        _output_entry(entry, rel, result, stack)
        return
    if entry.name.startswith("."):
        return
    try:
        if entry.is_symlink():
            _symlink(entry, rel, result, real_root)
            return
        is_dir = entry.is_dir(follow_symlinks=False)
        if _skipped(rel, entry.name, is_dir, config):
            return
        if is_dir:
            stack.append(rel)
            return
        st = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return
    except OSError as exc:
        result.issues.append(Issue("unreadable", rel, None, _os_reason(exc)))
        return
    result.notes.append(FileStamp(rel, st.st_mtime_ns, st.st_size))


def scan_output(vault: Path, config: Config) -> list[str]:
    """Just the output folder's files (the watcher ignores that folder's events)."""
    result = ScanResult()
    stack = [config.output_folder]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(vault / folder) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith("."):
                _output_entry(entry, f"{folder}/{entry.name}", result, stack)
    return sorted(result.output_files)


def _output_entry(entry: os.DirEntry[str], rel: str, result: ScanResult, stack: list[str]) -> None:
    """The output folder is not read as notes, but its files are listed to check ownership."""
    try:
        if entry.is_dir(follow_symlinks=False):
            stack.append(rel)
        else:
            result.output_files.append(rel)
    except OSError:
        return


def _symlink(entry: os.DirEntry[str], rel: str, result: ScanResult, real_root: str) -> None:
    """Links are never followed; one that leaves the vault is worth telling the user about."""
    target = os.path.realpath(entry.path)
    if os.path.commonpath([real_root, target]) != real_root:
        message = "symbolic link to a place outside the vault; not followed"
        result.issues.append(Issue("symlink", rel, None, message))


def read_note(vault: Path, stamp: FileStamp, max_bytes: int) -> tuple[str | None, Issue | None]:
    """The note's text (BOM removed) or the reason it cannot be used; never raises for bad files."""
    if stamp.size > max_bytes:
        limit = max_bytes / (1024 * 1024)
        message = f"larger than the size limit ({limit:g} MiB, config max_file_size_mb); skipped"
        return None, Issue("too-large", stamp.path, None, message)
    try:
        with open(vault / stamp.path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, Issue("unreadable", stamp.path, None, _os_reason(exc))
    return decode_note(stamp.path, data, max_bytes)


def decode_note(path: str, data: bytes, max_bytes: int) -> tuple[str | None, Issue | None]:
    if len(data) > max_bytes:
        return None, Issue("too-large", path, None, "larger than the size limit; skipped")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "encoded as UTF-16; vaultkit reads UTF-8 only (re-save the file as UTF-8)"
        return None, Issue("encoding", path, None, message)
    if data.startswith(UTF8_BOM):
        data = data[3:]
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return None, Issue("binary", path, line, "holds NUL bytes: not a text note; skipped")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8"
        return None, Issue("encoding", path, line, message)


def _os_reason(exc: OSError) -> str:
    return f"cannot be read: {exc.strerror or exc}"
