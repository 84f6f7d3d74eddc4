"""What a sync did: counts and lists for its one line of output and `--verbose`.

Its own module, free of the pipeline's imports, so a no-op sync can report without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageStats:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # changed on disk while we worked
    failed: list[str] = field(default_factory=list)  # one line each: could not be written


@dataclass
class Changes:
    added: int = 0
    modified: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.modified or self.removed)


@dataclass
class BlockStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # changed on disk since read: next sync
    waiting: list[str] = field(default_factory=list)  # changed in the last seconds: next round
    read_only: list[str] = field(default_factory=list)  # notes the user made read-only
    refused: list[str] = field(default_factory=list)  # "path: why": could not be written


@dataclass
class SyncStats:
    """What a sync did, for one line of output (and `--verbose` lists)."""

    notes: int
    changes: Changes
    people: int
    interactions: int
    issues: int
    pages: PageStats = field(default_factory=PageStats)
    blocks: BlockStats = field(default_factory=BlockStats)
    dry_run: bool = False

    def __str__(self) -> str:
        c, p = self.changes, self.pages
        verb = "would write" if self.dry_run else "written"
        return (
            f"{plural(self.notes, 'note')} (+{c.added} ~{c.modified} -{c.removed}), "
            f"{plural(self.people, 'person', 'people')}, "
            f"{plural(self.interactions, 'interaction')}; "
            f"pages: {len(p.written)} {verb}, {len(p.unchanged)} unchanged"
            + (f", {len(p.deleted)} deleted" if p.deleted else "")
            + (f", {len(p.failed)} not written" if p.failed else "")
            + (f"; person blocks: {len(self.blocks.written)} {verb}" if self.blocks.written else "")
            + self._waits()
            + f"; {plural(self.issues, 'vault issue')}"
        )

    def _waits(self) -> str:
        """`; 1 person block waits: note changed in the last 2 s (People/X.md)`."""
        from .atomic import QUIET_SECONDS

        waiting = self.blocks.waiting
        if not waiting:
            return ""
        shown = ", ".join(waiting[:3]) + (", …" if len(waiting) > 3 else "")
        verb = "waits" if len(waiting) == 1 else "wait"
        return (
            f"; {plural(len(waiting), 'person block')} {verb}: note changed in the last "
            f"{QUIET_SECONDS:g} s ({shown})"
        )

    def listing(self, output_folder: str, *, would: bool = False) -> list[str]:
        """One line per page written or deleted and per person block written (`--verbose`)."""
        verb = "would write" if would else "wrote"
        return [  # a page's name, or the path an output was sent to
            *(
                f"{verb} {name if '/' in name or chr(92) in name else f'{output_folder}/{name}'}"
                for name in self.pages.written
            ),
            *(f"{'would delete' if would else 'deleted'} {name}" for name in self.pages.deleted),
            *(f"{verb} the vaultkit block in {path}" for path in self.blocks.written),
        ]


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 note`, `2 notes`, `1 person`, `0 people`."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
