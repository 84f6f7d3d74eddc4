"""The vault walk and the one place notes are read from disk (VAULT_FORMAT §1).

The walk is sorted, never follows symbolic links, and stats files without reading them, so
an unchanged vault costs one `stat` per note.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import NotAFile, file_kind, shown
from ..core.regular import open_regular, read_upto
from .config import Config

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

from ..core.models import FileStamp, Issue

UTF8_BOM = b"\xef\xbb\xbf"

# Editors' and sync tools' scratch files: never notes (the walk and the watcher agree).
TEMP_PATTERNS = (
    ".*.swp", ".*.swx", "*~", "4913", ".#*", ".syncthing.*", "~syncthing~*", "*.tmp",
    ".*.icloud", ".DS_Store", "*.vaultkit-tmp", ".~lock.*",
)  # fmt: skip


_TEMP_RE = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in TEMP_PATTERNS))


def is_temp(name: str) -> bool:
    return _TEMP_RE.match(name) is not None


@dataclass
class ScanResult:
    """The notes' stamps as three parallel lists in walk order, and what else the walk found.

    Walk order is deterministic for an unchanged tree, which is all the no-op check needs
    (`quick.stamps_digest`); building stamp objects and sorting them is left to `notes`,
    which only a sync that has work to do asks for.
    """

    paths: list[str] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    output_files: list[str] = field(default_factory=list)  # everything in the output folder
    temp_files: list[str] = field(
        default_factory=list
    )  # `.*.vaultkit-tmp`: a write's, or a crash's
    issues: list[Issue] = field(default_factory=list)

    @property
    def notes(self) -> list[FileStamp]:
        """Stamps sorted by path."""
        found = list(map(FileStamp, self.paths, self.mtimes, self.sizes))
        found.sort(key=_path_of)
        return found


def _path_of(stamp: FileStamp) -> str:
    return stamp.path


@lru_cache(maxsize=64)
def _ignore_spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """`ignore` globs with .gitignore's rules (pathspec): a pattern with no `/` matches a name
    at any depth, one with `/` the vault path, a trailing `/` folders only, `**` any folders,
    and `!` takes a path back out again. Compared case-insensitively, as Obsidian's names are.
    Imported only for a vault that has `ignore` globs: the no-op walk of others stays lean."""
    import pathspec

    lines = [p.strip().casefold() for p in patterns if p.strip()]
    return pathspec.GitIgnoreSpec.from_lines(lines)


def ignored(relpath: str, patterns: tuple[str, ...], is_dir: bool) -> bool:
    """Whether `ignore` leaves this file (or folder) out. A folder left out is not walked, so
    (as in git) a `!` pattern cannot bring back a file inside it."""
    if not patterns:
        return False
    return _ignore_spec(patterns).match_file(relpath.casefold() + ("/" if is_dir else ""))


@lru_cache(maxsize=64)
def _folded(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(n.casefold() for n in names)


def _is_output(rel: str, config: Config) -> bool:
    folded, output = rel.casefold(), config.output_folder.casefold()
    if folded == output or folded.startswith(output + "/"):
        return True
    return config.dialect == "logseq" and folded.startswith(_namespace(config)[1])


def _namespace(config: Config) -> tuple[str, str]:
    """A Logseq graph's output namespace, case-folded: (its folder, `pages`; the start of
    its files' paths, `pages/vaultkit___`): those files are pages vaultkit writes, never
    notes (§13). Worked out once per config: the walk asks for every page of the folder."""
    return _namespace_of(config.pages_folder, config.output_folder)


@lru_cache(maxsize=16)
def _namespace_of(pages: str, output: str) -> tuple[str, str]:
    prefix = Config(dialect="logseq", pages_folder=pages, output_folder=output).output_prefix
    return prefix.rpartition("/")[0].casefold(), prefix.casefold()


def destinations(config: Config, vault: Path | None = None) -> frozenset[str]:
    """Where `[outputs]` sends pages inside the vault (case-folded vault paths): never walked
    as notes (§1), or a page sent to `People/Directory.md` would become a person. Absolute
    paths are placed in the vault only when the vault is known."""
    return _destinations(config.outputs, None if vault is None else str(vault))


@lru_cache(maxsize=64)
def _destinations(placed: tuple[tuple[str, str], ...], vault: str | None) -> frozenset[str]:
    found: set[str] = set()
    for _, value in placed:
        path = os.path.expanduser(value.replace("\\", "/"))
        if os.path.isabs(path):
            if vault is None:
                continue
            path = os.path.relpath(os.path.normpath(path), vault)
        rel = posixpath.normpath(path.replace(os.sep, "/"))
        if not rel.startswith("../") and rel != "..":
            found.add(rel.casefold())
    return frozenset(found)


def _skipped(rel: str, name: str, is_dir: bool, config: Config) -> bool:
    """This one entry, its folders already let through (§1): dot names, templates folders,
    `ignore` globs, and files that are not notes (other endings, editors' scratch files)."""
    if name.startswith("."):
        return True
    if is_dir:
        templates = rel.casefold() in _folded(config.templates_folders)
        return templates or ignored(rel, config.ignore, True)
    return (
        not name[-3:].casefold().endswith(".md")
        or _TEMP_RE.match(name) is not None
        or ignored(rel, config.ignore, False)
    )


def excluded(rel: str, config: Config, is_dir: bool = False, vault: Path | None = None) -> bool:
    """Whether a vault path is outside what vaultkit reads (§1).

    The walk prunes folders as it goes; the watcher asks about single paths, so this checks
    every folder on the way down with the walk's own rule.
    """
    if _is_output(rel, config):
        return True
    if config.outputs and not is_dir and rel.casefold() in destinations(config, vault):
        return True
    parts = rel.split("/")
    for i in range(1, len(parts)):
        if _skipped("/".join(parts[:i]), parts[i - 1], True, config):
            return True
    return _skipped(rel, parts[-1], is_dir, config)


def scan(vault: Path, config: Config) -> ScanResult:
    """Every note's stamp, sorted by path; one `stat` per note and nothing read.

    This is the whole cost of a no-op sync, so the loop is kept tight: a plain note takes a
    few string tests, one compiled-regex test and a `stat`, and no object is built per note.
    The output-folder test only runs in folders that can hold it, and `ignore` globs only
    when there are some.
    """
    result = ScanResult()
    paths, mtimes, sizes = result.paths, result.mtimes, result.sizes
    root = str(vault)
    real_root = os.path.realpath(root)
    output = config.output_folder.casefold()
    namespace = _namespace(config)[0] if config.dialect == "logseq" else None
    patterns = config.ignore
    placed = destinations(config, vault) if config.outputs else frozenset()
    temp = _TEMP_RE.match
    # a Logseq graph's `.org` pages: not read, one hint (§13)
    org: list[str] | None = [] if config.dialect == "logseq" else None
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(os.path.join(root, folder) if folder else root) as it:
                entries = list(it)
        except FileNotFoundError:
            continue  # removed while we walked
        except OSError as exc:
            result.issues.append(Issue("unreadable", shown(folder or "."), None, _os_reason(exc)))
            continue
        folded = folder.casefold()
        near_output = _near(folded, output) or (namespace is not None and folded == namespace)
        prefix = folder + "/" if folder else ""
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if near_output and _is_output(rel, config):
                _output_entry(entry, rel, result, stack)
                continue
            if name.startswith("."):
                _dot_file(name, rel, result)
                continue
            try:
                if entry.is_symlink():
                    _symlink(entry, rel, result, real_root)
                    continue
                if not entry.is_file(follow_symlinks=False):
                    _not_a_file(entry, rel, config, stack, result)
                    continue
                if (
                    (name[-3:].casefold() != ".md" and _other_file(name, rel, org))
                    or temp(name) is not None
                    or (patterns and ignored(rel, patterns, False))
                    or (not name.isascii() and _bad_name(rel, False, result))
                    or (placed and rel.casefold() in placed)
                ):
                    continue
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            except OSError as exc:
                result.issues.append(Issue("unreadable", shown(rel), None, _os_reason(exc)))
                continue
            paths.append(rel)
            mtimes.append(st.st_mtime_ns)
            sizes.append(st.st_size)
    result.output_files.sort()
    result.issues.extend(_org_hint(org or [], patterns))
    result.issues.sort(key=lambda i: i.path)
    return result


def _other_file(name: str, rel: str, org: list[str] | None) -> bool:
    """Not a note (true); a Logseq graph's `.org` page is kept for its hint. Called only for
    files not named `.md`: a note pays nothing."""
    if org is not None and name[-4:].casefold() == ".org":
        org.append(rel)
    return True


def _org_hint(found: list[str], patterns: tuple[str, ...]) -> list[Issue]:
    """One hint for all the `.org` pages that no `ignore`/`:hidden` pattern leaves out."""
    org = sorted(o for o in found if not (patterns and ignored(o, patterns, False)))
    if not org:
        return []
    many = f"{len(org)} Org-mode pages (.org) are" if len(org) > 1 else "an Org-mode page is"
    return [
        Issue(
            "logseq",
            org[0],
            None,
            f"{many} not read: vaultkit reads Markdown pages only (convert them to use them)",
        )
    ]


def undecodable(name: str) -> bool:
    """Whether a name read from the disk holds bytes that are not UTF-8 (Python keeps them as
    lone surrogates): such a path cannot be written into a page, a block or the cache."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_name(rel: str, is_dir: bool, result: ScanResult) -> bool:
    """A note or folder whose name is not UTF-8 is reported once and skipped (a folder's
    notes with it): True. False for a good name."""
    if not undecodable(rel.rpartition("/")[2]):
        return False
    what = "folder name" if is_dir else "file name"
    skipped = "nothing in it is read" if is_dir else "skipped"
    message = f"the {what} is not valid UTF-8 (shown with \\x escapes); {skipped}: rename it"
    result.issues.append(Issue("encoding", shown(rel), None, message))
    return True


def _dot_file(name: str, rel: str, result: ScanResult) -> None:
    """Dot names are never notes; a write's temp file is listed, for the stale ones to go."""
    if name.endswith(".vaultkit-tmp"):
        result.temp_files.append(rel)


def _near(folder: str, output: str) -> bool:
    """Whether this (case-folded) folder can hold the output folder or is inside it."""
    return (
        not folder
        or output.startswith(folder + "/")
        or folder == output
        or folder.startswith(output + "/")
    )


def _not_a_file(
    entry: os.DirEntry[str], rel: str, config: Config, stack: list[str], result: ScanResult
) -> None:
    """A folder is walked (unless left out); a named pipe, device or socket named like a note
    is reported and never opened (a pipe's reader waits for a writer)."""
    if entry.is_dir(follow_symlinks=False):
        if not _skipped(rel, entry.name, True, config) and not _bad_name(rel, True, result):
            stack.append(rel)
    elif not _skipped(rel, entry.name, False, config):
        result.issues.append(not_a_file(shown(rel), entry.stat(follow_symlinks=False).st_mode))


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
            _output_entry(entry, f"{folder}/{entry.name}", result, stack)
    namespace = config.output_prefix if config.dialect == "logseq" else None
    if namespace is not None:  # a Logseq graph's pages `pages/Vaultkit___*.md` (§13)
        folder, _, start = namespace.rpartition("/")
        try:
            with os.scandir(vault / folder) as it:
                entries = [e for e in it if e.name.casefold().startswith(start.casefold())]
        except OSError:
            entries = []
        for entry in entries:
            _output_entry(entry, f"{folder}/{entry.name}", result, [])
    return sorted(result.output_files)


def _output_entry(entry: os.DirEntry[str], rel: str, result: ScanResult, stack: list[str]) -> None:
    """The output folder is not read as notes, but its files are listed to check ownership;
    its dot-files (the manifest, a write's temporary file) are no output of anyone's."""
    if entry.name.startswith("."):
        _dot_file(entry.name, rel, result)
        return
    if not entry.name.isascii() and undecodable(entry.name):
        message = "the file name is not valid UTF-8 (shown with \\x escapes); rename it"
        result.issues.append(Issue("encoding", shown(rel), None, message))
        return
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
        result.issues.append(Issue("symlink", shown(rel), None, message))


def read_note(
    vault: Path, stamp: FileStamp, max_bytes: int
) -> tuple[str | None, Issue | None, bool]:
    """The note's text (BOM removed) or the reason it cannot be used, and whether what was read
    is what the stamp describes; never raises for bad files.

    One non-blocking `open`, an `fstat` that makes sure it is a regular file before a byte is
    read (the walk said so, but a pipe may have taken its place since), one `read`, and an
    `fstat` after it: its size and modification time equal the stamp's, or the file changed
    since the walk or while we read it (False: read it again later). `os.read` into one bytes
    object is half the cost of `open().read()`, and the `fstat`s spare a `stat` of the path.
    """
    if stamp.size > max_bytes:
        limit = max_bytes / (1024 * 1024)
        message = f"larger than the size limit ({limit:g} MiB, config max_file_size_mb); skipped"
        return None, Issue("too-large", stamp.path, None, message), True
    # Read what the stamp says is there (+1 to notice growth): `read(n)` sets aside n bytes
    # first, and setting aside the size limit for every small note was most of a cold read.
    limit = min(stamp.size, max_bytes) + 1
    try:
        found = open_regular(os.path.join(vault, stamp.path))
    except NotAFile as exc:  # a pipe may have taken its place since the walk
        return None, not_a_file(stamp.path, exc.mode), True
    except OSError as exc:
        return None, Issue("unreadable", stamp.path, None, _os_reason(exc)), True
    if found is None:
        return None, None, True
    fd = found[0]
    try:
        data = read_upto(fd, stamp.size, limit)  # a short read (rare for a file) reads on
        st = os.fstat(fd)
    except OSError as exc:
        return None, Issue("unreadable", stamp.path, None, _os_reason(exc)), True
    finally:
        os.close(fd)
    same = st.st_mtime_ns == stamp.mtime_ns and st.st_size == stamp.size
    text, issue = decode_note(stamp.path, data, max_bytes)
    return text, issue, same


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


def not_a_file(path: str, mode: int) -> Issue:
    """A named pipe, device or socket called `*.md` is never read: reading a pipe waits for a
    writer (or takes its bytes), and a device may never end."""
    return Issue("unreadable", path, None, f"{file_kind(mode)}, not a regular file; skipped")


def _os_reason(exc: OSError) -> str:
    return f"cannot be read: {exc.strerror or exc}"
