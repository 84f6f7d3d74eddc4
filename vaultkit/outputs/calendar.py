"""The iCalendar feed as an output (`[calendar] path`): the reports of a view, as `ics.build`
turns them into bytes. Imported only when a vault asks for a feed (icalendar is not light)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.atomic import ChangedOnDisk, snapshot, write_atomic
from ..core.errors import UsageError, WriteError
from ..reports import overview
from . import ics

if TYPE_CHECKING:
    from ..engine.index import VaultView
    from ..read.config import Config


def render(view: VaultView, today: date, config: Config) -> bytes:
    return ics.build(
        overview.all_status(view, today), overview.followups(view), today, config.vault_name
    )


def write_feed(path: Path, data: bytes) -> bool:
    """`vaultkit ics --out FILE`: write the feed there when its bytes change (True), atomically.
    A file there that is not an iCalendar file is someone's document: refused, not replaced."""
    if not path.parent.is_dir():
        raise UsageError(f"{path}: its folder does not exist; create it or choose another --out")
    found = snapshot(path) if not path.is_dir() else None
    if found is not None:
        if found[0] == data:
            return False
        if not found[0].lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
            raise UsageError(
                f"{path}: exists and is not an iCalendar file; vaultkit will not overwrite it "
                "(choose another --out)"
            )
    try:
        write_atomic(path.parent, path, data, found[1] if found else None)
    except ChangedOnDisk:
        raise WriteError(f"{path}: changed while vaultkit was writing; run it again") from None
    return True
