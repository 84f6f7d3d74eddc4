"""What vaultkit does when it cannot, or must not, write (issue 21, finding 9): a read-only
note is left alone, one unwritable block or page does not stop the others, and the temp
files a killed write left behind are cleaned up, and only those."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from vaulthelp import BASIC, OUTPUT, make_vault, vk

from vaultkit.core import atomic

BEGIN = "<!-- vaultkit:begin -->"
END = "<!-- vaultkit:end -->"
MARKED = f"---\ncadence: 7\nlast_contact: 2026-11-01\n---\n# Dan\n\n{BEGIN}\nold\n{END}\n"


def _vault(tmp_path: Path) -> Path:
    return make_vault(
        tmp_path, {**BASIC, "People/Dan.md": MARKED, "People/Ann.md": MARKED.replace("Dan", "Ann")}
    )


def test_a_read_only_note_is_left_alone_by_sync(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    note = vault / "People" / "Dan.md"
    note.chmod(0o444)
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output  # the user's choice, not a failure
    assert note.read_text(encoding="utf-8") == MARKED
    assert "People/Dan.md is read-only: its vaultkit block is left alone" in result.stderr
    assert "Last contact" in (vault / "People" / "Ann.md").read_text(encoding="utf-8")
    again = vk(vault, "sync")  # said again on every sync while it is so
    assert "People/Dan.md is read-only" in again.stderr
    assert note.read_text(encoding="utf-8") == MARKED


def test_log_refuses_a_read_only_note_in_one_line(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    note = vault / "People" / "Dan.md"
    note.chmod(0o444)
    result = vk(vault, "log", "Dan", "coffee at the corner")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("vaultkit: error: People/Dan.md: it is read-only")
    assert note.read_text(encoding="utf-8") == MARKED


def _refuse(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real = os.replace

    def replace(src: str, dst: str) -> None:
        if Path(dst).name == name:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr("vaultkit.core.atomic.os.replace", replace)


def test_one_unwritable_block_is_reported_and_the_rest_of_the_sync_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    _refuse(monkeypatch, "Dan.md")
    result = vk(vault, "sync")
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("vaultkit: error:")]
    assert "Dan.md" in line and "Permission denied" in line
    assert (vault / "People" / "Dan.md").read_text(encoding="utf-8") == MARKED
    assert "Last contact" in (vault / "People" / "Ann.md").read_text(encoding="utf-8")
    assert (vault / OUTPUT / "People.md").is_file()  # the pages were written too


def test_one_unwritable_page_is_reported_and_the_rest_of_the_sync_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    _refuse(monkeypatch, "Follow-ups.md")  # the first page written
    result = vk(vault, "sync")
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("vaultkit: error:")]
    assert "Follow-ups.md" in line and "Permission denied" in line
    assert not (vault / OUTPUT / "Follow-ups.md").exists()
    for name in ("People.md", "Vault issues.md", "Ways to help.md"):
        assert (vault / OUTPUT / name).is_file()
    assert "Last contact" in (vault / "People" / "Ann.md").read_text(encoding="utf-8")
    monkeypatch.undo()
    assert vk(vault, "sync").exit_code == 0  # the next sync catches up
    assert (vault / OUTPUT / "Follow-ups.md").is_file()


def _age(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when))


def test_stale_temp_files_of_vaultkits_naming_are_removed_and_no_other(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / OUTPUT).mkdir()
    stale = vault / "People" / ".Dan.md.285b5kmb.vaultkit-tmp"  # as a kill -9 leaves it
    stale_page = vault / OUTPUT / ".People.md.a1_b2c3d.vaultkit-tmp"
    fresh = vault / "People" / ".Ann.md.x7y8z9w0.vaultkit-tmp"  # another sync's, writing now
    look_alike = vault / "People" / ".Dan.md.short.vaultkit-tmp"  # not a name vaultkit gives
    user_file = vault / "People" / ".my.vaultkit-tmp"
    for path in (stale, stale_page, fresh, look_alike, user_file):
        path.write_text("a full copy of a note\n", encoding="utf-8")
    for path in (stale, stale_page, look_alike, user_file):
        _age(path, 2 * 3600)
    _age(fresh, 60)
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    assert not stale.exists() and not stale_page.exists()
    assert fresh.exists() and look_alike.exists() and user_file.exists()


def test_a_stale_temp_file_goes_even_when_nothing_else_changed(tmp_path: Path) -> None:
    """A write killed before its rename changed no note: the next sync is a no-op proven
    from the cache, and still removes the temp file."""
    vault = _vault(tmp_path)
    assert vk(vault, "sync").exit_code == 0
    stale = vault / "People" / ".Kiri Harness.md.cwi04rum.vaultkit-tmp"
    stale.write_text("---\nname: Kiri Harness\n---\n", encoding="utf-8")
    _age(stale, 2 * 3600)
    result = vk(vault, "sync")
    assert "pages: 0 written" in result.stdout
    assert not stale.exists()


def test_the_temp_file_pattern_is_write_py_s_own(tmp_path: Path) -> None:
    made = atomic._temp_copy(tmp_path / ("N" * 60 + ".md"), b"x", None)
    assert atomic.TEMP_NAME_RE.match(Path(made).name)
    os.unlink(made)
