"""Owning the output folder: which files are ours, and writing the pages into it (§9)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import WriteError
from .models import Issue
from .render import is_generated
from .stats import PageStats
from .write import ChangedOnDisk, Snapshot, delete_owned, inside, snapshot, write_atomic


@dataclass
class Output:
    """The output folder as found: our pages (with their bytes) and everyone else's files."""

    owned: dict[str, tuple[bytes, Snapshot]] = field(default_factory=dict)  # page name -> as read
    foreign: list[str] = field(default_factory=list)  # vault paths

    def issues(self) -> list[Issue]:
        message = "not written by vaultkit (no 'generated_by: vaultkit'); left alone"
        return [Issue("foreign-file", path, None, message) for path in self.foreign]


def read_output(vault: Path, config: Config, output_files: list[str]) -> Output:
    out = Output()
    prefix = config.output_folder + "/"
    for rel in output_files:
        name = rel[len(prefix) :] if rel.startswith(prefix) else rel
        found = snapshot(vault / rel) if rel.lower().endswith(".md") else None
        if found is not None and is_generated(found[0].decode("utf-8", "replace")):
            out.owned[name] = found
        else:
            out.foreign.append(rel)
    return out


def write_pages(
    vault: Path, config: Config, pages: dict[str, str], output: Output, *, dry_run: bool
) -> PageStats:
    """Write pages whose bytes differ, delete our pages that are no longer produced."""
    stats = PageStats()
    folder = vault / config.output_folder
    foreign = {p.casefold() for p in output.foreign}
    for name, text in sorted(pages.items()):
        data = text.encode("utf-8")
        old = output.owned.get(name)
        rel = f"{config.output_folder}/{name}"
        if old is not None and old[0] == data:
            stats.unchanged.append(name)
            continue
        if rel.casefold() in foreign:
            continue  # someone else's file has this name: never touched, reported instead
        if dry_run:
            stats.written.append(name)
            continue
        _make_folder(vault, folder)
        try:
            write_atomic(vault, folder / name, data, old[1] if old else None)
            stats.written.append(name)
        except ChangedOnDisk:
            stats.skipped.append(name)
    for name, (_, snap) in sorted(output.owned.items()):
        if name not in pages:
            if not dry_run:
                try:
                    delete_owned(folder / name, snap)
                except ChangedOnDisk:
                    stats.skipped.append(name)
                    continue
            stats.deleted.append(name)
    return stats


def _make_folder(vault: Path, folder: Path) -> None:
    expected = os.path.join(os.path.realpath(vault), os.path.relpath(folder, vault))
    linked = os.path.lexists(folder) and os.path.realpath(folder) != expected
    if linked or not inside(vault, folder / "x"):  # a link, even to a folder inside the vault
        raise WriteError(f"{folder}: the output folder is outside the vault (symbolic link?)")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
