"""VAULT_FORMAT §3: which notes are people and what their front matter says.

Gaps a mutation run (issue 10) found: nested person tags, a trailing comma in `tags`, one
alias as a string, the fields kept for display, the problem texts.
"""

from __future__ import annotations

from typing import Any

import pytest
from rulehelp import build, facts, md, person

from vaultkit.rules.people import interpret, is_person, note_tags, str_list, tag_list

# --- who is a person -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        md(None, "Met at the climbing gym. #person/family"),
        md(None, "#people/work"),
        md(None, "#Person"),
        md(["tags: [person/family]"]),
        md(["tags: person/friend"]),
        md(["tags: [friend, people/climbing]"]),
        md(["tags: [person/family/close]"]),
        md(["tags: '#person/family'"]),
        md(["tag: person"]),
        md(["Tags: [PEOPLE]"]),
        md(["type: person"]),
        md(["type: ' Person '"]),
        md(["type: [contact, person]"]),
        md(["categories: '[[People]]'"]),
        md(["categories: ['[[ people ]]']"]),
        md(["categories: [Work, People]"]),
    ],
)
def test_these_notes_outside_a_people_folder_are_people(text: str) -> None:
    view = build({"Notes/Kim.md": text})
    assert list(view.people) == ["Notes/Kim.md"]


@pytest.mark.parametrize(
    "text",
    [
        md(None, "#personal thoughts"),
        md(None, "#peoples"),
        md(None, "#work/person"),  # only the top level of a nested tag counts
        md(["tags: [personal, persons]"]),
        md(["tags: [project/person]"]),
        md(["type: project"]),
        md(["type: [project, personal]"]),
        md(["type: 7"]),
        md(["categories: [Places]"]),
        md(["categories: '[[Peoples]]'"]),
        md(["categories: 3"]),
        md(["categories: '[[XPeople]]'"]),
        md(None, "Just a note about [[Kim]]."),
    ],
)
def test_these_notes_are_not_people(text: str) -> None:
    assert build({"Notes/Kim.md": text}).people == {}


def test_is_person_by_folder_is_case_insensitive_and_needs_the_whole_folder() -> None:
    folders = ("People",)
    assert is_person(facts("people/Kim.md", md(None)), folders)
    assert is_person(facts("People/Family/Kim.md", md(None)), folders)
    assert not is_person(facts("Peoples/Kim.md", md(None)), folders)
    assert not is_person(facts("Notes/People/Kim.md", md(None)), folders)
    assert not is_person(facts("PeopleKim.md", md(None)), folders)
    assert is_person(facts("Crew/Kim.md", md(None)), ("Team", "Crew"))


def test_a_nested_person_tag_is_kept_as_a_group_but_person_itself_is_not() -> None:
    p = person({"Notes/Kim.md": md(["tags: [person, person/family, friend]"])}, "Notes/Kim.md")
    assert p.tags == ("person/family", "friend")
    p = person({"Notes/Kim.md": md(["tags: [people, Friend]"], "#person")}, "Notes/Kim.md")
    assert p.tags == ("friend",)


# --- tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("friend,", ["friend"]),
        ("friend, ", ["friend"]),
        (",friend,,family,", ["friend", "family"]),
        ("#a, #b c", ["a", "b", "c"]),
        ("a b\tc", ["a", "b", "c"]),
        ("##a", ["a"]),
        ("#Xmas X-ray", ["Xmas", "X-ray"]),
        ("#", []),
        ("", []),
        (None, []),
        (["friend", "#family", " climbing "], ["friend", "family", "climbing"]),
        (["a, b", "c"], ["a", "b", "c"]),
        (["Friend", "friend", "FRIEND"], ["Friend"]),
        ([2024, 1.5], ["2024", "1.5"]),
        ([True, None, {"a": 1}, ["x"], "ok"], ["ok"]),
        ("friend", ["friend"]),
        (7, ["7"]),
        (False, []),
    ],
)
def test_tag_list(value: Any, expected: list[str]) -> None:
    assert tag_list(value) == expected


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("tags: friend,", ("friend",)),
        ("tags: 'friend, family,'", ("friend", "family")),
        ("tags: '#a, #b c'", ("a", "b", "c")),
        ("tags: [Friend, friend]", ("friend",)),
        ("tag: climbing", ("climbing",)),
    ],
)
def test_front_matter_tags_of_a_person(front: str, expected: tuple[str, ...]) -> None:
    assert person({"People/Kim.md": md([front])}, "People/Kim.md").tags == expected


