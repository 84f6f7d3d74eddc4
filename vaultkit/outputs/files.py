"""Writing the outputs and owning their files (VAULT_FORMAT §9): write what changed, delete
what is no longer produced, never touch a file vaultkit did not write.

A file is vaultkit's when (issue 21):
- an output of the current settings goes to its path and it carries the `generated_by:
  vaultkit` marker (a page), or holds the bytes vaultkit recorded writing there (the ledger
  outside the vault, or, for such a path only, the hint in the output folder); or
- no output goes there any more, but the ledger (outside the vault) records vaultkit writing
  these very bytes at this very real path: then it is deleted.
Anything else — a marked copy of a page (Obsidian's "Make a copy"), a file a manifest in the
vault lists, a page of a name vaultkit does not produce — is the user's: left alone, reported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.atomic import (
    ChangedOnDisk,
    Snapshot,
    delete_owned,
    digest,
    inside,
    snapshot,
    write_atomic,
)
from ..core.errors import NotAFile, VaultkitError, WriteError
from ..core.models import Issue
from ..core.stats import PageStats
from ..pages.markdown import is_generated
from ..read.config import Config
from .manifest import Ledger, Manifest, load, save, save_ledger

if TYPE_CHECKING:
    from . import OutputKind


@dataclass
class Output:
    """The outputs' files as found: ours (their stamp and digest, not their bytes: at 100k
    notes the pages are ~18 MB) and everyone else's."""

    owned: dict[str, Snapshot] = field(default_factory=dict)  # key -> as read
    foreign: list[str] = field(default_factory=list)  # keys: vault paths, or absolute paths
    copies: set[str] = field(default_factory=set)  # foreign keys that carry the marker
    folders: set[str] = field(default_factory=set)  # foreign keys that are folders
    manifest: Manifest = field(default_factory=Manifest)
    ledger: Ledger = field(default_factory=Ledger)

    def issues(self) -> list[Issue]:
        return [Issue("foreign-file", key, None, self._why(key)) for key in self.foreign]

    def _why(self, key: str) -> str:
        if key in self.folders:
            return "a folder where vaultkit writes a file; left alone: rename or remove it"
        if key in self.copies:
            return (
                "carries 'generated_by: vaultkit' but vaultkit did not write it (a copy?); "
                "left alone: it is yours"
            )
        return _foreign(key)


def _foreign(key: str) -> str:
    if key.lower().endswith(".md"):
        return "not written by vaultkit (no 'generated_by: vaultkit'); left alone"
    return "not written by vaultkit (not in its records); left alone: move it, or write elsewhere"


def _marked(data: bytes, logseq: bool) -> bool:
    """A page that says vaultkit generated it (in a Logseq graph, maybe by its first block)."""
    return is_generated(data.decode("utf-8", "replace"), logseq)


# key -> ((mtime_ns, size), what read_output found): pages marked as generated, seen before
Seen = dict[str, tuple[tuple[int, int], Snapshot]]


def read_output(
    vault: Path,
    config: Config,
    output_files: list[str],
    produced: Mapping[str, tuple[Path, OutputKind]],
    seen: Seen | None = None,
    ledger: Ledger | None = None,
) -> Output:
    """`output_files`: the output folder's files; `produced`: where the current settings'
    outputs go (`outputs.destinations`); `ledger`: what vaultkit recorded writing (from the
    cache folder; None or empty: only the current outputs' paths can be ours).

    `seen` (a session's, across its syncs): a marked page whose modification time and size
    are those of the bytes read last time is not read again (a watcher would otherwise read
    every page, megabytes on a big vault, after every save). What it holds is only a hint:
    every write and delete still checks the file against it on disk (`write.write_atomic`)."""
    manifest = load(vault / config.output_folder)
    out = Output(manifest=manifest, ledger=ledger or Ledger())
    records = out.ledger.files
    places = {rel: vault / rel for rel in output_files}
    for key in records:  # written by an earlier sync: still ours?
        where = _recorded_place(vault, key)
        if where is not None:
            places.setdefault(key, where)
    places.update({key: path for key, (path, _) in produced.items()})
    for key, path in sorted(places.items()):
        logseq = config.dialect == "logseq"
        _look_at(out, key, path, produced.get(key), key in output_files, seen, logseq)
    return out


