"""The watcher's logic on a fake change source and a fake clock: no OS events, no real time.

Each test drives the watcher itself: it changes files in a real temp vault, reports them with
`FakeSource.emit` (as an observer would) and runs one round with `Watcher.run_once()`. Every
wait the watcher makes jumps the fake clock (`FakeClock`), so "after a quiet moment" and "at the
cap" are exact instants, and a round with nothing to do runs straight to the next rescan. The
syncs are real, and the fake source echoes what each one writes back to the watcher, as the OS
does. Tests count work: syncs, the paths each was given, pages written.

A few cases run on real OS events for each observer kind in test_watch.py.
"""

from __future__ import annotations

import math
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from watchdog.events import (
    DirAttribEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
)
from watchfake import FakeClock, FakeSource
from watchhelp import (
    BASE_NOTES,
    ISSUES,
    JANE_MARKED,
    NEW_JANE,
    OUT,
    OVERDUE,
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

import vaultkit.cli.watch
from vaultkit import api
from vaultkit.cli.watch import ChangeSource, WatchdogSource, Watcher, is_temp
from vaultkit.session.sync import Changes, SyncOptions, SyncStats, Vault, sync

DEBOUNCE = 0.25  # binary fractions: the fake clock's instants add up exactly
CAP = 1.0


@dataclass
class Driven:
    """A watcher that the test runs round by round."""

    root: Path
    vault: api.Vault
    source: FakeSource
    clock: FakeClock
    seen: Syncs
    lines: list[str]
    watcher: Watcher = field(init=False)
    day: date = TODAY  # what the watcher's `today()` says
    sentinels: int = 0
    allow_errors: bool = False
    finished: bool = False

    @property
    def syncs(self) -> list[SyncStats]:
        return self.watcher.state.syncs

    @property
    def calls(self) -> list[frozenset[str] | None]:
        return self.seen.calls

    def emit(self, rel: str, is_dir: bool = False) -> bool:
        return self.source.emit(self.root / rel, is_dir)

    def save(self, rel: str, text: str) -> None:
        write(self.root, rel, text)
        self.emit(rel)

    def pending(self) -> bool:
        """Whether the watcher holds changes it has not synced yet."""
        return bool(self.watcher._dirty or self.watcher._full)

    def round(self) -> float:
        """One round of the worker; return the (fake) seconds it waited."""
        start = self.clock.now()
        self.watcher.run_once()
        return self.clock.now() - start

    def drain(self, limit: int = 10) -> int:
        """Run rounds until nothing is pending (or scheduled); return how many."""
        rounds = 0
        while self.pending() or self.clock.scheduled:
            assert rounds < limit, "the watcher never settles"
            self.watcher.run_once()
            rounds += 1
        return rounds

    def sentinel(self) -> str:
        """Save a note that changes Recent interactions; return once it is on that page."""
        self.sentinels += 1
        assert self.sentinels <= 9
        rel = f"Daily/2026-11-0{self.sentinels}.md"
        marker = f"sentinel{self.sentinels} with"
        self.save(rel, f"{marker} [[Sam]].\n")
        self.drain()
        assert marker in page(self.root, RECENT)
        return rel

    def finish(self) -> None:
        if not self.finished:
            self.finished = True
            self.watcher.finish()

    def assert_caught_up(self) -> None:
        """Flush with a sentinel, stop, and compare with a fresh (dry) sync."""
        self.sentinel()
        self.finish()
        assert_same_as_fresh_sync(self.root)


Start = Callable[..., Driven]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


@pytest.fixture
def start(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Start]:
    """Begin a watcher on `root` (optionally on a given Vault, with Watcher options); it has done
    its start-up sync and handled that sync's echoes. Every one is finished after the test."""
    echo: list[FakeSource] = []  # the source of the watcher that is syncing

    def echo_writes(stats: SyncStats) -> None:
        for name in stats.pages.written + stats.pages.deleted:
            echo[-1].emit(root / OUT / name)
        for rel in stats.blocks.written:
            echo[-1].emit(root / rel)

    seen = record_syncs(monkeypatch, after=echo_writes)
    started: list[Driven] = []

    def _start(vault: api.Vault | None = None, min_quiet: float = 0.0, **options: Any) -> Driven:
        vault = vault or api.Vault(root, TODAY, None)
        source, clock, lines = FakeSource(min_quiet), FakeClock(), list[str]()
        d = Driven(root, vault, source, clock, seen, lines)
        options = {"debounce": DEBOUNCE, "cap": CAP, **options}
        d.watcher = Watcher(
            vault, source, today=lambda: d.day, log=lines.append, clock=clock.now,
            wait=clock.wait, **options,
        )  # fmt: skip
        echo.append(source)
        started.append(d)
        d.watcher.begin()
        d.drain()
        assert len(d.syncs) == 1, "the start-up sync is always recorded"
        return d

    yield _start
    for d in started:
        d.finish()
    for d in started:
        if not d.allow_errors:
            assert d.watcher.state.errors == []


def page_stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Each page's inode and mtime: a rewrite (a replace) changes the inode even within a tick."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted((root / OUT).glob("*.md"))
    }


