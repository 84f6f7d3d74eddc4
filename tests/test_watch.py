"""`vaultkit watch` end to end: a real Watcher on a real temp vault and real OS events, for each
observer kind (native and polling). Only what needs the OS is here: a save, an editor's atomic
save, a folder rename, a delete. The watcher's logic (debounce, rescans, midnight, half-written
files, scratch files, own writes, failures, restarts, bursts) is tested on a fake change source
and a fake clock in test_watch_logic.py.

Nothing sleeps for a fixed time, and no test times anything: tests wait on conditions
(`wait_for`, with generous timeouts). `assert_caught_up` flushes with a sentinel: a new daily
note that changes `Recent interactions.md`; once that page shows it, every event before it has
been seen.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from watchhelp import (
    NEW_JANE,
    PEOPLE,
    RECENT,
    TODAY,
    Syncs,
    append,
    assert_same_as_fresh_sync,
    jane_not_overdue,
    make_vault,
    overdue_table,
    page,
    record_syncs,
    wait_for,
    write,
)

from vaultkit import api
from vaultkit.cli.watch import WatchdogSource, Watcher
from vaultkit.session.sync import Changes, SyncStats

# watchdog's inotify thread warns "Callback with id ... already exists" when nested folders
# appear faster than it adds watches. pytest turns warnings into errors, which would kill that
# thread and, with it, every later event. Harmless in normal runs.
pytestmark = pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")


@dataclass
class Running:
    root: Path
    vault: api.Vault
    watcher: Watcher
    thread: threading.Thread
    lines: list[str]
    seen: Syncs  # the `paths` of every sync the watcher started
    sentinels: int = 0
    stopped: bool = False

    @property
    def syncs(self) -> list[SyncStats]:
        return self.watcher.state.syncs

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.watcher.stop()
            self.thread.join(timeout=10)
            assert not self.thread.is_alive(), "the watcher thread did not stop"

    def settle(self) -> None:
        wait_for(lambda: self.watcher.state.idle, what="the watcher to go idle")

    def sentinel(self) -> str:
        """Write a note that changes Recent interactions; return once the watcher handled it."""
        self.sentinels += 1
        assert self.sentinels <= 9
        rel = f"Daily/2026-11-0{self.sentinels}.md"
        marker = f"sentinel{self.sentinels} with"
        write(self.root, rel, f"{marker} [[Sam]].\n")
        wait_for(lambda: marker in page(self.root, RECENT), what=f"{marker!r} on {RECENT}")
        self.settle()
        return rel


Start = Callable[..., Running]


def assert_caught_up(r: Running) -> None:
    """Flush every pending event with a sentinel, stop, and compare with a fresh (dry) sync."""
    r.sentinel()
    r.stop()
    assert_same_as_fresh_sync(r.root)


@pytest.fixture(params=[False, True], ids=["native", "polling"])
def polling(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


@pytest.fixture
def start(polling: bool, root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Start]:
    """Start a watcher thread on `root`; all are stopped after the test."""
    seen = record_syncs(monkeypatch)
    started: list[Running] = []

    def _start() -> Running:
        vault = api.Vault(root, TODAY, None)
        lines: list[str] = []
        source = WatchdogSource(root, polling=polling, poll_interval=0.1)
        watcher = Watcher(
            vault, source, today=lambda: TODAY, debounce=0.1, cap=1.0, log=lines.append
        )
        thread = threading.Thread(target=watcher.run, name="watcher", daemon=True)
        running = Running(root, vault, watcher, thread, lines, seen)
        started.append(running)
        thread.start()
        running.settle()  # start-up sync done and the source is watching
        assert len(watcher.state.syncs) == 1, "the start-up sync is always recorded"
        return running

    yield _start
    for running in started:
        running.stop()
    for running in started:
        assert running.watcher.state.errors == []


def test_log_line_updates_overdue_page(start: Start, root: Path) -> None:
    """How soon: test_watch_logic.py (one quiet moment, on a fake clock)."""
    r = start()
    assert "[[People/Jane" in overdue_table(root)
    append(root, "People/Jane.md", "- 2026-11-24 coffee\n")
    wait_for(lambda: jane_not_overdue(root), what="Jane to leave the overdue list")
    r.settle()  # the stats are recorded just after the pages are written
    assert [s.changes for s in r.syncs[1:]] == [Changes(modified=1)]
    assert_caught_up(r)


def test_editor_atomic_save(start: Start, root: Path) -> None:
    r = start()
    tmp = root / "People/.Jane.md.tmp"
    tmp.write_text(NEW_JANE, encoding="utf-8")
    os.replace(tmp, root / "People/Jane.md")
    wait_for(lambda: jane_not_overdue(root), what="the saved log line")
    assert "[[People/Jane" in page(root, PEOPLE)
    assert_caught_up(r)


def test_rename_people_folder(start: Start, root: Path) -> None:
    r = start()
    os.rename(root / "People", root / "Friends")
    wait_for(
        lambda: "[[Friends/Jane" in page(root, PEOPLE) and "[[Friends/Bob" in page(root, PEOPLE),
        what="the moved people on People.md",
    )
    assert "[[People/" not in page(root, PEOPLE)
    assert None in r.seen.calls[1:], "a folder event is a full pass"
    assert_caught_up(r)


def test_delete_note(start: Start, root: Path) -> None:
    r = start()
    assert "[[People/Bob" in page(root, PEOPLE)
    (root / "People/Bob.md").unlink()
    wait_for(lambda: "[[People/Bob" not in page(root, PEOPLE), what="Bob to leave People.md")
    assert "[[People/Jane" in page(root, PEOPLE)
    assert_caught_up(r)