def _look_at(
    out: Output,
    key: str,
    path: Path,
    current: tuple[Path, OutputKind] | None,
    listed: bool,
    seen: Seen | None,
    logseq: bool = False,
) -> None:
    """Whether the file at `path` is ours (`out.owned`) or someone else's (`out.foreign`)."""
    if seen is not None and key in seen:
        if current is not None and _same_stamp(path, seen[key][0]):
            out.owned[key] = seen[key][1]
            return
        del seen[key]
    try:
        found = snapshot(path) if not os.path.isdir(path) else None
    except (NotAFile, OSError):  # a named pipe or device: not ours, never opened for reading
        out.foreign.append(key)
        return
    if found is None:
        if current is None and listed and os.path.lexists(path):
            out.foreign.append(key)  # a folder, or a file we cannot read
            if os.path.isdir(path):
                out.folders.add(key)
        return  # (a folder where an output goes: its write fails, and says so)
    data, snap = found
    marked = current is not None and current[1].marked and _marked(data, logseq)
    hinted = current is not None and not current[1].marked  # the hint: unmarked outputs only
    if marked or _recorded(out, key, path, data, hinted):
        out.owned[key] = snap
        if seen is not None and marked:
            seen[key] = ((snap.mtime_ns, snap.size), snap)
        return
    out.foreign.append(key)
    if key.lower().endswith(".md") and _marked(data, logseq):
        out.copies.add(key)


def _same_stamp(path: Path, stamp: tuple[int, int]) -> bool:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (st.st_mtime_ns, st.st_size) == stamp


def _recorded_place(vault: Path, key: str) -> Path | None:
    """Where a ledger key points: an absolute path as it is, a vault path only when it stays
    in the vault once `..` and links are resolved."""
    if Path(key).is_absolute():
        return Path(key)
    rel = os.path.normpath(key)
    if rel.startswith("..") or os.path.isabs(rel):
        return None
    where = vault / rel
    return where if inside(vault, where) else None


def _recorded(out: Output, key: str, path: Path, data: bytes, hinted: bool) -> bool:
    """Recorded as vaultkit's bytes at this place: in the ledger (anywhere it wrote), or in
    the vault's own hint, which counts only where a current output that cannot carry the
    marker goes (`hinted`)."""
    if out.ledger.owns(key, path, data):
        return True
    return hinted and out.manifest.owns(key, data) and not path.is_symlink()


def write_outputs(
    vault: Path,
    config: Config,
    rendered: Mapping[str, tuple[Path, bytes, bool]],
    output: Output,
    *,
    dry_run: bool,
) -> PageStats:
    """`rendered`: key -> (path, bytes, marked). Writes what differs, deletes our files that
    are no longer produced, and keeps the records of what it wrote. Each output is looked
    up once and dropped once written (`outputs.Rendered` renders it on lookup). A file that
    cannot be written is reported (`PageStats.failed`) and the others are still written."""
    stats = PageStats()
    prefix = config.output_folder + "/"
    shown = {key: key[len(prefix) :] if key.startswith(prefix) else key for key in rendered}
    foreign = {k.casefold() for k in output.foreign}
    files = output.manifest.files
    ledger = output.ledger
    bad_folders: set[Path] = set()
    if not dry_run and not os.path.isdir(vault):  # moved away while `watch` ran: not recreated
        raise WriteError(f"{vault}: the vault folder is gone (moved or deleted?)")
    for key in sorted(rendered):
        path, data, marked = rendered[key]
        old = output.owned.get(key)
        if old is not None and old.size == len(data) and old.digest == digest(data):
            stats.unchanged.append(shown[key])
            ledger.record(key, path, old.digest)
            if not marked:
                files[key] = old.digest
            continue
        if key.casefold() in foreign:
            continue  # someone else's file has this name: never touched, reported instead
        if dry_run:
            stats.written.append(shown[key])
            continue
        root = vault if not Path(key).is_absolute() else path.parent
        own_folder = path.parent == vault / config.output_folder
        if _write_one(root, path, data, old, own_folder, bad_folders, stats, shown[key]):
            ledger.record(key, path, digest(data))
            if not marked:
                files[key] = digest(data)
    _delete_gone(vault, rendered, output, stats, prefix, dry_run=dry_run)
    if not dry_run:
        _save_records(vault, vault / config.output_folder, output, bad_folders, stats)
    return stats


