"""A named pipe, socket or device called `*.md` (VAULT_FORMAT §1): never opened for reading,
never replaced; skipped and reported as an issue of that file, and no command waits on it.

A pipe opened for reading waits until someone opens it for writing. Each test here keeps a
`Writer` at its pipes: should vaultkit open one (the bug), the writer lets the open return and
hands it bytes, so the test fails on what vaultkit made of them instead of hanging.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from vaulthelp import BASIC, make_vault, vk

from vaultkit.core.atomic import snapshot
from vaultkit.core.errors import NotAFile
from vaultkit.core.models import FileStamp
from vaultkit.read.scan import read_note, scan
from vaultkit.session.sync import Vault

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

BYTES = b"---\ntype: person\n---\nfrom the pipe [[Jane Doe]]\n"


class Writer:
    """Opens the write end of each pipe whenever a reader holds it open; records which."""

    def __init__(self, pipes: list[Path]) -> None:
        self.pipes, self.opened, self.done = pipes, set[str](), threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.done.wait(0.02):
            for pipe in self.pipes:
                try:  # non-blocking: fails with ENXIO while no reader has it open
                    fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
                except OSError as exc:
                    assert exc.errno in (errno.ENXIO, errno.ENOENT), exc
                    continue
                self.opened.add(pipe.name)
                try:
                    os.write(fd, BYTES)
                except BrokenPipeError:
                    pass  # the reader closed it first
                finally:
                    os.close(fd)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[tuple[Path, Writer]]:
    root = make_vault(tmp_path, BASIC)
    pipes = [root / "People/Pipe.md", root / "Daily/2026-11-21.md"]
    for pipe in pipes:
        os.mkfifo(pipe)
    writer = Writer(pipes)
    writer.thread.start()
    yield root, writer
    writer.done.set()
    writer.thread.join(timeout=10)


def _unreadable(root: Path) -> list[tuple[str, str]]:
    view = Vault(root).view()
    return sorted((i.path, i.message) for i in view.issues if i.kind == "unreadable")


PIPE_ISSUES = [
    ("Daily/2026-11-21.md", "a named pipe, not a regular file; skipped"),
    ("People/Pipe.md", "a named pipe, not a regular file; skipped"),
]


def test_the_walk_reports_pipes_and_never_opens_them(vault: tuple[Path, Writer]) -> None:
    root, writer = vault
    assert _unreadable(root) == PIPE_ISSUES
    assert "People/Pipe.md" not in scan(root, Vault(root).config).paths
    assert writer.opened == set()


def test_sync_and_doctor_finish_and_report_the_pipes(vault: tuple[Path, Writer]) -> None:
    root, writer = vault
    result = vk(root, "sync")
    assert result.exit_code == 0, result.output
    issues = (root / "Vaultkit/Vault issues.md").read_text()
    assert "a named pipe, not a regular file; skipped" in issues
    result = vk(root, "doctor")
    assert result.exit_code == 1
    assert "People/Pipe.md: unreadable: a named pipe, not a regular file; skipped" in result.stdout
    assert writer.opened == set()


def test_read_note_checks_the_open_file_before_reading(vault: tuple[Path, Writer]) -> None:
    """A pipe that took a note's place after the walk: the stamp is the old file's."""
    root, _ = vault
    text, issue, _ = read_note(root, FileStamp("People/Pipe.md", 1, len(BYTES)), 1 << 20)
    assert text is None and issue is not None
    assert (issue.kind, issue.message) == (
        "unreadable",
        "a named pipe, not a regular file; skipped",
    )


def test_the_watcher_reports_a_new_pipe_like_the_walk(vault: tuple[Path, Writer]) -> None:
    root, writer = vault
    os.rename(root / "People/Pipe.md", root.parent / "Pipe.md")  # out of the vault
    session = Vault(root)
    session.load()
    os.rename(root.parent / "Pipe.md", root / "People/Pipe.md")
    session.load(["People/Pipe.md"])
    assert "People/Pipe.md" not in session.stamps
    got = sorted((i.path, i.message) for i in session.view().issues if i.kind == "unreadable")
    assert got == PIPE_ISSUES == _unreadable(root)
    os.unlink(root / "People/Pipe.md")
    (root / "People/Pipe.md").write_text("---\ntype: person\n---\n")
    session.load(["People/Pipe.md"])
    assert "People/Pipe.md" in session.stamps
    assert [i.path for i in session.view().issues if i.kind == "unreadable"] == [PIPE_ISSUES[0][0]]
    assert writer.opened == set()


def test_add_leaves_a_pipe_alone(vault: tuple[Path, Writer]) -> None:
    root, _ = vault
    result = vk(root, "add", "Pipe")
    assert result.exit_code == 1
    assert "People/Pipe.md: it is not a regular file" in result.stderr
    assert (root / "People/Pipe.md").is_fifo()
    with pytest.raises(NotAFile, match="is a named pipe, not a regular file; left alone"):
        snapshot(root / "People/Pipe.md")


def test_a_pipe_in_the_output_folder_is_someone_elses(vault: tuple[Path, Writer]) -> None:
    root, writer = vault
    (root / "Vaultkit").mkdir()
    os.mkfifo(root / "Vaultkit/People.md")
    writer.pipes.append(root / "Vaultkit/People.md")
    result = vk(root, "sync")
    assert result.exit_code == 0, result.output
    assert (root / "Vaultkit/People.md").is_fifo()
    result = vk(root, "doctor")
    assert "Vaultkit/People.md: foreign-file" in result.stdout
    assert writer.opened == set()


def test_a_pipe_for_obsidian_settings_is_a_config_issue(vault: tuple[Path, Writer]) -> None:
    root, writer = vault
    (root / ".obsidian").mkdir()
    os.mkfifo(root / ".obsidian/daily-notes.json")
    writer.pipes.append(root / ".obsidian/daily-notes.json")
    result = vk(root, "doctor")
    line = ".obsidian/daily-notes.json: config: ignored: a named pipe, not a file"
    assert line in result.stdout
    assert writer.opened == set()


def test_a_socket_is_reported_too(tmp_path: Path) -> None:
    root = make_vault(tmp_path, BASIC)
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.bind(str(root / "People/Sock.md"))
        except OSError as exc:  # a path too long for a socket on this system
            pytest.skip(str(exc))
        assert _unreadable(root) == [("People/Sock.md", "a socket, not a regular file; skipped")]
