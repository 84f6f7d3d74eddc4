"""Never write into a note an editor may be writing (issue 21, finding 2): a note changed in
the last `write.QUIET_SECONDS` gets its block on a later round; the stamp, inode included, is
checked again just before the rename. The clock is injected (no sleeping, no timing)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from vaulthelp import TODAY as TODAY_TEXT
from vaulthelp import invoke
from watchfake import FakeClock, FakeSource

from vaultkit import api
from vaultkit.cli.watch import Watcher
from vaultkit.core import atomic
from vaultkit.core.atomic import ChangedOnDisk, snapshot, write_atomic
from vaultkit.session.sync import Vault, sync

TODAY = date(2026, 11, 25)
BEGIN = "<!-- vaultkit:begin -->"
END = "<!-- vaultkit:end -->"
FIRST_HALF = b"---\ncadence: 30\n---\n# Jane\n\n" + f"{BEGIN}\n{END}\n".encode() + b"\n## Ideas\n"
SECOND_HALF = b"- a long paragraph typed before the save, " * 20 + b"\n"


def _vault(root: Path) -> Path:
    (root / "People").mkdir(parents=True)
    (root / "Daily").mkdir()
    (root / "People" / "Jane.md").write_bytes(FIRST_HALF + SECOND_HALF)
    (root / "Daily" / "2026-11-20.md").write_text("Coffee with [[Jane]].\n", encoding="utf-8")
    return root


def _mtime(path: Path) -> float:
    return os.stat(path).st_mtime_ns / 1e9


def test_a_sync_between_the_two_writes_of_an_editors_save_loses_nothing(tmp_path: Path) -> None:
    """An editor saving in place in two write() calls: a sync comes between them."""
    root = _vault(tmp_path / "v")
    note = root / "People" / "Jane.md"
    session = Vault(root)
    sync(session, TODAY)  # the block is in place: the note is a person's, with a block
    with open(note, "r+b") as editor:  # the user's editor: truncate, write half, then the rest
        editor.truncate(0)
        editor.write(FIRST_HALF)
        editor.flush()
        session.clock = lambda: _mtime(note) + 0.5  # half a second after the first write
        stats = sync(session, TODAY)
        editor.write(SECOND_HALF)
    assert note.read_bytes() == FIRST_HALF + SECOND_HALF  # nothing lost
    assert stats.blocks.written == []
    assert stats.blocks.waiting == ["People/Jane.md"]
    session.clock = lambda: _mtime(note) + atomic.QUIET_SECONDS + 1  # the note is quiet now
    stats = sync(session, TODAY)
    assert stats.blocks.written == ["People/Jane.md"]
    after = note.read_bytes()
    assert after.endswith(b"## Ideas\n" + SECOND_HALF)
    assert b"Last contact:** 2026-11-20" in after


def test_sync_says_a_block_waits_and_the_next_sync_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    note = root / "People" / "Jane.md"
    args = ["sync", "--vault", str(root), "--today", TODAY_TEXT]
    monkeypatch.setattr(atomic, "wall_clock", lambda: _mtime(note) + 1.0)
    result = invoke(args)
    assert result.exit_code == 0, result.output
    line = "1 person block waits: note changed in the last 2 s (People/Jane.md)"
    assert line in result.stdout
    assert note.read_bytes() == FIRST_HALF + SECOND_HALF
    monkeypatch.setattr(atomic, "wall_clock", lambda: _mtime(note) + 2.5)
    result = invoke(args)
    assert "person blocks: 1 written" in result.stdout, result.stdout
    assert "waits" not in result.stdout
    assert b"Last contact:** 2026-11-20" in note.read_bytes()


def test_watch_writes_a_waiting_block_once_the_note_is_quiet_without_another_event(
    tmp_path: Path,
) -> None:
    root = _vault(tmp_path / "v")
    note = root / "People" / "Jane.md"
    vault = api.Vault(root, TODAY, None)
    session = vault.session
    source, clock = FakeSource(), FakeClock()
    watcher = Watcher(
        vault, source, today=lambda: TODAY, log=lambda _: None, clock=clock.now,
        wait=clock.wait, debounce=0.25, cap=1.0,
    )  # fmt: skip
    watcher.begin()  # the first block is written (the note was quiet before the watch began)
    assert b"Last contact:** 2026-11-20" in note.read_bytes()
    note.write_bytes(FIRST_HALF + SECOND_HALF + b"- one more idea\n")  # the user saves
    saved, watched_at = _mtime(note), clock.now()
    session.clock = lambda: saved + (clock.now() - watched_at)  # wall time moves with the watch
    source.emit(note)
    watcher.run_once()  # the save's round: the note is 0.25 s old
    assert watcher.state.syncs[-1].blocks.waiting == ["People/Jane.md"]
    assert b"Last contact" not in note.read_bytes()
    watcher.run_once()  # no event: the retry round the watcher scheduled for itself
    assert clock.now() - watched_at >= atomic.QUIET_SECONDS
    text = note.read_bytes()
    assert b"Last contact:** 2026-11-20" in text and text.endswith(b"- one more idea\n")
    watcher.finish()


def test_a_save_by_rename_with_the_same_stamp_is_caught_at_the_last_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same bytes, same size, same modification time, but another file (an editor or a sync
    tool that writes a temp file and renames it): not the file vaultkit read."""
    path = tmp_path / "a.md"
    path.write_bytes(b"hello\n")
    found = snapshot(path)
    assert found is not None
    st = path.stat()
    real = atomic._temp_copy

    def renamed_meanwhile(target: Path, data: bytes, mode: Any) -> str:
        tmp = real(target, data, mode)
        other = tmp_path / "other"
        other.write_bytes(b"hello\n")
        os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(other, target)
        return tmp

    monkeypatch.setattr(atomic, "_temp_copy", renamed_meanwhile)
    with pytest.raises(ChangedOnDisk):
        write_atomic(tmp_path, path, b"new\n", found[1])
    assert path.read_bytes() == b"hello\n"
