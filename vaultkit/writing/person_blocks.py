"""The person-block bookkeeping (VAULT_FORMAT §9): which blocks are current, and writing the
ones that are not, through `edits.edit_note`.

A block is rendered only when its person or their lists changed (the person's version moves
whenever one of their lists is replaced), and a note is read only when its block may differ;
what the last process verified comes back from the cache (`BlockBook.checked`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..core.models import FileStamp
from ..core.stats import BlockStats
from ..engine.index import VaultView
from ..pages.person_block import append_block, render_block, splice
from .edits import edit_note

if TYPE_CHECKING:
    from ..session.sync import Vault


@dataclass
class BlockBook:
    """What the session knows of person blocks between syncs."""

    # person -> (note stamp, block lines, the person's data it was rendered from)
    memo: dict[str, tuple[FileStamp, list[str], tuple[object, ...]]] = field(default_factory=dict)
    # person -> (mtime_ns, size, day) of a block found current by the last process (from the
    # cache: good while the person is untouched since the view was restored)
    checked: dict[str, Any] = field(default_factory=dict)
    # the same, found by this process (saved with the cache)
    verified: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def sync_blocks(vault: Vault, view: VaultView, today: date, *, dry_run: bool) -> BlockStats:
    """Refresh the block in every person note that has usable markers (or all, in append mode)."""
    stats = BlockStats()
    mode = vault.config.person_block
    if mode == "off":
        return stats
    for path in sorted(view.people):
        entry = view.person_notes[path]
        if entry.block is None and (mode != "append" or entry.broken_markers):
            continue
        outcome = _sync_block(vault, view, path, today, dry_run)
        if outcome == "written":
            stats.written.append(path)
        elif outcome == "skipped":
            stats.skipped.append(path)
        elif outcome == "waiting":
            stats.waiting.append(path)
        elif outcome == "read-only":
            stats.read_only.append(path)
        elif outcome.startswith("refused:"):
            stats.refused.append(outcome[len("refused:") :])
        else:
            stats.unchanged += 1
    return stats


def _verified(vault: Vault, path: str, checked: tuple[int, int, int] | None) -> str:
    if checked is not None:
        vault.blocks.verified[path] = checked
    return "unchanged"


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """The same person object, then the same version of their lists, and the same day."""
    return a[0] is b[0] and a[1:] == b[1:]


def _sync_block(vault: Vault, view: VaultView, path: str, today: date, dry_run: bool) -> str:
    stamp = vault.stamps.get(path)
    memo = vault.blocks.memo.get(path)
    checked = (stamp.mtime_ns, stamp.size, today.toordinal()) if stamp is not None else None
    if (
        memo is None
        and checked is not None
        and vault.blocks.checked.get(path) == checked
        and vault.index.same_since_restore(path)
    ):  # as the last process left it, same day: their lists are not even read
        return _verified(vault, path, checked)
    # A block is made of the person, their lists (contacts, follow-ups, mentions, asks and
    # offers: the version moves when any is replaced) and the day.
    inputs = (view.people[path], view.version(path), today)
    if stamp is not None and memo is not None and memo[0] == stamp and _same(memo[2], inputs):
        return _verified(vault, path, checked)  # same note, same data (lists are replaced)
    block = render_block(view, path, today, vault.config)
    if stamp is not None and memo is not None and memo[:2] == (stamp, block):
        vault.blocks.memo[path] = (stamp, block, inputs)
        return _verified(vault, path, checked)  # same note, same block: no need to read it
    if stamp is None:
        return "skipped"
    has_block = view.person_notes[path].block is not None
    logseq = vault.config.dialect == "logseq"  # the block as blocks (§13)

    def put_block(text: str) -> str | None:
        return splice(text, block, logseq) if has_block else append_block(text, block, logseq)

    # a note that needs a new block but was saved in the last seconds waits ("waiting")
    done = edit_note(
        vault.root, path, put_block, expected=stamp, dry_run=dry_run, now=vault.clock()
    )
    if done.status == "unchanged":
        vault.blocks.memo[path] = (stamp, block, inputs)
        return _verified(vault, path, checked)
    if done.status == "refused":
        return f"refused:{done.reason}"  # one line that names the file already
    return done.status
