"""`vaultkit watch` end to end: a real Watcher on a real temp vault, native observer and polling.

Every case runs against both watchdog sources. Nothing sleeps for a fixed time: tests wait on
conditions (`wait_for`). "Nothing happened" is proved with a sentinel: after the irrelevant
changes, a new daily note that changes `Recent interactions.md` is written; once that page shows
it, every event before it has been seen, so the syncs since the baseline can be checked exactly.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import vaultkit.watch
from vaultkit.sync import Changes, SyncStats, Vault, sync
from vaultkit.watch import WatchdogSource, Watcher, is_temp

# watchdog's inotify thread warns "Callback with id ... already exists" when nested folders
# appear faster than it adds watches (`.git/objects/x` below). pytest turns warnings into errors,
# which would kill that thread and, with it, every later event. Harmless in normal runs.
pytestmark = pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")

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


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> float:
    """Poll every 0.02 s until `predicate()` holds; return the seconds it took, fail on timeout."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            pytest.fail(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.02)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def page(root: Path, name: str) -> str:
    try:
        return (root / OUT / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def overdue_table(root: Path) -> str:
    """The overdue part of the check-ins page (not the "due in the next days" list below it)."""
    return page(root, OVERDUE).split("## Due in the next", 1)[0]


def page_mtimes(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((root / OUT).glob("*.md"))}


def jane_not_overdue(root: Path) -> bool:
    return "[[People/Jane" not in overdue_table(root) and "2026-11-24" in page(root, PEOPLE)


@dataclass
class Running:
    root: Path
    vault: Vault
    watcher: Watcher
    thread: threading.Thread
    lines: list[str]
    calls: list[frozenset[str] | None]  # the `paths` of every sync the watcher started
    sentinels: int = 0
    allow_errors: bool = False
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
    fresh = sync(Vault(r.root), TODAY, dry_run=True)
    assert (fresh.pages.written, fresh.pages.deleted, fresh.blocks.written) == ([], [], []), (
        "the watcher's pages differ from a fresh sync"
    )


@pytest.fixture(params=[False, True], ids=["native", "polling"])
def polling(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    for rel, text in BASE.items():
        write(vault, rel, text)
    return vault


@pytest.fixture
def start(polling: bool, root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Start]:
    """Start a watcher thread on `root` (optionally on a given Vault); all are stopped after."""
    calls: list[frozenset[str] | None] = []
    real_sync: Callable[..., SyncStats] = vars(vaultkit.watch)["sync"]

    def recording_sync(vault: Vault, today: date, **kwargs: Any) -> SyncStats:
        paths = kwargs.get("paths")
        calls.append(None if paths is None else frozenset(paths))
        return real_sync(vault, today, **kwargs)

    monkeypatch.setattr(vaultkit.watch, "sync", recording_sync)
    started: list[Running] = []

    def _start(vault: Vault | None = None) -> Running:
        vault = vault or Vault(root)
        lines: list[str] = []
        source = WatchdogSource(root, polling=polling, poll_interval=0.1)
        watcher = Watcher(
            vault, source, today=lambda: TODAY, debounce=0.1, cap=1.0, log=lines.append
        )
        thread = threading.Thread(target=watcher.run, name="watcher", daemon=True)
        running = Running(root, vault, watcher, thread, lines, calls)
        started.append(running)
        thread.start()
        running.settle()  # start-up sync done and the source is watching
        assert len(watcher.state.syncs) == 1, "the start-up sync is always recorded"
        return running

    yield _start
    for running in started:
        running.stop()
    for running in started:
        if not running.allow_errors:
            assert running.watcher.state.errors == []


def only_sentinel(r: Running, n_syncs: int, n_calls: int, sentinel: str) -> None:
    """Since the baseline, exactly one sync: the sentinel's, which saw only the sentinel."""
    new = r.syncs[n_syncs:]
    assert len(new) == 1, [str(s) for s in new]
    assert new[0].changes == Changes(added=1)
    assert r.watcher.state.last_paths == frozenset({sentinel})
    new_calls = r.calls[n_calls:]
    assert new_calls, "the sentinel was never synced"
    assert all(c == frozenset({sentinel}) for c in new_calls), new_calls


# --- the basic round trip -------------------------------------------------------------------


def test_log_line_updates_overdue_page_quickly(start: Start, root: Path) -> None:
    r = start()
    assert "[[People/Jane" in overdue_table(root)
    with (root / "People/Jane.md").open("a", encoding="utf-8") as f:
        f.write("- 2026-11-24 coffee\n")
    elapsed = wait_for(lambda: jane_not_overdue(root), what="Jane to leave the overdue list")
    assert elapsed < 2.0, f"the page took {elapsed:.2f} s to update"
    r.settle()  # the stats are recorded just after the pages are written
    assert [s.changes for s in r.syncs[1:]] == [Changes(modified=1)]
    assert_caught_up(r)


def test_identical_write_and_touch_write_no_page(start: Start, root: Path) -> None:
    r = start()
    before = page_mtimes(root)
    n_syncs = len(r.syncs)
    jane = root / "People/Jane.md"
    jane.write_bytes(jane.read_bytes())
    bob = root / "People/Bob.md"
    st = bob.stat()
    os.utime(bob, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    r.sentinel()
    after = page_mtimes(root)
    assert after.pop(RECENT) != before.pop(RECENT)
    assert after == before, "an unchanged note rewrote a page"
    new = r.syncs[n_syncs:]
    assert new[-1].pages.written == [RECENT]
    for stats in new[:-1]:
        assert stats.pages.written == [] and stats.blocks.written == [], str(stats)
    assert_caught_up(r)


# --- how editors save -----------------------------------------------------------------------

NEW_JANE = JANE + "- 2026-11-24 coffee\n"


def test_editor_atomic_save(start: Start, root: Path) -> None:
    r = start()
    tmp = root / "People/.Jane.md.tmp"
    tmp.write_text(NEW_JANE, encoding="utf-8")
    os.replace(tmp, root / "People/Jane.md")
    wait_for(lambda: jane_not_overdue(root), what="the saved log line")
    assert "[[People/Jane" in page(root, PEOPLE)
    assert_caught_up(r)


def test_vim_style_save(start: Start, root: Path) -> None:
    r = start()
    people = root / "People"
    probe = people / "4913"
    probe.write_bytes(b"")
    probe.unlink()
    swap = people / ".Jane.md.swp"
    swap.write_bytes(b"swap 1")
    os.rename(people / "Jane.md", people / "Jane.md~")
    (people / "Jane.md").write_text(NEW_JANE, encoding="utf-8")
    swap.write_bytes(b"swap 2")
    (people / "Jane.md~").unlink()
    swap.unlink()
    wait_for(lambda: jane_not_overdue(root), what="the saved log line")
    assert "[[People/Jane" in page(root, PEOPLE)
    assert "Jane.md~" not in page(root, PEOPLE) + page(root, ISSUES)
    assert_caught_up(r)


def test_truncate_then_write(start: Start, root: Path) -> None:
    r = start()
    events = r.watcher.state.events
    with (root / "People/Jane.md").open("w", encoding="utf-8") as f:
        f.flush()
        # let the watcher see the emptied file before the new text arrives
        wait_for(lambda: r.watcher.state.events > events, what="the truncation event")
        f.write(NEW_JANE)
    wait_for(lambda: jane_not_overdue(root), what="the rewritten note")
    assert_caught_up(r)
    assert jane_not_overdue(root)
    assert "[[People/Jane" in page(root, PEOPLE)
    assert "[[People/Bob" in page(root, PEOPLE)


def test_emptied_note_is_read_after_a_quiet_moment(start: Start, root: Path) -> None:
    """An empty file may be a save caught halfway; when it stays empty, it is read as empty."""
    r = start()
    (root / "People/Jane.md").write_bytes(b"")
    wait_for(lambda: "[[People/Jane" not in overdue_table(root), what="Jane's cadence to go")
    assert "[[People/Jane" in page(root, PEOPLE), "still a person by the folder rule"
    assert_caught_up(r)


# --- folders, renames, deletes --------------------------------------------------------------


def test_new_nested_folder_with_note(start: Start, root: Path) -> None:
    r = start()
    os.makedirs(root / "a/b/c")
    write(root, "a/b/c/Note.md", "---\ntype: person\n---\nA person in a deep folder.\n")
    wait_for(lambda: "[[a/b/c/Note" in page(root, PEOPLE), what="a/b/c/Note on People.md")
    assert_caught_up(r)


def test_rename_person_note(start: Start, root: Path) -> None:
    r = start()
    os.rename(root / "People/Jane.md", root / "People/Jane Doe.md")
    wait_for(
        lambda: (
            "[[People/Jane Doe" in page(root, PEOPLE)
            and "[[People/Jane\\|" not in page(root, PEOPLE)
        ),
        what="the renamed note on People.md",
    )
    assert_caught_up(r)


def test_rename_people_folder(start: Start, root: Path) -> None:
    r = start()
    os.rename(root / "People", root / "Friends")
    wait_for(
        lambda: "[[Friends/Jane" in page(root, PEOPLE) and "[[Friends/Bob" in page(root, PEOPLE),
        what="the moved people on People.md",
    )
    assert "[[People/" not in page(root, PEOPLE)
    assert_caught_up(r)


def test_delete_note(start: Start, root: Path) -> None:
    r = start()
    assert "[[People/Bob" in page(root, PEOPLE)
    (root / "People/Bob.md").unlink()
    wait_for(lambda: "[[People/Bob" not in page(root, PEOPLE), what="Bob to leave People.md")
    assert "[[People/Jane" in page(root, PEOPLE)
    assert_caught_up(r)


def test_delete_folder(start: Start, root: Path) -> None:
    r = start()
    shutil.rmtree(root / "People")
    wait_for(lambda: "[[People/" not in page(root, PEOPLE), what="the people to leave People.md")
    assert "1 person," in page(root, PEOPLE) and "[[Contacts/Sam" in page(root, PEOPLE)
    assert_caught_up(r)


# --- bursts ---------------------------------------------------------------------------------


def test_two_thousand_notes_at_once(start: Start, root: Path) -> None:
    (root / "Journal").mkdir()
    r = start()
    # the last 30 land in Recent interactions; the newest (2026-11-24, Jane) ends her overdue
    day0 = date(2026, 11, 24) - timedelta(days=1999)
    names = [(day0 + timedelta(days=i)).isoformat() for i in range(2000)]
    t0 = time.monotonic()
    for i, name in enumerate(names):
        who = "Jane" if i % 2 else "Bob"
        write(root, f"Journal/{name}.md", f"Saw [[{who}]] on day {i}.\n")
    burst = time.monotonic() - t0
    wait_for(
        lambda: sum(s.changes.added for s in r.syncs[1:]) >= 2000 and r.watcher.state.idle,
        timeout=30.0,
        what="all 2,000 notes to be synced",
    )
    r.sentinel()  # everything written before it has been seen
    added = [s.changes.added for s in r.syncs[1:]]
    assert len(added) <= 10, f"{len(added)} syncs for a {burst:.1f} s burst: {added}"
    base_notes = sum(rel.endswith(".md") for rel in BASE)
    assert r.syncs[-1].notes == base_notes + 2000 + 1  # and the sentinel
    assert "on day 1999" in page(root, RECENT) and jane_not_overdue(root)
    r.stop()
    fresh = sync(Vault(root), TODAY)
    assert fresh.pages.written == [], "the watcher's pages differ from a fresh sync"
    assert fresh.pages.deleted == []
    assert fresh.changes == Changes(added=base_notes + 2000 + 1)


# --- what must not trigger a sync -----------------------------------------------------------


def test_ignored_and_temp_files_cause_no_sync(start: Start, root: Path) -> None:
    r = start()
    n_syncs, n_calls, events = len(r.syncs), len(r.calls), r.watcher.state.events
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
    for rel in churn:
        name = rel.rsplit("/", 1)[-1]
        assert is_temp(name) or rel.startswith((".", OUT)) or not rel.endswith(".md"), rel
        for round_ in range(3):
            write(root, rel, f"churn {round_}\n")
    for rel in churn:
        if not rel.startswith(OUT):
            (root / rel).unlink()
    sentinel = r.sentinel()
    only_sentinel(r, n_syncs, n_calls, sentinel)
    assert r.watcher.state.events > events
    assert_caught_up(r)


def test_own_block_writes_cause_no_sync(start: Start, root: Path) -> None:
    write(root, "People/Jane.md", JANE_MARKED)
    r = start()
    jane = root / "People/Jane.md"
    assert "Last contact:** 2026-11-10" in jane.read_text(encoding="utf-8")
    write(root, "Daily/2026-11-24.md", "Coffee with [[Jane]].\n")
    wait_for(
        lambda: "Last contact:** 2026-11-24" in jane.read_text(encoding="utf-8"),
        what="Jane's block to be rewritten",
    )
    wait_for(lambda: jane_not_overdue(root), what="the overdue page")
    r.settle()
    assert any(s.blocks.written == ["People/Jane.md"] for s in r.syncs[1:])
    jane_mtime = jane.stat().st_mtime_ns
    n_syncs, n_calls = len(r.syncs), len(r.calls)
    sentinel = r.sentinel()
    new = r.syncs[n_syncs:]
    assert len(new) == 1, [str(s) for s in new]
    assert new[0].changes == Changes(added=1)
    assert new[0].blocks.written == []
    assert r.watcher.state.last_paths <= {sentinel, "People/Jane.md"}
    assert all(c is not None for c in r.calls[n_calls:])
    assert jane.stat().st_mtime_ns == jane_mtime, "the block was written again"
    assert_caught_up(r)


# --- failures -------------------------------------------------------------------------------


def test_broken_yaml_mid_run(start: Start, root: Path) -> None:
    r = start()
    assert "People/Jane" not in page(root, ISSUES)
    write(root, "People/Jane.md", "---\ncadence: [weekly\n---\n")
    wait_for(lambda: "People/Jane" in page(root, ISSUES), what="the YAML issue")
    r.settle()
    assert r.thread.is_alive()
    assert r.watcher.state.errors == []
    assert "[[People/Jane" in page(root, PEOPLE), "the folder rule keeps Jane a person"
    write(root, "People/Jane.md", NEW_JANE)
    wait_for(
        lambda: "People/Jane" not in page(root, ISSUES) and jane_not_overdue(root),
        what="the fixed note",
    )
    assert r.thread.is_alive()
    assert_caught_up(r)


def fail_first_incremental_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the watcher's first sync of changed paths raises; every other one runs."""
    inner: Callable[..., SyncStats] = vars(vaultkit.watch)["sync"]  # the fixture's recorder
    raised: list[bool] = []

    def flaky_sync(vault: Vault, today: date, **kwargs: Any) -> SyncStats:
        if kwargs.get("paths") is not None and not raised:
            raised.append(True)
            raise RuntimeError("disk on fire")
        return inner(vault, today, **kwargs)

    monkeypatch.setattr(vaultkit.watch, "sync", flaky_sync)


def atomic_write(root: Path, rel: str, text: str) -> None:
    """One event for the note: write a dot-file (ignored), then rename it into place."""
    target = root / rel
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def test_exception_in_sync_is_logged_and_survived(
    start: Start, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_first_incremental_sync(monkeypatch)
    r = start()
    r.allow_errors = True
    write(root, "Daily/2026-11-23.md", "Met [[Bob]].\n")
    wait_for(lambda: bool(r.watcher.state.errors), what="the sync error")
    (error,) = r.watcher.state.errors
    assert "sync failed: RuntimeError: disk on fire" in error
    wait_for(lambda: error in r.lines, what="the error in the log")
    assert r.thread.is_alive()
    with (root / "People/Jane.md").open("a", encoding="utf-8") as f:
        f.write("- 2026-11-24 coffee\n")
    wait_for(lambda: jane_not_overdue(root), what="the change after the error")
    assert r.thread.is_alive()
    assert len(r.watcher.state.errors) == 1


def test_changes_of_a_failed_sync_are_not_lost(
    start: Start, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_first_incremental_sync(monkeypatch)
    r = start()
    r.allow_errors = True
    atomic_write(root, "Daily/2026-11-23.md", "Lost with [[Bob]].\n")
    wait_for(lambda: bool(r.watcher.state.errors), what="the sync error")
    atomic_write(root, "Daily/2026-11-24.md", "Found with [[Jane]].\n")
    wait_for(lambda: "Found with" in page(root, RECENT), what="the change after the error")
    r.settle()
    assert "Lost with" in page(root, RECENT), "the note of the failed sync never reached the pages"


def test_restart_catches_up(start: Start, root: Path) -> None:
    first = start()
    assert "[[People/Jane" in overdue_table(root)
    first.stop()
    with (root / "People/Jane.md").open("a", encoding="utf-8") as f:
        f.write("- 2026-11-24 coffee\n")
    assert "[[People/Jane" in overdue_table(root), "nobody is watching"
    second = start(first.vault)
    assert jane_not_overdue(root)
    assert second.syncs[0].changes == Changes(modified=1)
    assert_caught_up(second)
