"""One way to edit a note (edits.edit_note), and adding people in a batch."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from vaulthelp import BASIC, make_vault, vk, vk_json

from vaultkit.api import open_vault
from vaultkit.commands.notes import NewPerson, add_people
from vaultkit.core.errors import UsageError
from vaultkit.core.models import FileStamp
from vaultkit.writing.edits import edit_note
from vaultkit.writing.note_text import new_person_note

TODAY = date(2026, 11, 25)


def _note(tmp_path: Path, data: bytes) -> Path:
    (tmp_path / "People").mkdir()
    (tmp_path / "People" / "Jane.md").write_bytes(data)
    return tmp_path


def _stamp(root: Path) -> FileStamp:
    st = os.stat(root / "People" / "Jane.md")
    return FileStamp("People/Jane.md", st.st_mtime_ns, st.st_size)


def test_the_bom_is_kept_and_the_transform_sees_text(tmp_path: Path) -> None:
    root = _note(tmp_path, b"\xef\xbb\xbf# Jane\r\nhi\r\n")
    seen: list[str] = []

    def transform(text: str) -> str:
        seen.append(text)
        return text.replace("hi", "hello")

    assert edit_note(root, "People/Jane.md", transform).status == "written"
    assert seen == ["# Jane\r\nhi\r\n"]
    assert (root / "People" / "Jane.md").read_bytes() == b"\xef\xbb\xbf# Jane\r\nhello\r\n"


def test_same_text_or_none_writes_nothing(tmp_path: Path) -> None:
    root = _note(tmp_path, b"# Jane\n")
    before = os.stat(root / "People" / "Jane.md").st_mtime_ns
    assert edit_note(root, "People/Jane.md", lambda t: t).status == "unchanged"
    assert edit_note(root, "People/Jane.md", lambda t: None).status == "unchanged"
    assert os.stat(root / "People" / "Jane.md").st_mtime_ns == before


def test_a_note_changed_since_it_was_read_is_skipped(tmp_path: Path) -> None:
    root = _note(tmp_path, b"# Jane\n")
    stamp = _stamp(root)
    (root / "People" / "Jane.md").write_bytes(b"# Jane, edited by the user\n")
    done = edit_note(root, "People/Jane.md", lambda t: t + "x\n", expected=stamp)
    assert (done.status, done.reason) == ("skipped", "it changed since vaultkit read it")
    assert (root / "People" / "Jane.md").read_bytes() == b"# Jane, edited by the user\n"


def test_not_utf8_missing_and_dry_run(tmp_path: Path) -> None:
    root = _note(tmp_path, b"caf\xe9\n")
    assert edit_note(root, "People/Jane.md", lambda t: "x").reason == "it is not valid UTF-8"
    assert edit_note(root, "People/Nobody.md", lambda t: "x").reason == "the note disappeared"
    (root / "People" / "Jane.md").write_bytes(b"# Jane\n")
    assert edit_note(root, "People/Jane.md", lambda t: "x", dry_run=True).status == "written"
    assert (root / "People" / "Jane.md").read_bytes() == b"# Jane\n"


def test_a_batch_of_people_with_any_fields(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    made = add_people(
        open_vault(vault, today=TODAY, cache=False),
        [
            NewPerson("Oli Tan", {"company": "Northwind Labs", "email": ["a@x.org", "b@x.org"]}),
            NewPerson("Zoë Ng", {"cadence": "4-6 weeks", "birthday": "--03-14"}),
        ],
        TODAY,
    )
    assert made == ["People/Oli Tan.md", "People/Zoë Ng.md"]
    text = (vault / "People" / "Oli Tan.md").read_text()
    assert 'company: "Northwind Labs"' in text and 'email: ["a@x.org", "b@x.org"]' in text
    shown = vk(vault, "show", "Zoë Ng", "--json")
    assert '"cadence_min_days": 28' in shown.stdout


@pytest.mark.parametrize(
    ("people", "says"),
    [
        ([NewPerson("Ann")], "'Ann' is already a person"),
        ([NewPerson("Kim"), NewPerson("kim")], "already exists"),
        ([NewPerson("Kim", {"cadence": "biweekly"})], "every other week"),
    ],
)
def test_a_batch_is_refused_whole_before_anything_is_written(
    tmp_path: Path, people: list[NewPerson], says: str
) -> None:
    vault = make_vault(tmp_path, BASIC)
    with pytest.raises(UsageError, match=says):
        add_people(open_vault(vault, today=TODAY, cache=False), [NewPerson("Lee"), *people], TODAY)
    assert not (vault / "People" / "Lee.md").exists()


def test_add_takes_any_field_from_the_command_line(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    result = vk(vault, "add", "Oli Tan", "--field", "company=Northwind", "--field", "city=Oslo")
    assert result.exit_code == 0, result.output
    text = (vault / "People" / "Oli Tan.md").read_text()
    assert 'company: "Northwind"' in text and 'city: "Oslo"' in text
    bad = vk(vault, "add", "Kim", "--field", "nonsense")
    assert bad.exit_code == 2


def test_create_makes_a_new_note_and_never_overwrites(tmp_path: Path) -> None:
    root = _note(tmp_path, b"# Jane\n")
    made = edit_note(root, "People/Kim.md", lambda t: t + "# Kim\n", create=True)
    assert made.status == "written"
    assert (root / "People" / "Kim.md").read_bytes() == b"# Kim\n"
    again = edit_note(root, "People/Jane.md", lambda t: "overwritten\n", create=True)
    assert (again.status, again.reason) == ("skipped", "a note of that name already exists")
    assert (root / "People" / "Jane.md").read_bytes() == b"# Jane\n"


QUOTED = "## Notes from import\n\n```text\n  Met in Lisbon.\nTwo kids.\n```\n"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (None, f"# Kim\n\n{QUOTED}\n<!-- vaultkit:begin -->"),
        ("---\ntype: person\n---\nno title here\n", f"---\n\n{QUOTED}\nno title"),
        ("# {{title}}", f"# Kim\n\n{QUOTED}"),
        ("", QUOTED),
        (
            "# {{title}}\r\n## Log\r\n",
            "# Kim\r\n\r\n" + QUOTED.replace("\n", "\r\n") + "\r\n## Log\r\n",
        ),
    ],
)
def test_a_new_notes_body_goes_under_its_title(template: str | None, expected: str) -> None:
    text = new_person_note(
        "Kim", fields={}, template=template, today=TODAY, body="\n  Met in Lisbon.  \nTwo kids.\n\n"
    )
    assert expected in text
    assert text.count("Met in Lisbon.") == 1


def test_a_name_that_is_no_file_name_is_kept_in_name(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": ""})
    assert (
        vk(vault, "add", "AC/DC").stdout == "Created People/AC DC.md (from vaultkit's template)\n"
    )
    assert vk_json(vault, "show", "AC/DC")["note"] == "People/AC DC.md"
    assert vk_json(vault, "show", "AC DC")["name"] == "AC/DC"
