"""What vaultkit reads and the processes it runs, against hostile input (issue 21, findings 5,
6 and 8): names that are not UTF-8, a folder where a note would go, files that never end or
never open (a device, a named pipe), vCards that try to write structure or take minutes to
read, and a cold sync killed with SIGKILL. Each one is a clear line or a skipped file, never a
traceback, a hang or a process left behind."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from vaulthelp import BASIC, TODAY, invoke, make_vault, run_module, vk, vk_json

from vaultkit.commands.vcards import read_cards, split_cards

MAX_FILE_BYTES = 50 * 1024 * 1024  # the documented caps
NOTE_LIMIT = 64 * 1024

CAFE = b"2026-11-21 caf\xe9.md"  # Latin-1 bytes: no UTF-8 name

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
needs_bytes_names = pytest.mark.skipif(
    sys.platform == "darwin" or os.name == "nt", reason="the file system wants UTF-8 names"
)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path, {"vaultkit.toml": "", **BASIC})


def _one_line(text: str) -> str:
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- finding 5: names and paths that are not UTF-8 ------------------------------------------


@needs_bytes_names
def test_sync_with_a_note_named_in_latin1_reports_it_once_and_reads_the_rest(vault: Path) -> None:
    (vault / "People" / "Jane Doe").mkdir()
    with open(os.path.join(os.fsencode(vault / "People" / "Jane Doe"), CAFE), "wb") as fh:
        fh.write(b"Coffee.\n")  # a dated note in Jane's folder: her interaction, her block
    os.mkdir(os.path.join(os.fsencode(vault), b"Caf\xe9 notes"))
    with open(os.path.join(os.fsencode(vault), b"Caf\xe9 notes", b"x.md"), "wb") as fh:
        fh.write(b"Met [[Carol]].\n")
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    doctor = vk(vault, "doctor")
    bad = [line for line in doctor.stdout.splitlines() if "\\xe9" in line]
    assert bad == [
        "Caf\\xe9 notes: encoding: the folder name is not valid UTF-8 (shown with \\x escapes);"
        " nothing in it is read: rename it",
        "People/Jane Doe/2026-11-21 caf\\xe9.md: encoding: the file name is not valid UTF-8"
        " (shown with \\x escapes); skipped: rename it",
    ]
    people = {p["name"]: p for p in vk_json(vault, "people")}
    assert len(people) == 8 and people["Jane Doe"]["last_contact"] == "2026-11-20"
    issues = (vault / "Vaultkit" / "Vault issues.md").read_text(encoding="utf-8")
    assert "caf\\\\xe9" in issues  # shown, escaped once more for Markdown
    assert vk(vault, "sync").exit_code == 0  # and again, from the cache


@needs_bytes_names
def test_sync_in_a_vault_folder_named_in_latin1_works(tmp_path: Path) -> None:
    root = os.path.join(os.fsencode(tmp_path), b"Caf\xe9 vault")
    make_vault(tmp_path, {"vaultkit.toml": "", **BASIC}, name=os.fsdecode(root))
    result = vk(Path(os.fsdecode(root)), "sync")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("11 notes (+11 ~0 -0), 8 people")
    ics = vk(Path(os.fsdecode(root)), "ics")
    assert ics.exit_code == 0 and "X-WR-CALNAME:vaultkit: Caf\ufffd vault" in ics.stdout


@needs_bytes_names
def test_service_install_print_for_a_vault_named_in_latin1_is_one_line(tmp_path: Path) -> None:
    root = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"Caf\xe9 vault"))
    make_vault(tmp_path, {"vaultkit.toml": "", **BASIC}, name=root)
    args = ["install", "--print", "--platform", "linux", "--vault", root]
    result = invoke(["service", *args])
    assert result.exit_code == 2
    assert _one_line(result.stderr) == (
        f"vaultkit: error: {os.fsencode(tmp_path).decode()}/Caf\\xe9 vault: a path that is not "
        "valid UTF-8 cannot go in a service file; rename the folder"
    )


@pytest.mark.parametrize("command", [["add", "Zed Quinn"], ["log", "Zed Quinn", "hi", "--create"]])
def test_add_where_a_folder_has_the_notes_name_is_one_line(vault: Path, command: list[str]) -> None:
    (vault / "People" / "Zed Quinn.md").mkdir()
    result = vk(vault, *command)
    assert result.exit_code == 1, result.output
    assert _one_line(result.stderr) == (
        "vaultkit: error: People/Zed Quinn.md: it is not a regular file (a folder); "
        "vaultkit never overwrites a note"
    )
    assert (vault / "People" / "Zed Quinn.md").is_dir()


# --- import: files that never end or never open, files too large ------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_import_dev_zero_is_one_line(vault: Path) -> None:
    result = vk(vault, "import", "/dev/zero")
    assert result.exit_code == 2
    assert _one_line(result.stderr) == (
        "vaultkit: error: /dev/zero: is a device, not a file; "
        "import a .vcf file exported from your address book"
    )


def test_import_a_file_over_50_mb_is_one_line_and_reads_nothing(vault: Path) -> None:
    big = vault.parent / "big.vcf"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing written, nothing read
    result = vk(vault, "import", str(big))
    assert result.exit_code == 2
    assert _one_line(result.stderr) == (
        f"vaultkit: error: {big}: larger than 50 MB, the most vaultkit reads of a vCard file; "
        "export the contacts without photos, or in several files"
    )


class PipeWriter:
    """Opens the write end of a pipe whenever a reader holds it open, and writes a card: should
    vaultkit open the pipe (the bug), the open returns and the test fails on what it read
    instead of hanging."""

    def __init__(self, pipe: Path, data: bytes) -> None:
        self.pipe, self.data, self.opened = pipe, data, False
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.02):
            try:  # non-blocking: fails with ENXIO while no reader has it open
                fd = os.open(self.pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                assert exc.errno in (errno.ENXIO, errno.ENOENT), exc
                continue
            self.opened = True
            try:
                os.write(fd, self.data)
            except BrokenPipeError:
                pass
            finally:
                os.close(fd)

    def stop(self) -> None:
        self.done.set()
        self.thread.join(timeout=10)


@pytest.fixture
def pipe(tmp_path: Path) -> Iterator[tuple[Path, list[PipeWriter]]]:
    writers: list[PipeWriter] = []
    yield tmp_path, writers
    for writer in writers:
        writer.stop()


@needs_fifo
def test_import_a_vcf_that_is_a_named_pipe_is_refused_without_waiting(
    vault: Path, pipe: tuple[Path, list[PipeWriter]]
) -> None:
    fifo = pipe[0] / "contacts.vcf"
    os.mkfifo(fifo)
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pip Pipe\r\nEND:VCARD\r\n"
    pipe[1].append(writer := PipeWriter(fifo, card))
    result = vk(vault, "import", str(fifo))
    assert result.exit_code == 2, result.output
    assert _one_line(result.stderr) == (
        f"vaultkit: error: {fifo}: is a named pipe, not a file; "
        "import a .vcf file exported from your address book"
    )
    assert not writer.opened and not (vault / "People" / "Pip Pipe.md").exists()


@needs_fifo
def test_sync_with_a_vaultkit_toml_that_is_a_named_pipe_is_one_line(
    vault: Path, pipe: tuple[Path, list[PipeWriter]]
) -> None:
    settings = vault / "vaultkit.toml"
    settings.unlink()
    os.mkfifo(settings)
    pipe[1].append(writer := PipeWriter(settings, b"recent_days = 3\n"))
    result = vk(vault, "sync")
    assert result.exit_code == 2, result.output
    assert _one_line(result.stderr) == (
        f"vaultkit: error: {settings}: is a named pipe, not a file; make it a file or remove it"
    )
    assert not writer.opened


# --- finding 8: what an import writes -------------------------------------------------------


def _card(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]) + "\r\n"


def _import(vault: Path, text: str | bytes) -> list[str]:
    path = vault.parent / "contacts.vcf"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    result = vk(vault, "import", str(path))
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_import_a_note_holding_a_log_records_no_interaction(vault: Path) -> None:
    fake = "Met at PyCon.\\n## Log\\n- 2020-01-01 fake\\n- [ ] call [[Jane Doe]] 📅 2026-11-20"
    marker = "\\n<!-- vaultkit:begin -->\\n```\\n#ask/climbing"
    _import(vault, _card("FN:Kim Lee", f"NOTE:{fake}{marker}"))
    assert vk(vault, "sync").exit_code == 0
    kim = vk_json(vault, "show", "Kim Lee")
    assert (kim["last_contact"], kim["interactions"], kim["followups"]) == (None, [], [])
    assert "Kim" not in vk(vault, "asks").stdout
    text = (vault / "People" / "Kim Lee.md").read_text(encoding="utf-8")
    assert (
        "## Notes from import\n\n````text\nMet at PyCon.\n## Log\n- 2020-01-01 fake\n"
        "- [ ] call [[Jane Doe]] 📅 2026-11-20\n\\<!-- vaultkit:begin -->\n```\n"
        "#ask/climbing\n````\n"
    ) in text
    assert vk(vault, "doctor").exit_code == 0  # the block went in where vaultkit put it


def test_import_a_name_with_nul_and_control_characters_makes_a_readable_note(
    vault: Path,
) -> None:
    lines = _import(vault, _card("FN:Ann\x00 Lee\x07", "NOTE:hi\x00\x1b there", "TITLE:=\x01"))
    assert lines[0].endswith(": new People/Ann Lee.md")
    data = (vault / "People" / "Ann Lee.md").read_bytes()
    assert b"\x00" not in data and b"\x1b" not in data and b"\x07" not in data
    ann = vk_json(vault, "show", "Ann Lee")
    assert ann["name"] == "Ann Lee"
    assert vk(vault, "doctor").exit_code == 0  # no `binary` note, no bad YAML


def test_import_quoted_printable_nul_is_left_out() -> None:
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Bo=00b\r\nEND:VCARD\r\n"
    (found,) = read_cards(card)
    assert found.person is not None and found.person.name == "Bob"


def test_import_a_note_over_64_kib_is_cut_and_says_so(vault: Path) -> None:
    long = "x" * 40 + "é" * (NOTE_LIMIT)  # 2 bytes a character: well over the limit
    lines = _import(vault, _card("FN:Long Note", "NOTE:" + long))
    assert lines[0].endswith("new People/Long Note.md (NOTE cut to its first 64 KiB)")
    path = vault / "People" / "Long Note.md"
    assert path.stat().st_size < NOTE_LIMIT + 4096
    assert "é\n(truncated)\n````" in path.read_text(encoding="utf-8").replace("```\n", "````\n")
    assert vk(vault, "doctor").exit_code == 0


def _folded(prefix: str, value: str, sep: str = "\r\n") -> str:
    lines = [prefix + value[:60]] + [" " + value[i : i + 74] for i in range(60, len(value), 74)]
    return sep.join(lines)


@pytest.mark.parametrize("name", ["PHOTO;ENCODING=b;TYPE=JPEG", "item1.LOGO;VALUE=uri", "KEY"])
def test_import_binary_properties_are_dropped_before_unfolding(name: str) -> None:
    photo = "QUJD" * 5000
    text = _card("FN:Pat Photo", _folded(f"{name}:", photo), "NOTE:after the photo")
    ((_, chunk),) = split_cards(text)
    assert "QUJD" not in chunk and name.split(";")[0] not in chunk
    assert chunk.count("\r\n") == text.count("\r\n")  # every line kept its number
    (card,) = read_cards(text)
    assert card.person is not None and card.person.body == "after the photo"


def test_import_a_vcard_21_photo_in_base64_and_quoted_printable_is_dropped() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Ray;Ann\r\n"
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n  QUJDRA==\r\nQUJDRA==\r\n\r\n"
        "SOUND;ENCODING=QUOTED-PRINTABLE:ab=\r\ncd=\r\nef\r\n"
        "NOTE:kept\r\nEND:VCARD\r\n"
    )
    ((_, chunk),) = split_cards(text)
    assert "QUJD" not in chunk and "cd=" not in chunk and "ef" not in chunk
    (card,) = read_cards(text)
    assert card.person is not None and (card.person.name, card.person.body) == ("Ann Ray", "kept")


def test_import_logical_lines_are_vobjects() -> None:
    """The linear unfolding gives vobject's own answers (lines and their numbers)."""
    import io

    from vcardfixtures import APPLE, GOOGLE, MIXED, OUTLOOK, V4
    from vobject.base import getLogicalLines

    from vaultkit.commands.vcards import logical_lines

    tricky = [
        "A;ENCODING=QUOTED-PRINTABLE:abc=\r\ndef=\r\n ghi\r\n\r\nB:x\r\n",
        "A;ENCODING=QUOTED-\r\n PRINTABLE:abc=\r\ndef\r\nC:1",
        "\r\n\r\nX:1\r\n  \r\n\tY\r\nZ:\r",
        "A:b=\nc:d\n",
        "A;quoted-printable:x=\n\n=\nq",
        "N:a\n b\n\tc\nN2:d=\n",
    ]
    for text in [GOOGLE, APPLE, OUTLOOK, V4, MIXED, *tricky]:
        chunks = [text, *(chunk for _, chunk in split_cards(text))]
        for chunk in chunks:
            expected = list(getLogicalLines(io.StringIO(chunk), allowQP=True))
            assert list(logical_lines(chunk)) == expected


