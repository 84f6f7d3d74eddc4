"""Which generated files are vaultkit's: its record of what it wrote (VAULT_FORMAT §9).

Anyone who can write the vault (a shared folder, git, Syncthing, a collaborator) can plant a
file in it, so nothing read from the vault decides what vaultkit deletes or overwrites beyond
its own outputs (issue 21):

- **The ledger** (`Ledger`) lives in the cache folder, outside the vault, beside the cache
  file: for each file vaultkit wrote (or found holding exactly the bytes it would write), the
  SHA-256 of those bytes and the file's real path then. It is the only thing that can make a
  file that no output of the current settings produces vaultkit's, and so the only reason
  vaultkit ever deletes a file: one it wrote, still holding those bytes, at the same real path.
- **The hint** (`Manifest`, `<output folder>/.vaultkit-manifest.json`) is kept for files that
  cannot carry the `generated_by` marker (a calendar feed), so their ownership survives a
  cleared cache, a moved vault or `--no-cache`. It lies in the vault, so it is honoured only
  for a path an output of the current settings produces: it can make vaultkit update its own
  feed, never touch any other file.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.atomic import ChangedOnDisk, digest, snapshot, write_atomic
from ..core.errors import VaultkitError

NAME = ".vaultkit-manifest.json"
VERSION = 1
LEDGER_SUFFIX = ".outputs.json"  # beside `<hash>.marshal` in the cache folder


@dataclass
class Manifest:
    """The hint in the output folder (see the module's docstring: a current output's path only)."""

    files: dict[str, str] = field(default_factory=dict)  # key (vault path or absolute) -> digest
    loaded: bytes | None = None  # as read, so an unchanged manifest is not written again

    def owns(self, key: str, data: bytes) -> bool:
        return self.files.get(key) == digest(data)


def load(folder: Path) -> Manifest:
    """The manifest in the output folder; an empty one when absent or unreadable (then
    nothing but marked pages counts as ours: the safe side)."""
    try:
        found = snapshot(folder / NAME)
    except (OSError, VaultkitError):  # a folder or a pipe of that name: no hint at all
        found = None
    if found is None:
        return Manifest()
    return Manifest(_files(found[0]), found[0])


def _files(raw: bytes) -> dict[str, str]:
    try:
        data = json.loads(raw)
        files = data["files"] if data.get("version") == VERSION else {}
        if not isinstance(files, dict):
            files = {}
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
        files = {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def save(vault: Path, folder: Path, manifest: Manifest) -> None:
    data = (
        json.dumps({"version": VERSION, "files": manifest.files}, indent=1, sort_keys=True) + "\n"
    ).encode()
    if data == manifest.loaded:
        return
    current = snapshot(folder / NAME)
    write_atomic(vault, folder / NAME, data, current[1] if current else None)
    manifest.loaded = data


def ledger_path(cache_path: Path | None) -> Path | None:
    """Beside the vault's cache file (`<hash>.marshal` -> `<hash>.outputs.json`); None when the
    session keeps no cache (`--no-cache`): then only the current outputs' paths are ours."""
    if cache_path is None:
        return None
    return cache_path.with_name(cache_path.stem + LEDGER_SUFFIX)


@dataclass
class Ledger:
    """What vaultkit wrote, recorded outside the vault: key -> (digest, real path)."""

    path: Path | None = None
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    loaded: bytes | None = None

    def owns(self, key: str, where: Path, data: bytes) -> bool:
        """Ours: recorded with these very bytes, at this very place (no link swapped in since)."""
        hit = self.files.get(key)
        return hit is not None and hit[0] == digest(data) and _real(where) == hit[1]

    def record(self, key: str, where: Path, data_digest: str) -> None:
        self.files[key] = (data_digest, _real(where))


def _real(where: Path) -> str:
    """The file's real path: its folder's links resolved, the file itself never followed (a
    link where a page was is not the page)."""
    return os.path.join(os.path.realpath(where.parent), where.name)


def load_ledger(path: Path | None) -> Ledger:
    if path is None:
        return Ledger()
    try:
        found = snapshot(path)
    except (OSError, VaultkitError):
        found = None
    if found is None:
        return Ledger(path)
    files: dict[str, tuple[str, str]] = {}
    try:
        data = json.loads(found[0])
        rows = data.get("files", {}) if data.get("version") == VERSION else {}
        for key, row in rows.items():
            ok = isinstance(row, list) and len(row) == 2 and all(isinstance(x, str) for x in row)
            if isinstance(key, str) and ok:
                files[key] = (row[0], row[1])
    except (ValueError, TypeError, AttributeError, RecursionError):
        files = {}
    return Ledger(path, files, found[0])


def save_ledger(ledger: Ledger) -> None:
    """Written like the cache (temp file and rename); a ledger that cannot be written costs
    nothing but ownership of outputs no longer produced (left alone and reported: safe)."""
    if ledger.path is None:
        return
    rows = {k: list(v) for k, v in ledger.files.items()}
    data = (
        json.dumps({"version": VERSION, "files": rows}, indent=1, sort_keys=True) + "\n"
    ).encode()
    if data == ledger.loaded:
        return
    folder = ledger.path.parent
    with contextlib.suppress(OSError, VaultkitError, ChangedOnDisk):
        folder.mkdir(parents=True, exist_ok=True)
        current = snapshot(ledger.path)
        write_atomic(folder, ledger.path, data, current[1] if current else None)
        ledger.loaded = data
