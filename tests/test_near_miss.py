"""Links that nearly name a person (VAULT_FORMAT §7, §8): reported once per target, with the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from vaulthelp import make_vault, vk, vk_json

from vaultkit.core.models import FileStamp
from vaultkit.engine.index import Index
from vaultkit.read.config import Config
from vaultkit.read.parse import parse

PEOPLE: dict[str, str | bytes] = {
    "People/Maya Chen.md": "---\ncadence: weekly\n---\n# Maya\n",
    "People/José García.md": "# José\n",
    "People/Sam Rivera.md": "# Sam R\n",
    "People/Sam Lee.md": "# Sam L\n",
}


def _near(vault: Path, *args: str) -> list[dict[str, Any]]:
    return [i for i in vk_json(vault, "doctor", *args) if i["kind"] == "near-miss-link"]


def test_linking_maya_when_her_note_is_maya_chen(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            **PEOPLE,
            "Daily/2026-11-20.md": "Coffee with [[Maya]].\n",
            "Daily/2026-11-22.md": "Walk with [[maya]] and [[Maya|her]] again.\n",
        },
    )
    found = _near(vault)
    assert len(found) == 1  # once per target, however often and in whatever case
    issue = found[0]
    assert (issue["path"], issue["line"]) == ("Daily/2026-11-20.md", 1)
    assert issue["message"] == (
        "`[[Maya]]` links to no note (linked in Daily/2026-11-20.md, Daily/2026-11-22.md); "
        "did you mean [[Maya Chen]]? add `aliases: [Maya]` to Maya Chen's note"
    )
    # and it is not contact
    assert vk_json(vault, "show", "Maya Chen")["last_contact"] is None
    text = vk(vault, "doctor")
    assert text.exit_code == 1
    assert "Daily/2026-11-20.md:1: near-miss-link: `[[Maya]]` links to no note" in text.stdout
    vk(vault, "sync")
    page = (vault / "Vaultkit" / "Vault issues.md").read_text(encoding="utf-8")
    assert "## Links that nearly name a person (1)" in page


@pytest.mark.parametrize(
    ("link", "person"),
    [
        ("maya-chen", "Maya Chen"),
        ("maya_chen", "Maya Chen"),
        ("MayaChen", "Maya Chen"),
        ("Jose Garcia", "José García"),
        ("jose", "José García"),
    ],
)
def test_linking_a_name_with_other_case_accents_or_dashes(
    tmp_path: Path, link: str, person: str
) -> None:
    vault = make_vault(tmp_path, {**PEOPLE, "Notes/Trip.md": f"Ask [[{link}]] about it.\n"})
    found = _near(vault)
    assert [i["path"] for i in found] == ["Notes/Trip.md"]
    assert found[0]["message"].startswith(
        f"`[[{link}]]` links to no note; did you mean [[{person}]]"
    )


def test_linking_sam_when_two_people_are_called_sam(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**PEOPLE, "Notes/Party.md": "Invite [[Sam]].\n"})
    [issue] = _near(vault)
    assert "did you mean [[Sam Lee]] or [[Sam Rivera]]?" in issue["message"]
    assert "add `aliases: [Sam]` to the note of the one you mean" in issue["message"]


@pytest.mark.parametrize(
    "files",
    [
        {"Notes/Maya.md": "A project called Maya.\n"},  # any note, not only people
        {"Archive/maya.md": "Old.\n"},
        {"People/Maya Chen.md": "---\naliases: [Maya]\n---\n"},  # the alias resolves
    ],
)
def test_linking_a_name_that_a_note_has_is_no_near_miss(
    tmp_path: Path, files: dict[str, str]
) -> None:
    vault = make_vault(tmp_path, {**PEOPLE, **files, "Notes/Trip.md": "With [[Maya]].\n"})
    assert _near(vault) == []


def test_linking_nobody_in_particular_is_no_issue(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {**PEOPLE, "Notes/Trip.md": "See [[Chen]], [[Ideas]], [[Samuel]], [[Folder/Maya]].\n"},
    )
    assert _near(vault) == []


def test_adding_and_renaming_a_person_updates_near_misses_from_the_cache(tmp_path: Path) -> None:
    """The near miss depends on people's names, not only on the linking note: a warm run
    (the cache) must say what a cold one (--no-cache) says after every step."""
    vault = make_vault(tmp_path, {"Daily/2026-11-20.md": "Coffee with [[Maya]].\n"})
    steps: list[tuple[str, str | None, int]] = [
        ("People/Maya Chen.md", "# Maya\n", 1),  # added: [[Maya]] nearly names her
        ("People/Maya Chen.md", "---\nname: Mia Chen\n---\n", 0),  # renamed: no longer
        ("People/Maya Chen.md", "---\nname: Maya Chen\n---\n", 1),
        ("People/Maya Chen.md", "---\naliases: [Maya]\n---\n", 0),  # the fix
        ("People/Maya Chen.md", "# Maya, again without the alias\n", 1),
        ("Notes/Maya.md", "A note of that name.\n", 0),
        ("Notes/Maya.md", None, 1),
        ("People/Maya Chen.md", None, 0),
    ]
    assert _near(vault) == []
    for path, text, count in steps:
        target = vault / path
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        warm = vk_json(vault, "doctor")
        cold = vk_json(vault, "doctor", "--no-cache")
        assert warm == cold, (path, text)
        assert len([i for i in warm if i["kind"] == "near-miss-link"]) == count, (path, text)


def test_near_misses_of_an_index_updated_note_by_note_equal_a_fresh_build() -> None:
    notes = {
        "People/Maya Chen.md": "# Maya\n",
        "Daily/2026-11-20.md": "With [[Maya]] and [[sam-lee]].\n",
    }
    edits = [
        ("People/Sam Lee.md", "# Sam\n"),
        ("People/Maya Chen.md", "---\naliases: [Maya]\n---\n"),
        ("People/Sam Lee.md", "---\nname: Samuel Lee\n---\n"),
        ("Daily/2026-11-21.md", "[[Samuel]] and [[samuel-lee]]\n"),
        ("People/Maya Chen.md", None),
        ("Maya.md", "x\n"),
    ]
    index = Index(Config())
    for path, text in notes.items():
        index.add(parse(path, text))
    index.view()
    for path, edit in edits:
        if edit is None:
            notes.pop(path)
            index.remove(path)
        else:
            notes[path] = edit
            index.add(parse(path, edit))
        fresh = Index(Config())
        for p, t in notes.items():
            fresh.add(parse(p, t))
        assert index.view().issues == fresh.view().issues, path


def test_a_warm_run_after_one_edit_takes_the_near_misses_keys_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Working out every person's near-miss keys costs ~0.1 s on a vault of 10k people: a
    new process after one edit of a note with a link to no note takes them from the view it
    restores instead (counted, not timed)."""
    import marshal

    from vaultkit.core.models import Person
    from vaultkit.engine import index
    from vaultkit.rules import relations
    from vaultkit.store import cache_file

    notes = {
        "People/Maya Chen.md": "# Maya\n",
        "People/Sam Lee.md": "# Sam\n",
        "Daily/2026-11-20.md": "With [[Maya]].\n",
    }
    first = Index(Config(), decoder=cache_file.decode_facts)
    for path, text in notes.items():
        first.add(parse(path, text))
    before = first.view().issues
    snapshot = first.snapshot()
    assert snapshot is not None
    calls: list[int] = []
    real = relations.near_map

    def counted(people: dict[str, Person]) -> relations.NearMap:
        calls.append(len(people))
        return real(people)

    monkeypatch.setattr(index, "near_map", counted)
    second = Index(Config(), decoder=cache_file.decode_facts)
    blobs = dict(cache_file.encode_derived(snapshot.parts))
    second.restore(blobs, marshal.loads(marshal.dumps(snapshot.sections)), cache_file.unpack_part)
    for path, text in notes.items():
        if path != "Daily/2026-11-20.md":
            second.add_encoded(
                path, cache_file.encode(FileStamp(path, 1, 1), parse(path, text)), derived=True
            )
    second.add(parse("Daily/2026-11-20.md", "With [[Maya]] and [[Ideas]] again.\n"))
    assert [i.kind for i in second.view().issues] == [i.kind for i in before]
    assert "near-miss-link" in [i.kind for i in before]
    assert calls == []