def test_import_unfolds_lines_without_vobjects_quadratic_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """vobject's `getLogicalLines` copies the logical line after each physical line it adds (a
    folded 20 MB value took minutes); cards are unfolded by `logical_lines` instead."""
    import vobject.base

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("vobject's getLogicalLines read a card")

    monkeypatch.setattr(vobject.base, "getLogicalLines", refuse)
    value = "y" * 50_000
    (card,) = read_cards(_card("FN:Long", _folded("NOTE:", value)))
    assert card.person is not None and card.person.body == value


# --- finding 6: a killed cold sync leaves no process behind ---------------------------------

STUCK = """
import sys, time
import vaultkit.session.pool as s

def stuck(*args):
    time.sleep(3600)  # a worker that never answers: only its parent's death ends it

s.parse_batch = stuck
if sys.argv[1] == "fallback" and hasattr(s, "_kernel_kills_orphans"):
    s._kernel_kills_orphans = lambda: False  # the portable way (macOS)
from vaultkit.cli.main import main
sys.argv = ["vaultkit", "sync", "--vault", sys.argv[2], "--today", "2026-11-25"]
main()
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: no pool")
@pytest.mark.parametrize("way", ["pdeathsig", "fallback"])
def test_kill_9_during_a_cold_sync_leaves_no_worker_and_ends_its_output(
    tmp_path: Path, way: str
) -> None:
    vault = make_vault(
        tmp_path, {"vaultkit.toml": "", **{f"Notes/n{i:04}.md": "x\n" for i in range(2000)}}
    )
    env = {**os.environ, "VAULTKIT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-c", STUCK, way, str(vault)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    assert proc.stdout is not None
    try:
        workers: set[int] = set()
        for _ in range(1200):  # the pool starts once the 2,000 notes are walked
            workers = _children(proc.pid)
            if workers:
                break
            threading.Event().wait(0.05)
        assert workers, "the cold sync never started its workers"
        threading.Event().wait(0.2)  # let every worker start
        workers = _children(proc.pid) | workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        os.set_blocking(proc.stdout.fileno(), False)
        ended = False
        for _ in range(200):  # generous: dead in a blink on Linux, within 0.2 s elsewhere
            try:
                ended = os.read(proc.stdout.fileno(), 65536) == b""
            except BlockingIOError:
                ended = False
            if ended and not any(_alive(w) for w in workers):
                break
            threading.Event().wait(0.05)
        assert [w for w in workers if _alive(w)] == [], "workers outlived their parent"
        assert ended, "a reader of the sync's stdout never saw its end"
    finally:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stdout.close()


def test_import_as_a_real_process_of_dev_zero_is_one_line(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    vault = make_vault(tmp_path, {"vaultkit.toml": ""})
    proc = run_module(["import", "/dev/zero", "--vault", str(vault), "--today", TODAY], tmp_path)
    assert proc.returncode == 2
    assert _one_line(proc.stderr).startswith("vaultkit: error: /dev/zero: is a device")


def test_watch_started_with_a_half_typed_vaultkit_toml_is_a_usage_error(vault: Path) -> None:
    """No last good settings to keep yet: the usage error of any command (exit 2)."""
    (vault / "vaultkit.toml").write_text("recent_days = \n", encoding="utf-8")
    result = vk(vault, "watch")
    assert result.exit_code == 2
    assert _one_line(result.stderr).startswith("vaultkit: error: ")
    assert "vaultkit.toml: not valid TOML" in result.stderr


def test_import_a_quoted_printable_note_line_that_starts_like_a_photo_is_kept() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Ray;Ann\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:see the=\r\nPHOTO: on the wall\r\nEND:VCARD\r\n"
    )
    (card,) = read_cards(text)
    assert card.person is not None and card.person.body == "see thePHOTO: on the wall"


def test_import_a_card_with_thousands_of_emails_is_skipped_with_its_reason() -> None:
    emails = [f"EMAIL:someone.with.a.long.address.{i:05}@example.com" for i in range(6000)]
    (card,) = read_cards(_card("FN:Many Mails", *emails))
    assert card.person is None
    assert card.problem == "its fields add up to more than 256 KiB"
