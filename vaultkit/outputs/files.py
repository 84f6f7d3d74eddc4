"""Writing the outputs and owning their files (VAULT_FORMAT §9): write what changed, delete
what is no longer produced, never touch a file vaultkit did not write."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import NotAFile, WriteError
from ..markdown import is_generated
from ..models import Issue
from ..stats import PageStats
from ..write import ChangedOnDisk, Snapshot, delete_owned, digest, inside, snapshot, write_atomic
from .manifest import Manifest, load, save


@dataclass
class Output:
    """The outputs' files as found: ours (their stamp and digest, not their bytes: at 100k
    notes the pages are ~18 MB) and everyone else's."""

    owned: dict[str, Snapshot] = field(default_factory=dict)  # key -> as read
    foreign: list[str] = field(default_factory=list)  # keys: vault paths, or absolute paths
    manifest: Manifest = field(default_factory=Manifest)

    def issues(self) -> list[Issue]:
        return [Issue("foreign-file", key, None, _foreign(key)) for key in self.foreign]


def _foreign(key: str) -> str:
    if key.lower().endswith(".md"):
        return "not written by vaultkit (no 'generated_by: vaultkit'); left alone"
    return "not written by vaultkit (not in its manifest); left alone: move it, or write elsewhere"


def _ours(key: str, data: bytes, manifest: Manifest) -> bool:
    return _marked(key, data) or manifest.owns(key, data)


def _marked(key: str, data: bytes) -> bool:
    """A page that says vaultkit generated it (ours whatever the manifest says)."""
    return key.lower().endswith(".md") and is_generated(data.decode("utf-8", "replace"))


# key -> ((mtime_ns, size), what read_output found): pages marked as generated, seen before
Seen = dict[str, tuple[tuple[int, int], Snapshot]]


def read_output(
    vault: Path,
    config: Config,
    output_files: list[str],
    elsewhere: dict[str, Path] | None = None,
    seen: Seen | None = None,
) -> Output:
    """`output_files`: the output folder's files; `elsewhere`: outputs sent outside it.

    `seen` (a session's, across its syncs): a marked page whose modification time and size
    are those of the bytes read last time is not read again (a watcher would otherwise read
    every page, megabytes on a big vault, after every save). What it holds is only a hint:
    every write and delete still checks the file against it on disk (`write.write_atomic`)."""
    manifest = load(vault / config.output_folder)
    out = Output(manifest=manifest)
    places = {rel: vault / rel for rel in output_files}
    for key in manifest.files:  # written elsewhere by an earlier sync: still ours?
        places.setdefault(key, Path(key) if Path(key).is_absolute() else vault / key)
    places.update(elsewhere or {})
    for key, path in sorted(places.items()):
        if seen is not None and key in seen:
            try:
                st = os.stat(path, follow_symlinks=False)
            except OSError:
                st = None
            same = st is not None and stat.S_ISREG(st.st_mode)
            if same and st is not None and seen[key][0] == (st.st_mtime_ns, st.st_size):
                out.owned[key] = seen[key][1]
                continue
            del seen[key]
        try:
            found = snapshot(path) if not os.path.isdir(path) else None
        except NotAFile:  # a named pipe or device: not ours, never opened for reading
            out.foreign.append(key)
            continue
        if found is None:
            if os.path.lexists(path) and key in output_files:
                out.foreign.append(key)  # a folder, or a file we cannot read
            continue
        if _ours(key, found[0], manifest):
            out.owned[key] = found[1]
            if seen is not None and _marked(key, found[0]):
                seen[key] = ((found[1].mtime_ns, found[1].size), found[1])
        else:
            out.foreign.append(key)
    return out


def write_outputs(
    vault: Path,
    config: Config,
    rendered: Mapping[str, tuple[Path, bytes, bool]],
    output: Output,
    *,
    dry_run: bool,
) -> PageStats:
    """`rendered`: key -> (path, bytes, marked). Writes what differs, deletes our files that
    are no longer produced, and keeps the manifest of the unmarked ones. Each output is looked
    up once and dropped once written (`outputs.Rendered` renders it on lookup)."""
    stats = PageStats()
    prefix = config.output_folder + "/"
    shown = {key: key[len(prefix) :] if key.startswith(prefix) else key for key in rendered}
    foreign = {k.casefold() for k in output.foreign}
    files = output.manifest.files
    for key in sorted(rendered):
        path, data, marked = rendered[key]
        old = output.owned.get(key)
        if old is not None and old.size == len(data) and old.digest == digest(data):
            stats.unchanged.append(shown[key])
            if not marked:
                files[key] = old.digest
            continue
        if key.casefold() in foreign:
            continue  # someone else's file has this name: never touched, reported instead
        if dry_run:
            stats.written.append(shown[key])
            continue
        root = vault if not Path(key).is_absolute() else path.parent
        if root is vault and not os.path.isdir(vault):  # moved away while `watch` ran
            raise WriteError(f"{vault}: the vault folder is gone (moved or deleted?)")
        _make_folder(root, path.parent)
        try:
            write_atomic(root, path, data, old)
        except ChangedOnDisk:
            stats.skipped.append(shown[key])
            continue
        stats.written.append(shown[key])
        if not marked:
            files[key] = digest(data)
    _delete_gone(vault, rendered, output, stats, prefix, dry_run=dry_run)
    if not dry_run and (files or output.manifest.loaded is not None):
        folder = vault / config.output_folder
        _make_folder(vault, folder)
        save(vault, folder, output.manifest)
    return stats


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
            files.pop(key, None)
        stats.deleted.append(name)
    for key in [k for k in files if k not in rendered and k not in output.owned]:
        del files[key]  # gone, or no longer ours: forget it


def _make_folder(root: Path, folder: Path) -> None:
    expected = os.path.normpath(os.path.join(os.path.realpath(root), os.path.relpath(folder, root)))
    linked = os.path.lexists(folder) and os.path.realpath(folder) != expected
    if linked or not inside(root, folder / "x"):  # a link, even to a folder inside the vault
        raise WriteError(f"{folder}: the output folder is outside the vault (symbolic link?)")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
