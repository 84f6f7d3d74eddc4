"""One way to edit a user's note (VAULT_FORMAT §9): the person block, `log` and importers all
go through `edit_note`.

Read the note; keep its BOM (the transform sees text without it, and it is put back); give
the text to a pure transform, which keeps the note's own line endings (`line_ending`); refuse
when the note changed on disk since vaultkit read it (its stamp then, its bytes up to the
rename); write atomically, and only when the bytes change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..core.atomic import (
    ChangedOnDisk,
    Snapshot,
    create_new,
    read_only,
    recently_changed,
    snapshot,
    write_atomic,
)
from ..core.errors import NotAFile, WriteError
from ..core.models import FileStamp
from ..read.scan import UTF8_BOM

# skipped: changed on disk (the next sync tries again); read-only: the user's choice, left
# alone; refused: could not be written (a full disk, no permission on the folder)
# waiting: saved in the last seconds, written on a later round
Status = Literal["written", "unchanged", "skipped", "read-only", "refused", "waiting"]


@dataclass(frozen=True)
class Edited:
    """What `edit_note` did; `reason` says why a note was skipped (for messages)."""

    status: Status
    reason: str = ""


def edit_note(
    vault: Path,
    rel: str,
    transform: Callable[[str], str | None],
    *,
    expected: FileStamp | None = None,
    dry_run: bool = False,
    create: bool = False,
    now: float | None = None,
) -> Edited:
    """Apply `transform` (text -> new text, or None to leave the note alone) to the note at
    vault path `rel`. `expected`: the stamp the note had when vaultkit parsed it; a note edited
    since is skipped (the user's version wins; the next sync tries again). `create`: the note
    is new: the transform gets "" and the note is created, never over an existing file.
    `now` (the wall clock): a note that would change but was saved in the last
    `write.QUIET_SECONDS` is left for a later round ("waiting": an editor may be saving it)."""
    found = _read(vault / rel)
    if isinstance(found, Edited):
        return found
    if create:
        return _create(vault, rel, transform, exists=found is not None, dry_run=dry_run)
    if found is None:
        return Edited("skipped", "the note disappeared")
    data, snap = found
    if expected is not None and (snap.mtime_ns, snap.size) != (expected.mtime_ns, expected.size):
        return Edited("skipped", "it changed since vaultkit read it")
    bom = data.startswith(UTF8_BOM)
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        return Edited("skipped", "it is not valid UTF-8")
    new = transform(text)
    if new is None or new == text:
        return Edited("unchanged")
    if dry_run:
        return Edited("written")
    return _replace(vault, rel, (UTF8_BOM if bom else b"") + new.encode("utf-8"), snap, now)


def _replace(vault: Path, rel: str, data: bytes, snap: Snapshot, now: float | None) -> Edited:
    """The note's new bytes written, unless the user said no (read-only), an editor may be
    saving it (`now`), or it changed meanwhile."""
    if read_only(vault / rel):
        return Edited("read-only", "it is read-only; vaultkit leaves it alone (make it writable)")
    if now is not None and recently_changed(snap.mtime_ns, now):
        return Edited("waiting", "it was saved in the last seconds (an editor may be saving it)")
    try:
        write_atomic(vault, vault / rel, data, snap)
    except ChangedOnDisk:
        return Edited("skipped", "it changed while vaultkit was writing")
    except WriteError as exc:  # cannot be written (a folder without write permission):
        if exc.whole_disk:  # reported, and the sync goes on; a full disk stops it
            raise
        return Edited("refused", str(exc))
    return Edited("written")


def _create(
    vault: Path, rel: str, transform: Callable[[str], str | None], *, exists: bool, dry_run: bool
) -> Edited:
    if exists:
        return Edited("skipped", "a note of that name already exists")
    new = transform("")
    if new is None:
        return Edited("unchanged")
    if not dry_run:
        create_new(vault, vault / rel, new.encode("utf-8"))
    return Edited("written")


def _read(path: Path) -> tuple[bytes, Snapshot] | Edited | None:
    """The note as `snapshot` reads it, or why it is left alone."""
    try:
        return snapshot(path)
    except NotAFile as exc:  # a folder, pipe or device called like the note: never replaced
        return Edited("skipped", f"it is not a regular file ({exc.kind})")
    except OSError as exc:  # no permission to read it, say
        return Edited("skipped", f"it cannot be read ({exc.strerror or exc})")


__all__ = ["Edited", "edit_note"]
