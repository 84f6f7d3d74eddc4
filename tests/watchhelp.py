"""The watcher tests' vault and helpers, shared by the fake-source tests (test_watch_logic.py)
and the end-to-end ones on real OS events (test_watch.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import vaultkit.cli.watch
from vaultkit.session.sync import SyncOptions, SyncStats, Vault, sync

TODAY = date(2026, 11, 25)
OUT = "Vaultkit"
OVERDUE = "Overdue check-ins.md"
PEOPLE = "People.md"
RECENT = "Recent interactions.md"
ISSUES = "Vault issues.md"

JANE = "---\ntype: person\ncadence: weekly\n---\n# Jane\n\n## Log\n- 2026-11-01 lunch\n"
JANE_MARKED = (
    "---\ntype: person\ncadence: weekly\n---\n# Jane\n\n"
    "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n\n## Log\n- 2026-11-01 lunch\n"
)
NEW_JANE = JANE + "- 2026-11-24 coffee\n"
BASE: dict[str, str] = {
    "People/Jane.md": JANE,  # last contact 2026-11-10, weekly: overdue by 8 days
    "People/Bob.md": "---\ntype: person\ncadence: monthly\n---\nBob.\n",
    "Daily/2026-11-10.md": "Met [[Jane]] and [[Bob]].\n",
    "Daily/2026-11-20.md": "Call [[Bob]].\n",
    "Ideas.md": "Undated, mentions [[Jane]].\n",
    # The sentinels' person: outside People/, and seen after every sentinel's date (2026-11-0N),
    # so a sentinel changes Recent interactions and nothing else.
    "Contacts/Sam.md": "---\ntype: person\nlast_contact: 2026-11-15\n---\nSam.\n",
    ".obsidian/app.json": "{}\n",
}
BASE_NOTES = sum(rel.endswith(".md") for rel in BASE)


def make_vault(root: Path) -> Path:
    for rel, text in BASE.items():
        write(root, rel, text)
    return root


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Poll every 0.02 s until `predicate()` holds; fail on timeout. Only for real threads."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            pytest.fail(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.02)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def append(root: Path, rel: str, text: str) -> None:
    with (root / rel).open("a", encoding="utf-8") as f:
        f.write(text)


def page(root: Path, name: str) -> str:
    try:
        return (root / OUT / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def overdue_table(root: Path) -> str:
    """The overdue part of the check-ins page (not the "due in the next days" list below it)."""
    return page(root, OVERDUE).split("## Due in the next", 1)[0]


def jane_not_overdue(root: Path) -> bool:
    return "[[People/Jane" not in overdue_table(root) and "2026-11-24" in page(root, PEOPLE)


@dataclass
class Syncs:
    """Every sync the watcher started: its `paths` (None: a full pass) and its day."""

    calls: list[frozenset[str] | None] = field(default_factory=list)
    days: list[date] = field(default_factory=list)


def record_syncs(
    monkeypatch: pytest.MonkeyPatch, after: Callable[[SyncStats], None] | None = None
) -> Syncs:
    """Wrap the watcher's `sync` to record its calls (and hand each result to `after`)."""
    seen = Syncs()
    real_sync: Callable[..., SyncStats] = vars(vaultkit.cli.watch)["sync"]

    def recording_sync(
        vault: Vault, today: date, options: SyncOptions | None = None, **kwargs: Any
    ) -> SyncStats:
        paths = (options or SyncOptions()).paths
        seen.calls.append(None if paths is None else frozenset(paths))
        seen.days.append(today)
        stats = real_sync(vault, today, options, **kwargs)
        if after is not None:
            after(stats)
        return stats

    monkeypatch.setattr(vaultkit.cli.watch, "sync", recording_sync)
    return seen


def assert_same_as_fresh_sync(root: Path) -> None:
    """The pages and blocks on disk are what a fresh (dry) sync would write."""
    fresh = sync(Vault(root), TODAY, SyncOptions(dry_run=True))
    assert (fresh.pages.written, fresh.pages.deleted, fresh.blocks.written) == ([], [], []), (
        "the watcher's pages differ from a fresh sync"
    )
