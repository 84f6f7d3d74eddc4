"""Reading a note (scan.read_note): one open, an fstat that it is a regular file, reads to the
end, an fstat of the open file after the read.

The work is counted (system calls), never timed.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from vaultkit.core.models import FileStamp
from vaultkit.read import scan
from vaultkit.read.parse import parse
from vaultkit.read.scan import read_note

LIMIT = 5 * 1024 * 1024


def _stamp(root: Path, rel: str) -> FileStamp:
    st = os.stat(root / rel)
    return FileStamp(rel, st.st_mtime_ns, st.st_size)


def test_a_note_is_read_with_two_fstats_and_no_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_bytes("\ufeffHello [[Jane]]\n".encode())
    stamp = _stamp(tmp_path, "a.md")
    calls: list[str] = []
    real_fstat, real_close = os.fstat, os.close

    def no_stat(*args: object, **kwargs: object) -> None:
        raise AssertionError("the path was stat'ed again")

    def fstat(fd: int) -> os.stat_result:
        calls.append("fstat")
        return real_fstat(fd)

    def close(fd: int) -> None:
        calls.append("close")
        real_close(fd)

    monkeypatch.setattr(os, "stat", no_stat)
    monkeypatch.setattr(os, "fstat", fstat)
    monkeypatch.setattr(os, "close", close)
    assert read_note(tmp_path, stamp, LIMIT) == ("Hello [[Jane]]\n", None, True)
    assert calls == ["fstat", "fstat", "close"]  # a regular file? then: changed while read?


def test_a_note_changed_since_its_stamp_is_not_the_stamps(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_text("one\n")
    stamp = _stamp(tmp_path, "a.md")
    note.write_text("one and more\n")
    text, issue, same = read_note(tmp_path, stamp, LIMIT)
    assert issue is None and same is False
    assert text is not None and text.startswith("one")
    os.utime(note, ns=(stamp.mtime_ns, stamp.mtime_ns + 1))  # same bytes, another time
    assert read_note(tmp_path, _stamp(tmp_path, "a.md"), LIMIT)[2] is True
    assert read_note(tmp_path, stamp._replace(size=note.stat().st_size), LIMIT)[2] is False


def test_short_reads_are_read_on_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "x" * 1000 + " [[Jane]]\n"
    (tmp_path / "a.md").write_text(body)
    stamp = _stamp(tmp_path, "a.md")
    real_read = os.read
    sizes: list[int] = []

    def dribble(fd: int, n: int) -> bytes:
        sizes.append(n)
        return real_read(fd, min(n, 7))

    monkeypatch.setattr(os, "read", dribble)
    assert read_note(tmp_path, stamp, LIMIT) == (body, None, True)
    assert sizes[0] == len(body) + 1 and len(sizes) > 100


def test_vanished_unreadable_and_too_large_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text("hello\n")
    stamp = _stamp(tmp_path, "a.md")
    assert read_note(tmp_path, stamp._replace(path="gone.md"), LIMIT) == (None, None, True)

    text, issue, _ = read_note(tmp_path, stamp, 3)
    assert text is None and issue is not None and issue.kind == "too-large"

    closed: list[int] = []
    real_close = os.close

    def broken_read(fd: int, n: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    def close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    monkeypatch.setattr(os, "read", broken_read)
    monkeypatch.setattr(os, "close", close)
    text, issue, _ = read_note(tmp_path, stamp, LIMIT)
    assert text is None and issue is not None
    assert (issue.kind, issue.message) == ("unreadable", "cannot be read: Input/output error")
    assert len(closed) == 1  # the file is closed however the read ends


def test_a_folder_named_like_a_note_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "odd.md").mkdir()
    text, issue, _ = read_note(tmp_path, FileStamp("odd.md", 0, 0), LIMIT)
    assert text is None and issue is not None and issue.kind == "unreadable"
    assert scan.decode_note("x.md", b"\xff\xfeh\x00", LIMIT)[1] is not None  # UTF-16 still


@pytest.mark.parametrize(
    "text",
    ["> - <!-- [[Ana]]\n> ", "[[Ana]]\n\n> - <!--\n> ", "---\ncadence: 7\n---\n# h\n> - <!--\n> "],
)
def test_a_note_that_crashes_markdown_it_is_reported_not_a_traceback(text: str) -> None:
    """markdown-it-py 4.3 raises IndexError on `> - <!--` then `> ` at the end of a text
    (found by hypothesis). The note is reported once, its front matter still counts."""
    facts = parse("People/Ana.md", text)
    assert [i.kind for i in facts.issues] == ["unreadable"]
    assert "could not be read as Markdown" in facts.issues[0].message
    assert facts.links == () and facts.tasks == ()
    if text.startswith("---"):
        assert facts.props == {"cadence": 7}
