"""VAULT_FORMAT §15: the people around a person. Every row of the table (every spelling) and
both directions of every inverse; custom labels; values as links, names, aliases and lists;
plain-text relatives; near misses; written on both sides shown once; two partners; relations
are not contact, never make a person and are no custom field; then `show` (text and JSON),
the API, the person block, the digest (JSON, letter, page), and the cache (an edit of one side
shows on the other in a new session; a person added later is found by a name)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rulehelp import build, md
from vaulthelp import make_vault, vk, vk_json

import vaultkit
from vaultkit.engine.index import VaultView
from vaultkit.reports.relations import around

ANA = "People/Ana Silva.md"
BEN = "People/Ben Carter.md"
CY = "People/Cy Diaz.md"
BASE = {
    ANA: md(["cadence: weekly"], "# Ana Silva"),
    BEN: md(["aliases: [Benny]", "cadence: weekly"], "# Ben Carter"),
    CY: md(["cadence: weekly"], "# Cy Diaz"),
}

Row = tuple[str, str | None, str, bool]


def _around(view: VaultView, path: str) -> list[Row]:
    return [(r.relation, r.other, r.name, r.derived) for r in around(view, path)]


def _view(notes: dict[str, str]) -> VaultView:
    return build({**BASE, **notes})


def _ana(*front: str) -> dict[str, str]:
    return {ANA: md(["cadence: weekly", *front], "# Ana Silva")}


TABLE = [
    *[(key, "partner", "partner") for key in ("partner", "spouse", "wife", "husband")],
    *[(key, "parent", "child") for key in ("parents", "parent", "mother", "father")],
    *[(key, "child", "parent") for key in ("children", "child", "kids", "son", "daughter")],
    *[(key, "sibling", "sibling") for key in ("siblings", "sibling", "brother", "sister")],
    *[(key, "introduced by", "introduced") for key in ("introduced_by", "met_through")],
]


@pytest.mark.parametrize(("key", "relation", "shown_back"), TABLE)
def test_every_spelling_of_every_row_and_its_inverse(
    key: str, relation: str, shown_back: str
) -> None:
    view = _view(_ana(f'{key}: "[[Ben Carter]]"'))
    assert _around(view, ANA) == [(relation, BEN, "Ben Carter", False)]
    assert _around(view, BEN) == [(shown_back, ANA, "Ana Silva", True)]
    assert _around(view, CY) == []


@pytest.mark.parametrize("key", ["Met-Through", "INTRODUCED BY", "Introduced_By"])
def test_keys_match_in_any_case_with_dashes_and_underscores_the_same(key: str) -> None:
    view = _view(_ana(f"{key}: Ben Carter"))
    assert _around(view, ANA) == [("introduced by", BEN, "Ben Carter", False)]


def test_a_custom_label_shows_on_the_other_as_label_of() -> None:
    view = _view(_ana("relations:", '  mentor: ["[[Ben Carter]]"]', "  neighbor: Cy Diaz"))
    assert _around(view, ANA) == [
        ("mentor", BEN, "Ben Carter", False),
        ("neighbor", CY, "Cy Diaz", False),
    ]
    assert _around(view, BEN) == [("mentor of", ANA, "Ana Silva", True)]
    assert _around(view, CY) == [("neighbor of", ANA, "Ana Silva", True)]


def test_a_label_that_is_a_key_of_the_table_is_that_relation() -> None:
    view = _view(_ana("relations:", "  brother: [Ben Carter]"))
    assert _around(view, BEN) == [("sibling", ANA, "Ana Silva", True)]


@pytest.mark.parametrize(
    "value",
    [
        '"[[Ben Carter]]"',
        "Ben Carter",
        "Benny",  # an alias
        "ben carter",  # a name, up to case
        "[[Ben Carter]]",  # unquoted: YAML reads a list in a list
        '"[[People/Ben Carter|my Ben]]"',
        '["[[Ben Carter]]"]',
        "[Benny]",
    ],
)
def test_a_value_is_a_link_or_a_name_or_an_alias_resolved_like_a_link(value: str) -> None:
    view = _view(_ana(f"partner: {value}"))
    assert _around(view, ANA) == [("partner", BEN, "Ben Carter", False)]
    assert _around(view, BEN) == [("partner", ANA, "Ana Silva", True)]


def test_a_list_mixes_links_names_and_plain_text() -> None:
    view = _view(_ana('children: ["[[Ben Carter]]", Cy Diaz, Mia]'))
    assert _around(view, ANA) == [
        ("child", BEN, "Ben Carter", False),
        ("child", CY, "Cy Diaz", False),
        ("child", None, "Mia", False),
    ]
    assert _around(view, CY) == [("parent", ANA, "Ana Silva", True)]


def test_a_name_of_no_person_note_is_kept_as_text_and_is_no_issue() -> None:
    view = _view(_ana("children: [Mia, Leo]", 'partner: "[[Someone Else]]"'))
    assert _around(view, ANA) == [
        ("partner", None, "Someone Else", False),
        ("child", None, "Leo", False),
        ("child", None, "Mia", False),
    ]
    assert view.issues == []


def test_a_note_that_is_not_a_person_is_text_too() -> None:
    view = _view({**_ana("partner: Project X"), "Project X.md": "# a project\n"})
    assert _around(view, ANA) == [("partner", None, "Project X", False)]


def test_a_plain_name_that_nearly_names_one_person_is_reported_as_a_near_miss() -> None:
    view = _view(_ana("children: [Ben]"))
    assert _around(view, ANA) == [("child", None, "Ben", False)]
    near = [i for i in view.issues if i.kind == "near-miss-link"]
    assert len(near) == 1 and near[0].path == ANA
    assert "did you mean [[Ben Carter]]?" in near[0].message


def test_a_relation_written_on_both_sides_is_shown_once_as_written() -> None:
    view = _view(
        {
            **_ana('partner: "[[Ben Carter]]"'),
            BEN: md(["cadence: weekly", "spouse: Ana Silva"], "# Ben Carter"),
        }
    )
    assert _around(view, ANA) == [("partner", BEN, "Ben Carter", False)]
    assert _around(view, BEN) == [("partner", ANA, "Ana Silva", False)]


def test_two_people_naming_different_partners_are_both_shown() -> None:
    view = _view(
        {
            **_ana("partner: Ben Carter"),
            CY: md(["cadence: weekly", "partner: Ana Silva"], "# Cy Diaz"),
        }
    )
    assert _around(view, ANA) == [
        ("partner", BEN, "Ben Carter", False),
        ("partner", CY, "Cy Diaz", True),
    ]
    assert view.issues == []


def test_relations_are_not_contact_and_never_make_a_person() -> None:
    view = _view(
        {
            **_ana('partner: "[[Ben Carter]]"', "last_contact: 2026-11-01"),
            "Notes/Family tree.md": md(['partner: "[[Ben Carter]]"', "children: [Cy Diaz]"]),
        }
    )
    assert "Notes/Family tree.md" not in view.people
    assert view.interactions.get(BEN, []) == []
    assert _around(view, BEN) == [("partner", ANA, "Ana Silva", True)]
    assert _around(view, CY) == []


def test_relation_keys_are_no_longer_custom_fields() -> None:
    view = _view(_ana("wife: Ben Carter", "relations: {mentor: Cy Diaz}", "phone: 123"))
    assert [key for key, _ in view.people[ANA].fields] == ["phone"]


@pytest.mark.parametrize("value", ["42", "{a: b}", "[1, 2]", "true"])
def test_a_value_that_is_no_name_is_reported_on_its_line(value: str) -> None:
    view = _view(_ana(f"partner: {value}"))
    bad = [i for i in view.issues if i.kind == "bad-relation"]
    assert [(i.path, i.line) for i in bad] == [(ANA, 3)]
    assert "'partner': expected a name, a `[[link]]` or a list of them" in bad[0].message
    assert _around(view, ANA) == []


def test_relations_that_are_not_a_table_are_reported() -> None:
    view = _view(_ana("relations: Ben Carter"))
    assert [i.kind for i in view.issues] == ["bad-relation"]


def test_a_person_does_not_relate_to_themself() -> None:
    assert _around(_view(_ana("partner: Ana Silva")), ANA) == []


# --- where they show ---------------------------------------------------------------------------

VAULT = {
    **BASE,
    ANA: md(
        ["cadence: weekly", 'partner: "[[Ben Carter]]"', "kids: [Mia, Leo]"],
        "# Ana Silva",
        "",
        "<!-- vaultkit:begin -->",
        "<!-- vaultkit:end -->",
    ),
    CY: md(["cadence: weekly", "introduced_by: Ana Silva"], "# Cy Diaz"),
}


def test_show_json_and_text(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    data = vk_json(vault, "show", "Ana Silva")
    assert data["relations"] == [
        {"relation": "partner", "name": "Ben Carter", "note": BEN, "derived": False},
        {"relation": "child", "name": "Leo", "note": None, "derived": False},
        {"relation": "child", "name": "Mia", "note": None, "derived": False},
        {"relation": "introduced", "name": "Cy Diaz", "note": CY, "derived": True},
    ]
    assert "kids" not in data["fields"] and "partner" not in data["fields"]
    text = vk(vault, "show", "Ana Silva").stdout
    assert (
        "Relations (4):\n"
        f"  partner: Ben Carter  [{BEN}]\n"
        "  child: Leo\n"
        "  child: Mia\n"
        f"  introduced: Cy Diaz  [{CY}] (from their note)\n"
    ) in text


def test_the_api_gives_typed_relations(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    ben = vaultkit.open_vault(vault, today=date(2026, 11, 25), cache=False).person("Ben Carter")
    assert [(r.relation, r.name, r.note, r.derived) for r in ben.relations] == [
        ("partner", "Ana Silva", ANA, True)
    ]


def test_the_person_block_has_one_line_per_relation(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    assert vk(vault, "sync").exit_code == 0
    text = (vault / ANA).read_text(encoding="utf-8")
    assert (
        "- **Partner:** [[People/Ben Carter|Ben Carter]]\n"
        "- **Children:** Leo, Mia\n"
        "- **Introduced:** [[People/Cy Diaz|Cy Diaz]]\n"
    ) in text


def test_the_digest_entry_lists_the_people_around_them(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)  # nobody was ever contacted: all are overdue
    entries = {e["name"]: e for e in vk_json(vault, "digest")}
    assert entries["Cy Diaz"]["relations"] == [
        {"relation": "introduced by", "name": "Ana Silva", "note": ANA, "derived": False}
    ]
    assert entries["Ben Carter"]["relations"][0]["derived"] is True
    letter = vk(vault, "digest").stdout
    assert "  Around them: introduced by Ana Silva\n" in letter
    assert "  Around them: partner Ben Carter; children Leo, Mia; introduced Cy Diaz" in letter
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "Reach out.md").read_text(encoding="utf-8")
    assert "**The people around them:**\n\n- introduced by: [[People/Ana Silva|Ana Silva]]\n" in (
        page
    )


# --- cached and incremental --------------------------------------------------------------------


def test_an_edit_of_one_side_shows_on_the_other_in_a_new_session(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    cache = tmp_path / "cache"
    today = date(2026, 11, 25)

    def relations(name: str) -> list[tuple[str, str, bool]]:
        session = vaultkit.open_vault(vault, today=today, cache_dir=cache)
        session.sync()
        return [(r.relation, r.name, r.derived) for r in session.person(name).relations]

    assert relations("Ben Carter") == [("partner", "Ana Silva", True)]
    text = (vault / ANA).read_text(encoding="utf-8")
    (vault / ANA).write_text(text.replace('partner: "[[Ben Carter]]"', "sister: Benny"))
    assert relations("Ben Carter") == [("sibling", "Ana Silva", True)]
    (vault / ANA).write_text(text.replace('partner: "[[Ben Carter]]"\n', ""))
    assert relations("Ben Carter") == []
    # a rename of the other side is followed on this side, where the relation is written
    (vault / CY).write_text(md(["name: Cyrus Diaz", "introduced_by: Ana Silva"], "# Cy"))
    assert ("introduced", "Cyrus Diaz", True) in relations("Ana Silva")


def test_a_person_added_later_is_found_by_the_name_a_relation_gives(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    cache = tmp_path / "cache"
    today = date(2026, 11, 25)
    first = vaultkit.open_vault(vault, today=today, cache_dir=cache)
    first.sync()
    assert ("child", "Mia", None) in [
        (r.relation, r.name, r.note) for r in first.person(ANA[7:-3]).relations
    ]
    (vault / "People" / "Mia Silva.md").write_text(md(["aliases: [Mia]"], "# Mia Silva"))
    second = vaultkit.open_vault(vault, today=today, cache_dir=cache)
    stats = second.sync()
    assert stats.changes.added == 1 and stats.changes.modified == 0
    found = [(r.relation, r.name, r.note) for r in second.person("Ana Silva").relations]
    assert ("child", "Mia Silva", "People/Mia Silva.md") in found
    mia = second.person("Mia Silva").relations
    assert [(r.relation, r.name, r.derived) for r in mia] == [("parent", "Ana Silva", True)]
    # and one who no longer carries that name is let go: the name is text again
    (vault / "People" / "Mia Silva.md").write_text(md(["aliases: [Mimi]"], "# Mia Silva"))
    third = vaultkit.open_vault(vault, today=today, cache_dir=cache)
    third.sync()
    found = [(r.relation, r.name, r.note) for r in third.person("Ana Silva").relations]
    assert ("child", "Mia", None) in found
    assert third.person("Mia Silva").relations == ()


def test_a_bad_value_is_on_the_issues_page_with_its_note_and_line(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**BASE, **_ana("partner: 42")})
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "Vault issues.md").read_text(encoding="utf-8")
    assert "## Relations vaultkit does not understand (1)" in page
    assert "'partner': expected a name, a `[[link]]` or a list of them" in page