def assert_only_sentinel(d: Driven, n_syncs: int, n_calls: int, sentinel: str) -> None:
    """Since the baseline, exactly one sync: the sentinel's, which saw only the sentinel."""
    new = d.syncs[n_syncs:]
    assert len(new) == 1, [str(s) for s in new]
    assert new[0].changes == Changes(added=1)
    assert d.watcher.state.last_paths == frozenset({sentinel})
    new_calls = d.calls[n_calls:]
    assert new_calls, "the sentinel was never synced"
    assert all(c == frozenset({sentinel}) for c in new_calls), new_calls


def test_the_fake_source_is_a_change_source() -> None:
    source: ChangeSource = FakeSource(0.5)
    assert source.min_quiet == 0.5 and not source.alive()


# --- the basic round trip -------------------------------------------------------------------


def test_a_save_reaches_the_pages_one_quiet_moment_later(start: Start, root: Path) -> None:
    d = start()
    assert "[[People/Jane" in overdue_table(root)
    append(root, "People/Jane.md", "- 2026-11-24 coffee\n")
    d.emit("People/Jane.md")
    assert d.round() == DEBOUNCE, "synced one quiet moment after the save, no later"
    assert jane_not_overdue(root)
    assert [s.changes for s in d.syncs[1:]] == [Changes(modified=1)]
    assert d.calls[1:] == [frozenset({"People/Jane.md"})]
    d.assert_caught_up()