def test_note_tags_are_front_matter_then_old_key_then_body_sorted_and_casefolded() -> None:
    note = facts(
        "People/Kim.md",
        md(["tags: [Zeta, alpha]", "tag: Beta"], "#gamma #Alpha #delta"),
    )
    assert note_tags(note) == ["zeta", "alpha", "beta", "delta", "gamma"]


# --- aliases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("JD", ["JD"]),
        ("  Jane   D  ", ["Jane D"]),
        (["JD", "Janey"], ["JD", "Janey"]),
        (["JD", "", "  ", None, True, "Janey"], ["JD", "Janey"]),
        ([42, 1.5], ["42", "1.5"]),
        (42, ["42"]),
        (None, []),
        (False, []),
        ({"a": 1}, []),
    ],
)
def test_str_list(value: Any, expected: list[str]) -> None:
    assert str_list(value) == expected


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (["aliases: JD"], ("JD",)),
        (["aliases: [JD, Janey]"], ("JD", "Janey")),
        (["alias: JD"], ("JD",)),
        (["aliases: [JD]", "alias: Janey"], ("JD", "Janey")),
        (["aliases: 'Jane, D'"], ("Jane, D",)),  # one string is one alias, commas and all
        ([], ()),
    ],
)
def test_aliases_one_string_or_a_list(front: list[str], expected: tuple[str, ...]) -> None:
    assert person({"People/Kim.md": md(front)}, "People/Kim.md").aliases == expected


def test_an_alias_given_as_one_string_resolves_links() -> None:
    view = build(
        {
            "People/Jane Doe.md": md(["aliases: JD"]),
            "Daily/2026-11-20.md": md(None, "Lunch with [[JD]]."),
        }
    )
    assert [i.note for i in view.interactions["People/Jane Doe.md"]] == ["Daily/2026-11-20.md"]


# --- name, archived, fields ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (["name: '  Jane   Doe '"], "Jane Doe"),
        (["name: 42"], "42"),
        (["name: [Jane]"], "Kim"),
        (["name: true"], "Kim"),
        (["name: ''"], "Kim"),
        (["name:"], "Kim"),
        ([], "Kim"),
    ],
)
def test_name_or_the_file_name(front: list[str], expected: str) -> None:
    assert person({"People/Kim.md": md(front)}, "People/Kim.md").name == expected


@pytest.mark.parametrize(
    ("front", "archived"),
    [(["archived: true"], True), (["archived: false"], False), ([], False), (["archived:"], False)],
)
def test_archived_true_or_false(front: list[str], archived: bool) -> None:
    p, problems = interpret(facts("People/Kim.md", md(front)))
    assert p.archived is archived
    assert problems == []


def test_an_archived_value_that_is_not_a_boolean_is_reported_with_its_line() -> None:
    p, problems = interpret(facts("People/Kim.md", md(["cadence: 7", "Archived: maybe"])))
    assert p.archived is False
    assert [(i.kind, i.path, i.line, i.message) for i in problems] == [
        (
            "bad-archived",
            "People/Kim.md",
            3,
            "'Archived': expected yes or no (true/false), got 'maybe'",
        )
    ]


