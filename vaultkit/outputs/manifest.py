"""Which generated files are vaultkit's: the manifest of what it wrote.

A Markdown page carries `generated_by: vaultkit` in its front matter; a calendar feed or any
other file cannot, so vaultkit keeps `<output folder>/.vaultkit-manifest.json`: for each file
it wrote, the SHA-256 of the bytes it wrote. A file is ours while its bytes are still those:
when the user (or another tool) writes their own file there, it stops being ours and is left
alone and reported. The manifest is a dot-file, so no walk reads it as a note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..write import digest, snapshot, write_atomic

NAME = ".vaultkit-manifest.json"
VERSION = 1


@dataclass
class Manifest:
    files: dict[str, str] = field(default_factory=dict)  # key (vault path or absolute) -> digest
    loaded: bytes | None = None  # as read, so an unchanged manifest is not written again

    def owns(self, key: str, data: bytes) -> bool:
        return self.files.get(key) == digest(data)


def load(folder: Path) -> Manifest:
    """The manifest in the output folder; an empty one when absent or unreadable (then
    nothing but marked pages counts as ours: the safe side)."""
    found = snapshot(folder / NAME)
    if found is None:
        return Manifest()
    try:
        data = json.loads(found[0])
        files = data["files"] if data.get("version") == VERSION else {}
        if not isinstance(files, dict):
            files = {}
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
        files = {}
    clean = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
    return Manifest(clean, found[0])


def save(vault: Path, folder: Path, manifest: Manifest) -> None:
    data = (
        json.dumps({"version": VERSION, "files": manifest.files}, indent=1, sort_keys=True) + "\n"
    ).encode()
    if data == manifest.loaded:
        return
    current = snapshot(folder / NAME)
    write_atomic(vault, folder / NAME, data, current[1] if current else None)
    manifest.loaded = data