def test_identical_write_and_touch_write_no_page(start: Start, root: Path) -> None:
    d = start()
    before = page_stamps(root)
    n_syncs = len(d.syncs)
    jane = root / "People/Jane.md"
    jane.write_bytes(jane.read_bytes())
    d.emit("People/Jane.md")
    bob = root / "People/Bob.md"
    st = bob.stat()
    os.utime(bob, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    d.emit("People/Bob.md")
    d.drain()
    d.sentinel()
    after = page_stamps(root)
    assert after.pop(RECENT) != before.pop(RECENT)
    assert after == before, "an unchanged note rewrote a page"
    new = d.syncs[n_syncs:]
    assert new[-1].pages.written == [RECENT]
    for stats in new[:-1]:
        assert stats.pages.written == [] and stats.blocks.written == [], str(stats)
    synced = {path for call in d.calls[1:] for path in call or ()}
    assert {"People/Jane.md", "People/Bob.md"} <= synced
    d.assert_caught_up()


# --- debounce -------------------------------------------------------------------------------


def test_a_burst_is_one_sync_of_every_path_a_quiet_moment_after_the_last(
    start: Start, root: Path
) -> None:
    d = start()
    t0 = d.clock.now()
    burst = {
        "Daily/2026-11-21.md": "Saw [[Bob]].\n",
        "Daily/2026-11-22.md": "Saw [[Bob]] again.\n",
        "Daily/2026-11-23.md": "Called [[Sam]].\n",
        "People/Jane.md": NEW_JANE,
    }
    for i, (rel, text) in enumerate(burst.items()):  # each inside the last one's quiet moment
        d.clock.at(t0 + i * DEBOUNCE / 2, partial(d.save, rel, text))
    d.round()
    assert d.clock.now() == t0 + (len(burst) - 1) * DEBOUNCE / 2 + DEBOUNCE
    assert d.calls[1:] == [frozenset(burst)]
    assert [s.changes for s in d.syncs[1:]] == [Changes(added=3, modified=1)]
    assert jane_not_overdue(root)
    d.assert_caught_up()


def test_a_steady_stream_is_synced_at_the_cap(start: Start, root: Path) -> None:
    d = start()
    t0 = d.clock.now()
    saves = 24  # one every half quiet moment for 3 s: never quiet
    for i in range(saves):
        d.clock.at(t0 + i * DEBOUNCE / 2, partial(d.save, f"Stream/{i:02}.md", f"Save {i}.\n"))
    times = []
    while d.clock.scheduled or d.pending():
        d.round()
        times.append(d.clock.now())
    batches = d.calls[1:]
    assert times[0] == t0 + CAP, "the first batch waits no longer than the cap"
    assert batches[0] == frozenset(f"Stream/{i:02}.md" for i in range(9))  # saved at t0 .. t0 + cap
    assert times[1] == t0 + 9 * DEBOUNCE / 2 + CAP  # the cap again, from its first save
    assert times[2] == t0 + (saves - 1) * DEBOUNCE / 2 + DEBOUNCE  # quiet after the last
    assert len(batches) == 3
    every = [p for batch in batches for p in batch or ()]
    assert sorted(every) == [f"Stream/{i:02}.md" for i in range(saves)], "each synced once"
    assert sum(s.changes.added for s in d.syncs[1:]) == saves


def test_the_sources_least_quiet_moment_raises_the_debounce(start: Start, root: Path) -> None:
    d = start(min_quiet=1.5, cap=3.0)
    assert d.watcher.debounce == 1.5
    d.save("Daily/2026-11-24.md", "Coffee with [[Jane]].\n")
    assert d.round() == 1.5
    assert jane_not_overdue(root)
    assert Watcher(d.vault, FakeSource(0.1), debounce=DEBOUNCE).debounce == DEBOUNCE
    assert WatchdogSource(root).min_quiet == 0.0
    assert WatchdogSource(root, polling=True, poll_interval=0.5).min_quiet == pytest.approx(0.7)


# --- how editors save -----------------------------------------------------------------------


def test_vim_style_save(start: Start, root: Path) -> None:
    d = start()
    people = root / "People"
    probe = people / "4913"
    probe.write_bytes(b"")
    d.emit("People/4913")
    probe.unlink()
    d.emit("People/4913")
    swap = people / ".Jane.md.swp"
    swap.write_bytes(b"swap 1")
    d.emit("People/.Jane.md.swp")
    os.rename(people / "Jane.md", people / "Jane.md~")
    d.emit("People/Jane.md")
    d.emit("People/Jane.md~")
    (people / "Jane.md").write_text(NEW_JANE, encoding="utf-8")
    d.emit("People/Jane.md")
    swap.write_bytes(b"swap 2")
    d.emit("People/.Jane.md.swp")
    (people / "Jane.md~").unlink()
    d.emit("People/Jane.md~")
    swap.unlink()
    d.emit("People/.Jane.md.swp")
    d.round()
    assert d.calls[1:] == [frozenset({"People/Jane.md"})], "scratch files are not synced"
    assert jane_not_overdue(root)
    assert "[[People/Jane" in page(root, PEOPLE)
    assert "Jane.md~" not in page(root, PEOPLE) + page(root, ISSUES)
    d.assert_caught_up()


def test_truncate_then_write(start: Start, root: Path) -> None:
    """A save caught halfway (emptied, not yet written) is not read as empty."""
    d = start()
    with (root / "People/Jane.md").open("w", encoding="utf-8") as f:
        f.flush()
        d.emit("People/Jane.md")
        d.round()  # the watcher sees the emptied file before the new text arrives
        assert "[[People/Jane" in overdue_table(root), "the half-written note was read"
        assert d.pending(), "it is read again after a quiet moment"
        f.write(NEW_JANE)
    d.emit("People/Jane.md")
    d.drain()
    assert jane_not_overdue(root)
    d.assert_caught_up()
    assert jane_not_overdue(root)
    assert "[[People/Jane" in page(root, PEOPLE)
    assert "[[People/Bob" in page(root, PEOPLE)


def test_emptied_note_is_read_after_a_quiet_moment(start: Start, root: Path) -> None:
    """An empty file may be a save caught halfway; when it stays empty, it is read as empty."""
    d = start()
    (root / "People/Jane.md").write_bytes(b"")
    d.emit("People/Jane.md")
    d.round()
    assert "[[People/Jane" in overdue_table(root), "not read as empty at once"
    assert d.pending()
    assert d.round() == DEBOUNCE, "read again one quiet moment later, without a new event"
    assert d.calls[1:] == [frozenset({"People/Jane.md"})] * 2
    assert "[[People/Jane" not in overdue_table(root), "Jane's cadence is gone"
    assert "[[People/Jane" in page(root, PEOPLE), "still a person by the folder rule"
    d.assert_caught_up()


# --- folders, renames, deletes --------------------------------------------------------------


def test_new_nested_folder_with_note(start: Start, root: Path) -> None:
    d = start()
    os.makedirs(root / "a/b/c")
    for rel in ("a", "a/b", "a/b/c"):
        d.emit(rel, is_dir=True)
    d.save("a/b/c/Note.md", "---\ntype: person\n---\nA person in a deep folder.\n")
    d.round()
    assert d.calls[1:] == [None], "a folder event is a full pass"
    assert "[[a/b/c/Note" in page(root, PEOPLE)
    d.assert_caught_up()


def test_rename_person_note(start: Start, root: Path) -> None:
    d = start()
    os.rename(root / "People/Jane.md", root / "People/Jane Doe.md")
    d.emit("People/Jane.md")  # a move reports both ends
    d.emit("People/Jane Doe.md")
    d.round()
    assert d.calls[1:] == [frozenset({"People/Jane.md", "People/Jane Doe.md"})]
    assert "[[People/Jane Doe" in page(root, PEOPLE)
    assert "[[People/Jane\\|" not in page(root, PEOPLE)
    d.assert_caught_up()


def test_rename_people_folder(start: Start, root: Path) -> None:
    d = start()
    os.rename(root / "People", root / "Friends")
    d.emit("People", is_dir=True)
    d.emit("Friends", is_dir=True)
    d.round()
    assert d.calls[1:] == [None]
    assert "[[Friends/Jane" in page(root, PEOPLE) and "[[Friends/Bob" in page(root, PEOPLE)
    assert "[[People/" not in page(root, PEOPLE)
    d.assert_caught_up()


def test_delete_folder(start: Start, root: Path) -> None:
    d = start()
    shutil.rmtree(root / "People")
    d.emit("People/Bob.md")
    d.emit("People/Jane.md")
    d.emit("People", is_dir=True)
    d.round()
    assert d.calls[1:] == [None]
    assert "[[People/" not in page(root, PEOPLE)
    assert "1 person," in page(root, PEOPLE) and "[[Contacts/Sam" in page(root, PEOPLE)
    d.assert_caught_up()


# --- rescans and midnight -------------------------------------------------------------------


def test_the_periodic_rescan_finds_what_no_event_reported(start: Start, root: Path) -> None:
    d = start()
    write(root, "Daily/2026-11-24.md", "Coffee with [[Jane]].\n")  # the OS missed it
    assert not d.pending()
    assert d.round() == d.watcher.rescan_every, "nothing happens until the rescan is due"
    assert d.calls[1:] == [None]
    assert jane_not_overdue(root)
    assert d.round() == d.watcher.rescan_every, "and again one period later"
    assert d.calls[1:] == [None, None]
    assert [s.changes for s in d.syncs[1:]] == [Changes(added=1), Changes()]
    d.assert_caught_up()


def test_a_rescan_due_with_changes_pending_is_a_full_pass(start: Start, root: Path) -> None:
    d = start(rescan_every=2.0)
    d.round()  # the idle rescan at 2 s
    d.clock.at(d.clock.now() + 1.75, partial(d.save, "Daily/2026-11-24.md", "Met [[Jane]].\n"))
    write(root, "Daily/2026-11-23.md", "Met [[Bob]].\n")  # not reported
    d.round()  # the save at 1.75, quiet until 2.0: the rescan is due too
    assert d.calls[1:] == [None, None]
    assert d.syncs[-1].changes == Changes(added=2)


def test_midnight_is_a_full_pass_with_the_new_day(start: Start, root: Path) -> None:
    d = start()
    assert "8 days |" in overdue_table(root)
    tomorrow = TODAY + timedelta(days=1)
    d.day = tomorrow
    assert d.round() == 1.0, "an idle watcher looks at the day every second"
    assert d.calls[1:] == [None]
    assert d.seen.days[1:] == [tomorrow]
    assert "9 days |" in overdue_table(root) and "As of 2026-11-26" in page(root, OVERDUE)
    # a day change with a save pending: that batch is a full pass too
    d.save("Daily/2026-11-25.md", "Lunch with [[Bob]].\n")
    d.day = tomorrow + timedelta(days=1)
    d.round()
    assert d.calls[1:] == [None, None]
    assert d.seen.days[1:] == [tomorrow, tomorrow + timedelta(days=1)]


# --- bursts ---------------------------------------------------------------------------------


def test_two_thousand_notes_at_once(start: Start, root: Path) -> None:
    (root / "Journal").mkdir()
    d = start()
    # the last 30 land in Recent interactions; the newest (2026-11-24, Jane) ends her overdue
    day0 = date(2026, 11, 24) - timedelta(days=1999)
    names = [(day0 + timedelta(days=i)).isoformat() for i in range(2000)]
    t0 = d.clock.now()
    step = 1 / 1024  # about 2 s of saves, never a quiet moment
    for i, name in enumerate(names):
        who = "Jane" if i % 2 else "Bob"
        d.clock.at(
            t0 + i * step, partial(d.save, f"Journal/{name}.md", f"Saw [[{who}]] on day {i}.\n")
        )
    burst = (len(names) - 1) * step
    rounds = d.drain(limit=50)
    added = [s.changes.added for s in d.syncs[1:]]
    assert sum(added) == 2000
    assert rounds == len(added)
    assert len(added) <= 10, f"{len(added)} syncs for a {burst:.1f} s burst: {added}"
    assert len(added) <= math.ceil(burst / CAP) + 1, "one sync per cap, and the tail"
    assert d.watcher.state.events == 2000
    d.sentinel()  # everything written before it has been seen
    assert d.syncs[-1].notes == BASE_NOTES + 2000 + 1  # and the sentinel
    assert "on day 1999" in page(root, RECENT) and jane_not_overdue(root)
    d.finish()
    fresh = sync(Vault(root), TODAY)
    assert fresh.pages.written == [], "the watcher's pages differ from a fresh sync"
    assert fresh.pages.deleted == []
    assert fresh.changes == Changes(added=BASE_NOTES + 2000 + 1)


# --- what must not trigger a sync -----------------------------------------------------------


def test_ignored_and_temp_files_cause_no_sync(start: Start, root: Path) -> None:
    d = start()
    n_syncs, n_calls, events = len(d.syncs), len(d.calls), d.watcher.state.events
    emitted = d.source.emitted
    churn = [
        ".obsidian/workspace.json",
        ".git/objects/x",
        f"{OUT}/my own notes.md",
        "x.tmp",
        ".#Jane.md",
        "People/4913",
        "~syncthing~a.md.tmp",
        "People/.Jane.md.swp",
        "People/Jane.md~",
        "Daily/.syncthing.2026-11-21.md.tmp",
    ]
    for rel in (".git", ".git/objects"):
        (root / rel).mkdir()
        d.emit(rel, is_dir=True)
    for rel in churn:
        name = rel.rsplit("/", 1)[-1]
        assert is_temp(name) or rel.startswith((".", OUT)) or not rel.endswith(".md"), rel
        for round_ in range(3):
            d.save(rel, f"churn {round_}\n")
    for rel in churn:
        if not rel.startswith(OUT):
            (root / rel).unlink()
            d.emit(rel)
    assert d.source.emitted - emitted == 2 + 3 * len(churn) + len(churn) - 1
    assert d.watcher.state.events == events and not d.pending(), "every event was dropped"
    sentinel = d.sentinel()
    assert_only_sentinel(d, n_syncs, n_calls, sentinel)
    assert d.watcher.state.events > events
    d.assert_caught_up()


def test_own_block_writes_cause_no_sync(start: Start, root: Path) -> None:
    write(root, "People/Jane.md", JANE_MARKED)
    d = start()
    jane = root / "People/Jane.md"
    assert "Last contact:** 2026-11-10" in jane.read_text(encoding="utf-8")
    d.save("Daily/2026-11-24.md", "Coffee with [[Jane]].\n")
    d.round()
    assert "Last contact:** 2026-11-24" in jane.read_text(encoding="utf-8")
    assert jane_not_overdue(root)
    assert any(s.blocks.written == ["People/Jane.md"] for s in d.syncs[1:])
    assert d.pending(), "the block write was reported back, as the OS would"
    jane_mtime = jane.stat().st_mtime_ns
    n_syncs, n_calls = len(d.syncs), len(d.calls)
    d.round()  # the echo of the block write: the note is found unchanged
    assert d.calls[n_calls:] == [frozenset({"People/Jane.md"})]
    assert len(d.syncs) == n_syncs, "an unchanged note is no recorded sync"
    assert not d.pending(), "and no further work"
    sentinel = d.sentinel()
    new = d.syncs[n_syncs:]
    assert len(new) == 1, [str(s) for s in new]
    assert new[0].changes == Changes(added=1)
    assert new[0].blocks.written == []
    assert d.watcher.state.last_paths <= {sentinel, "People/Jane.md"}
    assert all(c is not None for c in d.calls[n_calls:])
    assert jane.stat().st_mtime_ns == jane_mtime, "the block was written again"
    d.assert_caught_up()


# --- failures -------------------------------------------------------------------------------


def test_broken_yaml_mid_run(start: Start, root: Path) -> None:
    d = start()
    assert "People/Jane" not in page(root, ISSUES)
    d.save("People/Jane.md", "---\ncadence: [weekly\n---\n")
    d.round()
    assert "People/Jane" in page(root, ISSUES)
    assert d.watcher.state.errors == []
    assert "[[People/Jane" in page(root, PEOPLE), "the folder rule keeps Jane a person"
    d.save("People/Jane.md", NEW_JANE)
    d.round()
    assert "People/Jane" not in page(root, ISSUES) and jane_not_overdue(root)
    d.assert_caught_up()


def fail_first_incremental_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the watcher's first sync of changed paths raises; every other one runs."""
    inner: Callable[..., SyncStats] = vars(vaultkit.cli.watch)["sync"]  # the fixture's recorder
    raised: list[bool] = []

    def flaky_sync(
        vault: Vault, today: date, options: SyncOptions | None = None, **kwargs: Any
    ) -> SyncStats:
        if (options or SyncOptions()).paths is not None and not raised:
            raised.append(True)
            raise RuntimeError("disk on fire")
        return inner(vault, today, options, **kwargs)

    monkeypatch.setattr(vaultkit.cli.watch, "sync", flaky_sync)


def test_exception_in_sync_is_logged_and_survived(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run()` itself, in a thread on real time (the fake source still reports the saves)."""
    seen = record_syncs(monkeypatch)
    fail_first_incremental_sync(monkeypatch)
    source, lines = FakeSource(), list[str]()  # lines: what the watcher logs
    vault = api.Vault(root, TODAY, None)
    watcher = Watcher(vault, source, today=lambda: TODAY, debounce=0.01, log=lines.append)
    thread = threading.Thread(target=watcher.run, name="watcher", daemon=True)
    thread.start()
    try:
        wait_for(lambda: watcher.state.idle, what="the start-up sync")
        write(root, "Daily/2026-11-23.md", "Met [[Bob]].\n")
        source.emit(root / "Daily/2026-11-23.md")
        wait_for(lambda: bool(watcher.state.errors), what="the sync error")
        (error,) = watcher.state.errors
        assert "sync failed: RuntimeError: disk on fire" in error
        wait_for(lambda: error in lines, what="the error in the log")
        assert thread.is_alive()
        append(root, "People/Jane.md", "- 2026-11-24 coffee\n")
        source.emit(root / "People/Jane.md")
        wait_for(lambda: jane_not_overdue(root), what="the change after the error")
        assert thread.is_alive()
        assert len(watcher.state.errors) == 1
        assert None in seen.calls[1:], "the round after the failure was a full pass"
    finally:
        watcher.stop()
        thread.join(timeout=10)
    assert not thread.is_alive(), "the watcher thread did not stop"
    assert source.stops == 1 and not source.alive()


def test_changes_of_a_failed_sync_are_not_lost(
    start: Start, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_first_incremental_sync(monkeypatch)
    d = start()
    d.allow_errors = True
    d.save("Daily/2026-11-23.md", "Lost with [[Bob]].\n")
    d.round()
    (error,) = d.watcher.state.errors
    assert "sync failed: RuntimeError: disk on fire" in error and error in d.lines
    assert d.pending(), "the next round is a full pass"
    d.save("Daily/2026-11-24.md", "Found with [[Jane]].\n")
    d.round()
    assert d.calls[1:] == [None]  # the failed call never reached the recorder
    assert "Found with" in page(root, RECENT)
    assert "Lost with" in page(root, RECENT), "the note of the failed sync never reached the pages"
    assert len(d.watcher.state.errors) == 1


def test_a_dead_observer_is_restarted_and_what_it_missed_synced(start: Start, root: Path) -> None:
    d = start()
    d.source.kill()
    d.save("Daily/2026-11-24.md", "Coffee with [[Jane]].\n")  # nobody reports it
    assert d.source.dropped == 1 and not d.pending()
    assert d.round() == 1.0, "an idle watcher checks its source every second"
    assert (d.source.starts, d.source.stops) == (2, 1)
    assert any("file watching stopped; restarting it" in line for line in d.lines)
    assert d.calls[1:] == [None], "what happened meanwhile: a full pass"
    assert jane_not_overdue(root)
    d.save("Daily/2026-11-23.md", "Met [[Bob]].\n")  # watched again
    d.round()
    assert d.calls[1:] == [None, frozenset({"Daily/2026-11-23.md"})]
    d.assert_caught_up()


def test_restart_catches_up(start: Start, root: Path) -> None:
    first = start()
    assert "[[People/Jane" in overdue_table(root)
    first.finish()
    assert not first.source.alive()
    append(root, "People/Jane.md", "- 2026-11-24 coffee\n")
    assert not first.emit("People/Jane.md")
    assert "[[People/Jane" in overdue_table(root), "nobody is watching"
    second = start(first.vault)
    assert jane_not_overdue(root)
    assert second.syncs[0].changes == Changes(modified=1)
    second.assert_caught_up()


# --- the watchdog adapter -------------------------------------------------------------------


def test_the_watchdog_handler_reports_changes_and_both_ends_of_a_move() -> None:
    got: list[tuple[str, bool]] = []
    handler = vaultkit.cli.watch._Handler(lambda path, is_dir: got.append((path, is_dir)))
    cases: list[tuple[FileSystemEvent, list[tuple[str, bool]]]] = [
        (FileCreatedEvent("/v/a.md"), [("/v/a.md", False)]),
        (FileModifiedEvent(b"/v/a.md"), [("/v/a.md", False)]),
        (FileClosedEvent("/v/a.md"), [("/v/a.md", False)]),
        (FileDeletedEvent("/v/a.md"), [("/v/a.md", False)]),
        (FileMovedEvent("/v/.a.md.tmp", "/v/a.md"), [("/v/.a.md.tmp", False), ("/v/a.md", False)]),
        (DirCreatedEvent("/v/P"), [("/v/P", True)]),
        (DirDeletedEvent("/v/P"), [("/v/P", True)]),
        (DirMovedEvent("/v/P", "/v/F"), [("/v/P", True), ("/v/F", True)]),
        (FileOpenedEvent("/v/a.md"), []),
        (FileClosedNoWriteEvent("/v/a.md"), []),
        (DirModifiedEvent("/v/P"), []),  # its files report themselves
        (DirAttribEvent("/v/P"), []),
    ]
    for event, expected in cases:
        got.clear()
        handler.on_any_event(event)
        assert got == expected, event


def test_verbose_lists_the_pages_each_sync_writes(start: Start) -> None:
    """`watch --verbose` says so in its help: each page and person block a sync wrote."""
    d = start(verbose=True)
    first = d.lines.index(next(line for line in d.lines if " synced: " in line))
    listed = [line for line in d.lines[first + 1 :] if line.startswith("  ")]
    assert "  wrote Vaultkit/People.md" in listed
    assert len(listed) >= 6
    n = len(d.lines)
    d.save("Daily/2026-11-24.md", "Coffee with [[Sam]].\n")
    d.drain()
    new = d.lines[n:]
    assert any(" synced: +1 note, " in line for line in new), new
    assert "  wrote Vaultkit/Recent interactions.md" in new


def test_without_verbose_only_the_summary_is_logged(start: Start) -> None:
    d = start()
    assert d.lines and not any(line.startswith("  ") for line in d.lines)


def test_changed_settings_are_read_again(start: Start, root: Path) -> None:
    """`vaultkit.toml` (like Obsidian's daily-notes settings) is not a note, yet editing it
    while `watch` runs must change the pages as a new `sync` would."""
    d = start()
    recent = root / OUT / "Recent interactions.md"
    assert "The last 30 days" in recent.read_text(encoding="utf-8")
    write(root, "vaultkit.toml", "recent_days = 40\n")
    d.emit("vaultkit.toml")
    d.round()
    assert "The last 40 days" in recent.read_text(encoding="utf-8")
    assert any("settings changed" in line for line in d.lines)
    d.assert_caught_up()


def test_the_rescan_finds_settings_no_event_reported(start: Start, root: Path) -> None:
    d = start()
    recent = root / OUT / "Recent interactions.md"
    write(root, "vaultkit.toml", "recent_days = 3\n")  # the OS missed it
    assert d.round() == d.watcher.rescan_every
    assert "The last 3 days" in recent.read_text(encoding="utf-8")


# --- hostile input while watching (issue 21) ------------------------------------------------


def test_a_half_typed_vaultkit_toml_keeps_the_last_good_settings(start: Start, root: Path) -> None:
    d = start()  # its warnings go to its log (`warn` defaults to `log`)
    d.allow_errors = True
    assert "The last 30 days" in page(root, RECENT)
    write(root, "vaultkit.toml", "recent_days = \n")  # saved mid-word
    d.emit("vaultkit.toml")
    d.round()
    warned = [line for line in d.lines if "settings not read again" in line]
    assert len(warned) == 1, d.lines
    assert "vaultkit.toml: not valid TOML" in warned[0] and "keeping the last good" in warned[0]
    assert d.calls[1:] == [None], "the round is still a full pass, on the last good settings"
    d.emit("Daily", is_dir=True)  # another full pass: the bad file is not read or told again
    d.round()
    assert sum("settings not read again" in line for line in d.lines) == 1
    assert len(d.watcher.state.errors) == 1
    write(root, "vaultkit.toml", "recent_days = 40\n")
    d.emit("vaultkit.toml")
    d.round()
    assert "The last 40 days" in page(root, RECENT)
    assert any("settings changed" in line for line in d.lines)
    d.assert_caught_up()


def test_a_sync_that_keeps_failing_is_tried_less_and_less_often(
    start: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = start()
    d.allow_errors = True

    def broken(*args: Any, **kwargs: Any) -> SyncStats:
        raise OSError("disk on fire")

    monkeypatch.setattr(vaultkit.cli.watch, "sync", broken)
    d.emit("Daily", is_dir=True)
    begin = d.clock.now()
    while d.clock.now() < begin + 120:  # two minutes of a sync that never works
        d.round()
    tries = len(d.watcher.state.errors)
    assert 5 <= tries <= 9, tries  # after 1, 2, 4 ... 60 s: not 4 times a second
    assert sum("sync failed: OSError: disk on fire" in line for line in d.lines) == 1


@pytest.mark.skipif(os.name == "nt" or os.uname().sysname == "Darwin", reason="UTF-8 names only")
def test_a_note_named_in_latin1_is_reported_and_not_synced_again_and_again(
    start: Start, root: Path
) -> None:
    d = start()
    name = os.fsencode(root / "Daily") + b"/2026-11-21 caf\xe9.md"
    with open(name, "wb") as fh:
        fh.write(b"Met [[Jane]].\n")
    d.source.emit(os.fsdecode(name))
    d.round()
    assert d.watcher.state.errors == []
    assert d.calls[1:] == [None], "the walk reports the name: one full pass"
    assert "Daily/2026-11-21%20caf%5Cxe9.md" in page(root, ISSUES)
    assert not d.pending()
    d.assert_caught_up()


def test_moving_the_vault_stops_the_watcher_and_writes_nothing_where_it_was(
    start: Start, root: Path
) -> None:
    d = start()
    moved = root.with_name("moved vault")
    root.rename(moved)
    d.source.emit(root / "People" / "Jane.md")  # the OS still reports the old paths
    d.round()
    assert not root.exists(), "a sync made the vault folder again where it was"
    assert d.watcher.stopping.is_set()
    assert d.watcher.state.stopped == d.lines[-1]
    assert f"the vault folder {root} was moved or deleted; stopping" in d.lines[-1]
    assert d.calls[1:] == []
    d.finish()
    assert not root.exists()
    assert (moved / OUT / PEOPLE).is_file()


def test_a_damaged_cache_is_one_warning_from_the_watcher(
    start: Start, root: Path, tmp_path: Path
) -> None:
    """`watch` rebuilds from the notes like every command, and says so once, as they do."""
    from benchmarks.cachedamage import put, settle

    path = tmp_path / "cache.sqlite"
    sync(Vault(root, cache_path=path), TODAY)
    data = settle(path)  # the database as one file, then cut short
    put(path, data[: len(data) // 2])
    d = start(api.Vault(root, TODAY, path))
    said = [line for line in d.lines if "rebuilding it" in line]
    assert len(said) == 1 and "warning: cache" in said[0], d.lines
    d.assert_caught_up()
    assert [line for line in d.lines if "rebuilding it" in line] == said


def test_the_vault_moved_during_a_sync_stops_the_watcher_with_one_line(
    start: Start, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A move that lands while a sync is writing makes that sync fail (its pages have no
    folder to go to); the watcher says why once, as the stop line, not as a failed sync."""
    d = start()
    moved = root.with_name("moved vault")
    inner: Callable[..., SyncStats] = vars(vaultkit.cli.watch)["sync"]

    def moving_sync(
        vault: Vault, today: date, options: SyncOptions | None = None, **kwargs: Any
    ) -> SyncStats:
        root.rename(moved)  # the move lands mid-sync: its write finds no vault folder
        return inner(vault, today, options, **kwargs)

    monkeypatch.setattr(vaultkit.cli.watch, "sync", moving_sync)
    write(root, "People/Jane.md", "---\ncadence: weekly\n---\nMet today.\n")
    d.source.emit(root / "People" / "Jane.md")
    d.round()
    assert d.watcher.stopping.is_set()
    assert d.watcher.state.stopped == d.lines[-1]
    assert f"the vault folder {root} was moved or deleted; stopping" in d.lines[-1]
    assert not any("sync failed" in line for line in d.lines), d.lines
    assert d.watcher.state.errors == []
    assert not root.exists(), "a sync made the vault folder again where it was"


def test_a_question_asked_while_watching_is_answered_from_the_rounds_save(
    start: Start, root: Path, tmp_path: Path
) -> None:
    """Every round that changed something saves the rows it changed (issue 24), so a question
    asked between rounds is answered from the database, and holds the round's edit."""
    from vaultkit.store.cache_file import cache_file

    cache_dir = tmp_path / "cache"
    d = start(api.Vault(root, TODAY, cache_file(root, cache_dir)))
    d.save("Daily/2026-11-20.md", "Call [[Bob]]. Then lunch with [[Jane]].\n")
    d.drain()
    asked = api.open_vault(root, today=TODAY, cache_dir=cache_dir)
    jane = asked.person("Jane")
    assert jane.last_contact == date(2026, 11, 20)
    assert asked.rows_read >= 0, "answered from the round's save, not the notes"
    assert jane.to_json() == api.open_vault(root, today=TODAY, cache=False).person("Jane").to_json()


def test_a_note_added_while_watching_keeps_questions_on_the_rows(
    start: Start, root: Path, tmp_path: Path
) -> None:
    """A round that adds a note saves the stamps in the order the next process's walk hashes
    them, so a question asked after it is still answered from the database (a new daily note
    each morning must not send every question of the day the full way)."""
    from vaultkit.store.cache_file import cache_file

    cache_dir = tmp_path / "cache"
    d = start(api.Vault(root, TODAY, cache_file(root, cache_dir)))
    d.save("Daily/2026-11-24.md", "Long walk with [[Bob]].\n")
    d.save("Aardvark/first.md", "Lunch with [[Jane]] on 2026-11-23.\n")  # walked first or last
    d.drain()
    asked = api.open_vault(root, today=TODAY, cache_dir=cache_dir)
    bob = asked.person("Bob")
    assert bob.last_contact == date(2026, 11, 24)
    assert asked.rows_read >= 0, "answered from the round's save, not the notes"