def test_every_other_key_is_kept_for_display_as_written() -> None:
    note = md(
        [
            "name: Kim Lee",
            "aliases: [Kim]",
            "tags: [friend]",
            "cadence: weekly",
            "birthday: 1990-01-02",
            "last_contact: 2026-11-01",
            "snooze_until: 2026-12-01",
            "archived: false",
            "type: person",
            "categories: [People]",
            "Email: kim@example.com",
            "phone:",
            "How-We-Met: climbing",
            "projects: ['[[A]]', '[[B]]']",
            "address: {city: Lyon, zip: '69001'}",
            "score: 3",
        ]
    )
    p, problems = interpret(facts("People/Kim.md", note))
    assert problems == []
    assert p.fields == (
        ("Email", "kim@example.com"),
        ("How-We-Met", "climbing"),
        ("projects", ["[[A]]", "[[B]]"]),
        ("address", {"city": "Lyon", "zip": "69001"}),
        ("score", 3),
    )


def test_the_schema_keys_are_read_not_shown() -> None:
    note = md(["Last-Contact: 2026-11-01", "Snooze_Until: 2026-12-01", "TAGS: [x]", "Alias: K"])
    p, problems = interpret(facts("People/Kim.md", note))
    assert problems == []
    assert p.fields == ()
    assert p.tags == ("x",)
    assert p.aliases == ("K",)
    assert str(p.last_contact_prop) == "2026-11-01"
    assert str(p.snooze_until) == "2026-12-01"


# --- problems: kind, line, key as written, text ----------------------------------------------


def test_unusable_values_are_problems_naming_the_key_as_written() -> None:
    note = md(
        [
            "Cadence: whenever",
            "BIRTHDAY: May 17",
            "Last-Contact: yesterday",
            "snooze_until: 2026-02-30",
        ]
    )
    p, problems = interpret(facts("People/Kim.md", note))
    assert [(i.kind, i.path, i.line, i.message) for i in problems] == [
        (
            "bad-cadence",
            "People/Kim.md",
            2,
            "'Cadence': 'whenever' is not a cadence; use a number of days, "
            "daily/weekly/fortnightly/monthly/quarterly/yearly, 'every N weeks', "
            "'every other month', 2w/3m/1y, a window like '4-6 weeks', or 'none'"
            "; no check-ins until it is fixed",
        ),
        (
            "bad-birthday",
            "People/Kim.md",
            3,
            "'BIRTHDAY': expected a birthday like 1990-05-17 or --05-17, got 'May 17'",
        ),
        (
            "bad-last-contact",
            "People/Kim.md",
            4,
            "'Last-Contact': expected a date like 2026-11-20, got 'yesterday'",
        ),
        ("bad-snooze-until", "People/Kim.md", 5, "'snooze_until': '2026-02-30' is not a real date"),
    ]
    assert (p.cadence_days, p.cadence_text, p.birthday) == (None, None, None)
    assert (p.last_contact_prop, p.snooze_until) == (None, None)


def test_empty_values_are_not_problems() -> None:
    note = md(["cadence: ''", "birthday: ''", "last_contact:", "snooze_until: ''"])
    p, problems = interpret(facts("People/Kim.md", note))
    assert problems == []
    assert (p.cadence_days, p.birthday, p.last_contact_prop, p.snooze_until) == (
        None,
        None,
        None,
        None,
    )


def test_an_empty_cadence_is_no_cadence_and_no_problem() -> None:
    for value in ("", "''", '""'):
        p, problems = interpret(facts("People/Kim.md", md([f"cadence: {value}"])))
        assert (p.cadence_days, p.cadence_text, problems) == (None, None, [])


def test_cadence_keeps_its_text_as_written() -> None:
    p, _ = interpret(facts("People/Kim.md", md(["cadence: ' Every 2 Weeks '"])))
    assert (p.cadence_days, p.cadence_text) == (14, "Every 2 Weeks")
    p, _ = interpret(facts("People/Kim.md", md(["cadence: 10"])))
    assert (p.cadence_days, p.cadence_text) == (10, "10")