def _save_records(
    vault: Path, folder: Path, output: Output, bad_folders: set[Path], stats: PageStats
) -> None:
    """The ledger (in the cache folder) and the hint (in the output folder), after the writes."""
    save_ledger(output.ledger)
    if (output.manifest.files or output.manifest.loaded is not None) and folder not in bad_folders:
        try:
            _make_folder(vault, folder)
            save(vault, folder, output.manifest)
        except ChangedOnDisk:
            pass  # another sync wrote it meanwhile: its version stands
        except VaultkitError as exc:
            stats.failed.append(str(exc))


def _write_one(
    root: Path,
    path: Path,
    data: bytes,
    old: Snapshot | None,
    own_folder: bool,
    bad_folders: set[Path],
    stats: PageStats,
    shown: str,
) -> bool:
    """Write one output; a failure is one line in `stats.failed` (said once per folder), and
    the other outputs are still written. A full disk, or an output folder that cannot be
    used at all, stops the run."""
    if path.parent in bad_folders:
        return False
    try:
        _make_folder(root, path.parent)
    except VaultkitError as exc:
        if own_folder:
            raise
        bad_folders.add(path.parent)
        stats.failed.append(str(exc))
        return False
    try:
        write_atomic(root, path, data, old)
    except ChangedOnDisk:
        stats.skipped.append(shown)
        return False
    except WriteError as exc:
        if exc.whole_disk:
            raise
        stats.failed.append(str(exc))
        return False
    stats.written.append(shown)
    return True


def _delete_gone(
    vault: Path,
    rendered: Mapping[str, tuple[Path, bytes, bool]],
    output: Output,
    stats: PageStats,
    prefix: str,
    *,
    dry_run: bool,
) -> None:
    """Our files that no output produces any more are deleted (while still ours)."""
    files = output.manifest.files
    records = output.ledger.files
    for key, snap in sorted(output.owned.items()):
        if key in rendered:
            continue
        name = key[len(prefix) :] if key.startswith(prefix) else key
        if not dry_run:
            path = Path(key) if Path(key).is_absolute() else vault / key
            try:
                delete_owned(path, snap)
            except ChangedOnDisk:
                stats.skipped.append(name)
                continue
            except VaultkitError as exc:
                stats.failed.append(str(exc))
                continue
            files.pop(key, None)
            records.pop(key, None)
        stats.deleted.append(name)
    for key in [k for k in files if k not in rendered and k not in output.owned]:
        del files[key]  # gone, or no longer ours: forget it
    for key in [k for k in records if k not in rendered and k not in output.owned]:
        del records[key]


def _make_folder(root: Path, folder: Path) -> None:
    expected = os.path.normpath(os.path.join(os.path.realpath(root), os.path.relpath(folder, root)))
    linked = os.path.lexists(folder) and os.path.realpath(folder) != expected
    if linked or not inside(root, folder / "x"):  # a link, even to a folder inside the vault
        raise WriteError(f"{folder}: the output folder is outside the vault (symbolic link?)")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
