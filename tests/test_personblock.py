"""Writing into person notes: the marker block, `log`, `add`, `init` (issue: writing safely)."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.cli.main import cli
from vaultkit.read.config import Config
from vaultkit.session.sync import Vault, sync
from vaultkit.writing.note_text import insert_log, safe_filename
from vaultkit.writing.person_blocks import sync_blocks

TODAY = date(2026, 11, 25)
BEGIN = "<!-- vaultkit:begin -->"
END = "<!-- vaultkit:end -->"
DAILY = "Coffee with [[Jane]] at the park.\n"


def _vault(root: Path, note: bytes, config: str = "") -> Path:
    (root / "People").mkdir(parents=True)
    (root / "Daily").mkdir()
    (root / "People" / "Jane.md").write_bytes(note)
    (root / "Daily" / "2026-11-20.md").write_text(DAILY)
    if config:
        (root / "vaultkit.toml").write_text(config)
    return root


def _outside(data: bytes) -> tuple[bytes, bytes]:
    """The bytes before the end of the begin-marker line, and from the end-marker line on."""
    begin = data.index(BEGIN.encode())
    head_end = data.index(b"\n", begin) + 1
    end = data.index(END.encode())
    return data[:head_end], data[end:]


line_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00"), max_size=30
).filter(lambda s: "vaultkit:" not in s)
# Outside the block, a line that opens a fence would put the markers in the user's code block,
# where vaultkit rightly leaves them alone: not what this property is about.
# Nor a line that opens an HTML block (the markers would be inside it) or closes front matter.
outer_text = line_text.filter(
    lambda s: not re.match(r" {0,3}(```|~~~|<)", s) and not re.match(r"(---|\.\.\.)[ \t]*$", s)
)


@st.composite
def notes(draw: st.DrawFn) -> bytes:
    eol = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    before = draw(st.lists(outer_text, max_size=5))
    after = draw(st.lists(outer_text, max_size=5))
    fm = draw(st.sampled_from(["", "---\ncadence: weekly\n---\n", "---\nname: 'J: x'\n# c\n---\n"]))
    inner = st.one_of(line_text, st.sampled_from(["```", "~~~", "````py", "  ~~~~"]))
    lines = [*before, BEGIN, *draw(st.lists(inner, max_size=3)), END, *after]
    if eol == "mixed":
        body = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines))
    else:
        body = "".join(line + eol for line in lines)
    if draw(st.booleans()):
        body = body.rstrip("\r\n")
    text = fm + body
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    trailing = " " if draw(st.booleans()) else ""
    return bom + (text + trailing).encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_sync_keeps_every_byte_outside_the_block(note: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _vault(Path(tmp), note)
        sync(Vault(root), TODAY)
        after = (root / "People" / "Jane.md").read_bytes()
        assert _outside(after) == _outside(note)
        assert b"Last contact:** 2026-11-20" in after
        eol = b"\r\n" if b"\r\n" in note else b"\n"
        inner = after[len(_outside(after)[0]) : after.index(END.encode())]
        assert inner.count(eol) == inner.count(b"\n")  # the block uses the note's line ending
        stamp = os.stat(root / "People" / "Jane.md").st_mtime_ns
        stats = sync(Vault(root), TODAY)
        assert stats.blocks.written == [] and stats.pages.written == []
        assert os.stat(root / "People" / "Jane.md").st_mtime_ns == stamp


@pytest.mark.parametrize("fence", ["~~~", "```", "````", "  ```python"])
def test_an_unclosed_fence_inside_the_block_never_hides_its_end(tmp_path: Path, fence: str) -> None:
    """Markers are found before Markdown structure: what is inside the block is ours, so a
    fence written there cannot freeze the block (it is replaced on the next sync)."""
    note = f"# Jane\n{BEGIN}\n{fence}\n{END}\n\nAfter.\n".encode()
    root = _vault(tmp_path, note)
    stats = sync(Vault(root), TODAY)
    text = (root / "People" / "Jane.md").read_text()
    assert stats.blocks.written == ["People/Jane.md"]
    assert fence not in text.split(BEGIN)[1].split(END)[0]
    assert text.endswith(f"{END}\n\nAfter.\n")
    assert "Last contact:** 2026-11-20" in text
    assert not [i for i in Vault(root).view().issues if i.kind == "markers"]


def test_a_marker_in_the_users_code_block_is_still_left_alone(tmp_path: Path) -> None:
    note = f"# Jane\n```\n{BEGIN}\n{END}\n```\n".encode()
    root = _vault(tmp_path, note)
    sync(Vault(root), TODAY)
    assert (root / "People" / "Jane.md").read_bytes() == note


def test_block_is_written_only_between_markers(tmp_path: Path) -> None:
    note = b"---\ncadence: weekly # comment\n---\n# Jane\n\n" + BEGIN.encode() + b"\nold\n"
    note += END.encode() + b"\n\n## Log\n- 2026-11-01 tea\n"
    root = _vault(tmp_path, note)
    sync(Vault(root), TODAY)
    text = (root / "People" / "Jane.md").read_text()
    assert "old" not in text
    assert text.startswith("---\ncadence: weekly # comment\n---\n# Jane\n\n" + BEGIN + "\n")
    assert "edits inside this block are replaced" in text
    assert "- **Check-ins:** every 7 days (own cadence); next 2026-11-27 (in 2 days)" in text
    assert "- 2026-11-20 · [[Daily/2026-11-20|2026-11-20]] — Coffee with [[Jane]]" in text
    assert text.endswith(END + "\n\n## Log\n- 2026-11-01 tea\n")


def test_links_inside_the_block_never_count(tmp_path: Path) -> None:
    note = f"# Jane\n{BEGIN}\n## Log\n- 2026-11-24 fake [[Bob]]\n{END}\n".encode()
    root = _vault(tmp_path, note)
    (root / "People" / "Bob.md").write_text("# Bob\n")
    view_stats = sync(Vault(root), TODAY)
    assert view_stats.interactions == 1  # only the daily note's link to Jane
    vault = Vault(root)
    vault.load()
    assert "People/Bob.md" not in vault.view().interactions


def test_file_changed_between_read_and_write_keeps_the_users_version(tmp_path: Path) -> None:
    note = f"# Jane\n{BEGIN}\n{END}\n".encode()
    root = _vault(tmp_path, note)
    vault = Vault(root)
    vault.load()
    view = vault.view()
    user = f"# Jane\n{BEGIN}\n{END}\nA new thought, typed just now.\n".encode()
    (root / "People" / "Jane.md").write_bytes(user)
    stats = sync_blocks(vault, view, TODAY, dry_run=False)
    assert stats.skipped == ["People/Jane.md"] and stats.written == []
    assert (root / "People" / "Jane.md").read_bytes() == user
    again = sync(vault, TODAY)
    assert again.blocks.written == ["People/Jane.md"]
    assert (root / "People" / "Jane.md").read_text().endswith("A new thought, typed just now.\n")


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (f"{BEGIN}\nx\n", 2),
        (f"x\n{END}\n", 3),
        (f"{BEGIN}\n{BEGIN}\n{END}\n", 3),
        (f"{END}\nx\n{BEGIN}\n", 2),
        (f"{BEGIN}\n{END}\n{BEGIN}\n{END}\n", 4),
    ],
)
def test_broken_markers_leave_the_note_alone_and_are_reported(
    tmp_path: Path, body: str, line: int
) -> None:
    note = f"# Jane\n{body}".encode()
    root = _vault(tmp_path, note, 'person_block = "append"\n')
    stats = sync(Vault(root), TODAY)
    assert stats.blocks.written == []
    assert (root / "People" / "Jane.md").read_bytes() == note
    issues = (root / "Vaultkit" / "Vault issues.md").read_text()
    assert f"[[People/Jane|Jane]], line {line}:" in issues
    assert "Broken vaultkit markers (1)" in issues


def test_append_mode_adds_the_block_at_the_end_once(tmp_path: Path) -> None:
    note = b"---\ncadence: 10\n---\r\n# Jane\r\nno final newline"
    root = _vault(tmp_path, note, 'person_block = "append"\n')
    sync(Vault(root), TODAY)
    data = (root / "People" / "Jane.md").read_bytes()
    assert data.startswith(note + b"\r\n\r\n" + BEGIN.encode() + b"\r\n")
    assert data.endswith(END.encode() + b"\r\n")
    assert sync(Vault(root), TODAY).blocks.written == []


def test_off_mode_writes_no_block(tmp_path: Path) -> None:
    note = f"# Jane\n{BEGIN}\n{END}\n".encode()
    root = _vault(tmp_path, note, 'person_block = "off"\n')
    sync(Vault(root), TODAY)
    assert (root / "People" / "Jane.md").read_bytes() == note


def test_block_write_keeps_file_permissions(tmp_path: Path) -> None:
    root = _vault(tmp_path, f"# Jane\n{BEGIN}\n{END}\n".encode())
    os.chmod(root / "People" / "Jane.md", 0o640)
    sync(Vault(root), TODAY)
    assert os.stat(root / "People" / "Jane.md").st_mode & 0o777 == 0o640


# --- vaultkit log ---


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--vault", str(root), "--today", "2026-11-25"])
    return result.exit_code, result.output


def test_log_into_a_crlf_note_keeps_crlf(tmp_path: Path) -> None:
    note = b"---\r\ncadence: weekly\r\n---\r\n# Jane\r\n\r\n## Log\r\n- 2026-11-01 tea\r\n"
    root = _vault(tmp_path, note)
    code, out = _run(root, "log", "jane", "lunch with [[Bob]]")
    assert code == 0, out
    assert "People/Jane.md: - 2026-11-25 lunch with [[Bob]]" in out
    assert "Next check-in: 2026-12-02" in out
    assert (
        root / "People" / "Jane.md"
    ).read_bytes() == note + b"- 2026-11-25 lunch with [[Bob]]\r\n"


def test_log_without_a_log_section_adds_one(tmp_path: Path) -> None:
    root = _vault(tmp_path, b"# Jane\nno newline at end")
    code, _ = _run(root, "log", "Jane", "--date", "2026-11-21", "walk")
    assert code == 0
    expected = b"# Jane\nno newline at end\n\n## Log\n\n- 2026-11-21 walk\n"
    assert (root / "People" / "Jane.md").read_bytes() == expected


def test_log_when_the_log_is_not_last(tmp_path: Path) -> None:
    note = b"# Jane\n## Log\n- 2026-11-01 tea\n\n## Notes\nlikes tea\n"
    root = _vault(tmp_path, note)
    assert _run(root, "log", "Jane", "cake")[0] == 0
    expected = b"# Jane\n## Log\n- 2026-11-01 tea\n- 2026-11-25 cake\n\n## Notes\nlikes tea\n"
    assert (root / "People" / "Jane.md").read_bytes() == expected


def test_log_stops_before_the_vaultkit_block() -> None:
    text = f"## Log\n- 2026-11-01 tea\n{BEGIN}\n{END}\n"
    assert insert_log(text, "- x", ("Log",)) == f"## Log\n- 2026-11-01 tea\n- x\n{BEGIN}\n{END}\n"


def test_log_unknown_name_suggests_and_exits_2(tmp_path: Path) -> None:
    root = _vault(tmp_path, b"# Jane\n")
    result = CliRunner().invoke(cli, ["log", "Jnae", "hi", "--vault", str(root)])
    assert result.exit_code == 2
    assert result.stderr == (
        "vaultkit: error: no person named 'Jnae'; did you mean Jane? "
        "Or add --create to start People/Jnae.md\n"
    )


def test_log_create_makes_the_person_first(tmp_path: Path) -> None:
    root = _vault(tmp_path, b"# Jane\n")
    code, out = _run(root, "log", "Ana Lima", "--create", "met at the pottery class")
    assert code == 0, out
    text = (root / "People" / "Ana Lima.md").read_text()
    assert text.endswith("## Log\n\n- 2026-11-25 met at the pottery class\n")


# --- vaultkit add ---


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("../../x", "x"),
        ("a/b", "a b"),
        ("CON", "CON (person)"),
        ("name\x00", "name"),
        ("Zoë 🌻 Ō", "Zoë 🌻 Ō"),
        ("[[Bob|x]]#^", "Bob x"),
        ("  .hidden  ", "hidden"),
    ],
)
def test_add_makes_hostile_names_safe(tmp_path: Path, name: str, file: str) -> None:
    root = _vault(tmp_path, b"# Jane\n")
    code, out = _run(root, "add", name)
    assert code == 0, out
    created = root / "People" / f"{file}.md"
    assert created.is_file()
    assert created.resolve().parent == (root / "People").resolve()


def test_add_long_name_is_cut_to_a_safe_length(tmp_path: Path) -> None:
    assert len(safe_filename("x" * 300).encode()) <= 200


def test_add_refuses_existing_person_or_alias(tmp_path: Path) -> None:
    root = _vault(tmp_path, b"---\naliases: [Janie]\n---\n# Jane\n")
    assert _run(root, "add", "jane")[0] == 2
    assert _run(root, "add", "Janie")[0] == 2
    assert _run(root, "add", "Bob", "--cadence", "sometimes")[0] == 2
    assert not (root / "People" / "Bob.md").exists()


def test_add_with_fields_and_builtin_template(tmp_path: Path) -> None:
    root = _vault(tmp_path, b"# Jane\n")
    code, _ = _run(
        root, "add", "Bob Li", "--cadence", "monthly", "--birthday", "--04-02", "--tag", "work"
    )
    assert code == 0
    code, out = _run(root, "show", "bob li", "--json")
    assert '"cadence_days": 30' in out and '"birthday": "--04-02"' in out and '"work"' in out


def test_add_uses_the_vault_template(tmp_path: Path) -> None:
    root = _vault(tmp_path, b"# Jane\n")
    (root / "Templates").mkdir()
    (root / "Templates" / "Person.md").write_text(
        "---\ncadence:\n---\n# {{title}}\nAdded {{date:YYYY-MM-DD}}\n"
    )
    assert _run(root, "add", "Bo", "--cadence", "weekly")[0] == 0
    expected = '---\ncadence: "weekly"\n---\n# Bo\nAdded 2026-11-25\n'
    assert (root / "People" / "Bo.md").read_text() == expected


# --- vaultkit init ---


def test_init_into_an_existing_vault_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "vaultkit.toml").write_text("recent_days = 10\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "kept existing vaultkit.toml" in result.output
    assert (tmp_path / "vaultkit.toml").read_text() == "recent_days = 10\n"
    assert (tmp_path / "Templates" / "Person.md").is_file()
    assert (tmp_path / "People").is_dir()


def test_init_new_vault_has_a_valid_commented_config(tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert CliRunner().invoke(cli, ["init", str(target)]).exit_code == 0
    vault = Vault(target)
    assert vault.config == Config(vault_name="new")  # every setting at its default
    assert "# person_block" in (target / "vaultkit.toml").read_text()


def test_init_example_copies_the_demo_vault(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "demo"), "--example"])
    assert result.exit_code == 0
    assert (tmp_path / "demo" / "People" / "Maya Chen.md").is_file()


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        # newest first: the new item goes on top
        (
            "## Log\n- 2026-11-20 tea\n- 2026-11-01 walk\n",
            "## Log\n- 2026-11-24 NEW\n- 2026-11-20 tea\n- 2026-11-01 walk\n",
        ),
        (
            "## 📞 Interactions\n- [[2026-11-20]] tea\n  - detail\n"
            "- **2026-11-01**: walk\n\nAfter.\n",
            "## 📞 Interactions\n- 2026-11-24 NEW\n- [[2026-11-20]] tea\n  - detail\n"
            "- **2026-11-01**: walk\n\nAfter.\n",
        ),
        # oldest first, one item, mixed or undated: last, as before
        (
            "## Log\n- 2026-11-01 walk\n- 2026-11-20 tea\n",
            "## Log\n- 2026-11-01 walk\n- 2026-11-20 tea\n- 2026-11-24 NEW\n",
        ),
        ("## Log\n- 2026-11-20 tea\n", "## Log\n- 2026-11-20 tea\n- 2026-11-24 NEW\n"),
        (
            "## Log\n- 2026-11-20 a\n- 2026-10-01 b\n- 2026-11-02 c\n",
            "## Log\n- 2026-11-20 a\n- 2026-10-01 b\n- 2026-11-02 c\n- 2026-11-24 NEW\n",
        ),
        ("## Log\n- tea\n- walk\n", "## Log\n- tea\n- walk\n- 2026-11-24 NEW\n"),
        # a log followed by the vaultkit block: still inside the log
        (
            f"## Log\n- 2026-11-20 tea\n- 2026-11-01 walk\n{BEGIN}\nx\n{END}\n",
            f"## Log\n- 2026-11-24 NEW\n- 2026-11-20 tea\n- 2026-11-01 walk\n{BEGIN}\nx\n{END}\n",
        ),
    ],
)
def test_log_keeps_the_users_order(log: str, expected: str) -> None:
    assert insert_log(log, "- 2026-11-24 NEW", ("Log", "Interactions")) == expected


def test_log_newest_first_in_a_crlf_note() -> None:
    log = "## Log\r\n- 2026-11-20 tea\r\n- 2026-11-01 walk\r\n"
    assert insert_log(log, "- 2026-11-24 NEW", ("Log",)) == (
        "## Log\r\n- 2026-11-24 NEW\r\n- 2026-11-20 tea\r\n- 2026-11-01 walk\r\n"
    )
