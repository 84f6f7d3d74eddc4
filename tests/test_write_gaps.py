"""VAULT_FORMAT §9 at the level of `vaultkit.core.atomic`: atomic, inside the vault, never over
a file that changed since it was read, and error texts that say which file and what happened.

Gaps a mutation run (issue 10) found: the byte comparison when size and mtime are unchanged,
and the branch where the existing file cannot be read, were never reached.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from vaulthelp import BASIC, make_vault, vk

from vaultkit.core.atomic import (
    ChangedOnDisk,
    Snapshot,
    create_new,
    delete_owned,
    digest,
    inside,
    snapshot,
    write_atomic,
)
from vaultkit.core.errors import VaultkitError, WriteError


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "Vaultkit").mkdir(parents=True)
    return vault


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if "vaultkit-tmp" in p.name)


def _same_stamp_other_bytes(path: Path, data: bytes) -> None:
    """Replace the content with `data` (same length) and put the old mtime back."""
    st = path.stat()
    assert len(data) == st.st_size
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (st.st_mtime_ns, st.st_size)


# --- snapshot --------------------------------------------------------------------------------


def test_snapshot_of_a_file_is_its_bytes_and_stamp(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"hello\n")
    st = path.stat()
    found = snapshot(path)
    assert found == (
        b"hello\n",
        Snapshot(st.st_mtime_ns, 6, hashlib.sha256(b"hello\n").hexdigest(), st.st_ino),
    )
    assert digest(b"hello\n") == hashlib.sha256(b"hello\n").hexdigest()


def test_snapshot_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert snapshot(tmp_path / "missing.md") is None


# --- changed on disk -------------------------------------------------------------------------


def test_same_size_and_mtime_but_other_bytes_is_a_change(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"version A\n")
    found = snapshot(page)
    assert found is not None
    _same_stamp_other_bytes(page, b"version B\n")  # an edit within the clock's resolution

    with pytest.raises(ChangedOnDisk) as err:
        write_atomic(vault, page, b"generated\n", found[1])
    assert str(err.value) == str(page)
    assert page.read_bytes() == b"version B\n"
    assert _leftovers(tmp_path) == []

    with pytest.raises(ChangedOnDisk):
        delete_owned(page, found[1])
    assert page.read_bytes() == b"version B\n"


def test_same_size_mtime_and_bytes_is_no_change(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"version A\n")
    found = snapshot(page)
    assert found is not None
    _same_stamp_other_bytes(page, b"version A\n")  # rewritten with the very same bytes
    write_atomic(vault, page, b"generated\n", found[1])
    assert page.read_bytes() == b"generated\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("edit", ["longer", "same length, new mtime"], ids=["size", "mtime"])
def test_another_size_or_mtime_is_a_change_without_reading(
    tmp_path: Path, edit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"version A\n")
    found = snapshot(page)
    assert found is not None
    st = page.stat()
    if edit == "longer":
        page.write_bytes(b"version A, edited\n")
        os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    else:
        os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ChangedOnDisk) as err:
        write_atomic(vault, page, b"generated\n", found[1])
    assert str(err.value) == str(page)
    assert page.read_bytes() != b"generated\n"


def test_a_folder_where_the_file_was_is_a_failed_write(tmp_path: Path) -> None:
    """Same stamp, but it is now a folder: not an edit to wait out and retry quietly (it
    would never end), but a write that fails and says why (VAULT_FORMAT §9)."""
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.mkdir()
    st = page.stat()
    stale = Snapshot(st.st_mtime_ns, st.st_size, digest(b""))
    message = f"{page}: is a folder, so it cannot be written; rename or remove it"
    for expected in (stale, None):
        with pytest.raises(WriteError) as err:
            write_atomic(vault, page, b"generated\n", expected)
        assert str(err.value) == message
    with pytest.raises(WriteError):
        delete_owned(page, stale)
    assert page.is_dir()
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_an_unreadable_file_counts_as_changed(tmp_path: Path) -> None:  # pragma: no cover
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"version A\n")
    found = snapshot(page)
    assert found is not None
    page.chmod(0o200)
    try:
        with pytest.raises(ChangedOnDisk):
            write_atomic(vault, page, b"generated\n", found[1])
    finally:
        page.chmod(0o644)
    assert page.read_bytes() == b"version A\n"


def test_a_file_that_appeared_or_vanished_is_a_change(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"made by the user meanwhile\n")
    with pytest.raises(ChangedOnDisk) as err:
        write_atomic(vault, page, b"generated\n", None)  # we saw no file
    assert str(err.value) == str(page)
    assert page.read_bytes() == b"made by the user meanwhile\n"

    found = snapshot(page)
    assert found is not None
    page.unlink()
    with pytest.raises(ChangedOnDisk) as err:
        write_atomic(vault, page, b"generated\n", found[1])
    assert str(err.value) == str(page)
    assert not page.exists()
    with pytest.raises(ChangedOnDisk):
        delete_owned(page, found[1])
    assert _leftovers(tmp_path) == []


def test_a_change_while_the_temp_file_is_written_is_caught_at_the_last_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"version A\n")
    found = snapshot(page)
    assert found is not None
    real_fsync = os.fsync

    def fsync_while_the_user_saves(fd: int) -> None:
        real_fsync(fd)
        page.write_bytes(b"the user's edit\n")

    monkeypatch.setattr("vaultkit.core.atomic.os.fsync", fsync_while_the_user_saves)
    with pytest.raises(ChangedOnDisk):
        write_atomic(vault, page, b"generated\n", found[1])
    monkeypatch.undo()
    assert page.read_bytes() == b"the user's edit\n"
    assert _leftovers(tmp_path) == []


# --- how a write is made ---------------------------------------------------------------------


def test_the_temp_file_is_hidden_beside_the_target_and_synced_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / ("A very long page name that goes on and on and on.md")
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append("replace")
        tmp = Path(src)
        assert tmp.parent == page.parent  # same folder: the rename is atomic
        assert tmp.name.startswith("." + page.name[:40] + ".")  # a dot-file: never scanned
        assert tmp.name.endswith(".vaultkit-tmp")
        assert tmp.read_bytes() == b"generated\n"
        assert Path(dst) == page
        real_replace(src, dst)

    monkeypatch.setattr("vaultkit.core.atomic.os.fsync", fsync)
    monkeypatch.setattr("vaultkit.core.atomic.os.replace", replace)
    write_atomic(vault, page, b"generated\n", None)
    monkeypatch.undo()
    assert events == ["fsync", "replace"]
    assert page.read_bytes() == b"generated\n"
    assert _leftovers(tmp_path) == []


def test_a_rewrite_keeps_the_file_mode(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"old\n")
    page.chmod(0o640)
    found = snapshot(page)
    assert found is not None
    write_atomic(vault, page, b"new\n", found[1])
    assert page.read_bytes() == b"new\n"
    assert page.stat().st_mode & 0o7777 == 0o640


# --- refusals and error texts ----------------------------------------------------------------


def test_write_outside_the_vault_is_refused_with_the_path(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    outside = tmp_path / "elsewhere.md"
    with pytest.raises(WriteError) as err:
        write_atomic(vault, outside, b"x", None)
    assert str(err.value) == f"{outside}: refusing to write outside the vault (symbolic link?)"
    assert err.value.exit_code == 1
    assert isinstance(err.value, VaultkitError)
    assert not outside.exists()


def test_a_sibling_folder_with_the_vault_as_prefix_is_outside(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    sibling = tmp_path / "vault2"
    sibling.mkdir()
    assert not inside(vault, sibling / "x.md")
    assert inside(vault, vault / "x.md")
    assert inside(vault, vault / "Vaultkit" / "x.md")
    assert not inside(vault, tmp_path / "x.md")


def test_a_symbolic_link_is_never_written_through(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    target = vault / "Notes.md"
    target.write_bytes(b"the user's note\n")
    link = vault / "Vaultkit" / "People.md"
    link.symlink_to(target)
    assert not inside(vault, link)
    with pytest.raises(WriteError, match="refusing to write outside the vault"):
        write_atomic(vault, link, b"generated\n", None)
    assert target.read_bytes() == b"the user's note\n"
    assert link.is_symlink()


def test_a_page_replaced_by_a_symbolic_link_is_not_deleted_through_it(tmp_path: Path) -> None:
    """The check looks at the link itself, not at the file it points to."""
    vault = _vault(tmp_path)
    note = vault / "Note.md"
    note.write_bytes(b"---\ngenerated_by: vaultkit\n---\n")
    page = vault / "Vaultkit" / "Old.md"
    page.symlink_to(note)
    found = snapshot(page)  # reads through the link
    assert found is not None
    with pytest.raises(ChangedOnDisk):
        delete_owned(page, found[1])
    assert page.is_symlink()
    assert note.exists()


def test_a_folder_linked_out_of_the_vault_is_outside(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    away = tmp_path / "away"
    away.mkdir()
    (vault / "Linked").symlink_to(away)
    assert not inside(vault, vault / "Linked" / "x.md")
    with pytest.raises(WriteError):
        create_new(vault, vault / "Linked" / "x.md", b"x")
    assert list(away.iterdir()) == []


def test_write_error_names_the_file_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"old\n")
    found = snapshot(page)
    assert found is not None

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("vaultkit.core.atomic.os.replace", no_space)
    with pytest.raises(WriteError) as err:
        write_atomic(vault, page, b"new\n", found[1])
    assert str(err.value) == (
        f"{page}: could not be written (No space left on device); left as it was"
    )

    def plain(src: str, dst: str) -> None:
        raise OSError("the disk said no")

    monkeypatch.setattr("vaultkit.core.atomic.os.replace", plain)
    with pytest.raises(WriteError) as err:
        write_atomic(vault, page, b"new\n", found[1])
    assert str(err.value) == f"{page}: could not be written (the disk said no); left as it was"
    monkeypatch.undo()
    assert page.read_bytes() == b"old\n"
    assert _leftovers(tmp_path) == []


def test_a_failing_temp_file_is_removed_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    page = vault / "Vaultkit" / "People.md"
    page.write_bytes(b"old\n")
    found = snapshot(page)
    assert found is not None

    def broken_disk(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("vaultkit.core.atomic.os.fsync", broken_disk)
    with pytest.raises(WriteError) as err:
        write_atomic(vault, page, b"new\n", found[1])
    monkeypatch.undo()
    assert str(err.value) == f"{page}: could not be written (Input/output error); left as it was"
    assert page.read_bytes() == b"old\n"
    assert _leftovers(tmp_path) == []


def test_write_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    page = vault / "Gone" / "People.md"
    with pytest.raises(WriteError) as err:
        write_atomic(vault, page, b"new\n", None)
    assert str(err.value) == (
        f"{page}: could not be written (No such file or directory); left as it was"
    )


def test_delete_owned_removes_an_unchanged_file(tmp_path: Path) -> None:
    page = _vault(tmp_path) / "Vaultkit" / "Old.md"
    page.write_bytes(b"old page\n")
    found = snapshot(page)
    assert found is not None
    delete_owned(page, found[1])
    assert not page.exists()


def test_delete_error_names_the_file_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _vault(tmp_path) / "Vaultkit" / "Old.md"
    page.write_bytes(b"old page\n")
    found = snapshot(page)
    assert found is not None

    def denied(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "unlink", denied)
    with pytest.raises(WriteError) as err:
        delete_owned(page, found[1])
    monkeypatch.undo()
    assert str(err.value) == f"{page}: could not be deleted (Permission denied)"
    assert page.exists()


def test_delete_of_a_file_that_goes_away_meanwhile_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _vault(tmp_path) / "Vaultkit" / "Old.md"
    page.write_bytes(b"old page\n")
    found = snapshot(page)
    assert found is not None
    real_unlink = Path.unlink

    def gone_first(self: Path, missing_ok: bool = False) -> None:
        real_unlink(self)  # someone else deleted it just before us
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", gone_first)
    delete_owned(page, found[1])  # no error
    monkeypatch.undo()
    assert not page.exists()


# --- create_new ------------------------------------------------------------------------------


def test_create_new_makes_the_folders_and_the_file(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    path = vault / "People" / "Family" / "Kim.md"
    create_new(vault, path, b"# Kim\n")
    assert path.read_bytes() == b"# Kim\n"
    assert _leftovers(tmp_path) == []


def test_create_new_never_overwrites(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    path = vault / "People" / "Kim.md"
    path.parent.mkdir()
    path.write_bytes(b"the user's Kim\n")
    with pytest.raises(WriteError) as err:
        create_new(vault, path, b"# Kim\n")
    assert str(err.value) == f"{path}: already exists; vaultkit never overwrites a note"
    assert path.read_bytes() == b"the user's Kim\n"
    assert _leftovers(tmp_path) == []


def test_create_new_outside_the_vault_is_refused(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    path = tmp_path / "Kim.md"
    with pytest.raises(WriteError) as err:
        create_new(vault, path, b"# Kim\n")
    assert str(err.value) == f"{path}: refusing to write outside the vault"
    assert not path.exists()


def test_create_new_error_names_the_file_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    path = vault / "People" / "Kim.md"

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("vaultkit.core.atomic.os.link", no_space)
    with pytest.raises(WriteError) as err:
        create_new(vault, path, b"# Kim\n")
    monkeypatch.undo()
    assert str(err.value) == f"{path}: could not be created (No space left on device)"
    assert not path.exists()
    assert _leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    old = os.umask(0o022)
    try:
        write_atomic(vault, vault / "Vaultkit" / "People.md", b"new\n", None)
        create_new(vault, vault / "People" / "Kim.md", b"# Kim\n")
    finally:
        os.umask(old)
    assert (vault / "Vaultkit" / "People.md").stat().st_mode & 0o777 == 0o644
    assert (vault / "People" / "Kim.md").stat().st_mode & 0o777 == 0o644


def test_a_new_file_follows_a_stricter_umask(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    old = os.umask(0o027)
    try:
        write_atomic(vault, vault / "Vaultkit" / "People.md", b"new\n", None)
    finally:
        os.umask(old)
    assert (vault / "Vaultkit" / "People.md").stat().st_mode & 0o777 == 0o640


def test_a_folder_where_a_page_goes_fails_the_run_and_says_why(tmp_path: Path) -> None:
    """Not "changed on disk" (which would be retried quietly, exit 0): a failed write."""
    root = make_vault(tmp_path, BASIC)
    (root / "Vaultkit" / "People.md").mkdir(parents=True)
    result = vk(root, "sync")
    assert result.exit_code == 1
    assert "People.md: is a folder, so it cannot be written; rename or remove it" in result.stderr
    assert "changed on disk" not in result.output
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", "sync", "--vault", str(root), "--no-cache"],
        capture_output=True,
        text=True,
        env={**os.environ, "VAULTKIT_TODAY": "2026-11-25"},
        check=False,
    )
    assert done.returncode == 1 and "is a folder" in done.stderr
    assert "Traceback" not in done.stderr
