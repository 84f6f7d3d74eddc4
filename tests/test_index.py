"""VAULT_FORMAT §3-§6 and §8 end to end, in memory: parse -> Index -> view -> reports."""

from __future__ import annotations

from datetime import date

import pytest
from rulehelp import build, md

from vaultkit.core.models import Interaction, Issue
from vaultkit.engine.index import Index, VaultView
from vaultkit.read.config import Config
from vaultkit.read.parse import parse
from vaultkit.reports import overview

TODAY = date(2026, 11, 20)


def contacts(view: VaultView, person: str) -> list[tuple[date, str, int | None, str]]:
    return [(i.date, i.note, i.line, i.text) for i in view.interactions.get(person, [])]


def contact_dates(view: VaultView, person: str) -> list[date]:
    return [i.date for i in view.interactions.get(person, [])]


def last_contact(view: VaultView, person: str, today: date = TODAY) -> date | None:
    last = overview.status(view, person, today).last
    return last.date if last else None


def issue_kinds(view: VaultView) -> list[tuple[str, str, int | None]]:
    return [(i.kind, i.path, i.line) for i in view.issues]


def issues_of(view: VaultView, kind: str) -> list[Issue]:
    return [i for i in view.issues if i.kind == kind]


def overdue_rows(view: VaultView, today: date = TODAY) -> list[tuple[str, int | None]]:
    return [(s.person.name, s.days_overdue) for s in overview.overdue(view, today)]


# --- §3 who is a person ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("People/Jane.md", "Hello\n"),
        ("People/Family/Jane.md", "Hello\n"),
        ("People/Family/Close/Jane.md", md(["type: [friend, person]"], "Hello")),
        ("Notes/Jane.md", md(["type: person"])),
        ("Notes/Jane.md", md(["type: [contact, person]"])),
        ("Notes/Jane.md", md(["type:", "  - person"])),
        ("Notes/Jane.md", md(["tags: person"])),
        ("Notes/Jane.md", md(["tags: [people]"])),
        ("Notes/Jane.md", md(["tags: [friend, person]"])),
        ("Notes/Jane.md", md(["tags: '#person'"])),
        ("Notes/Jane.md", md(["tags: friend, person"])),
        ("Notes/Jane.md", md(["tags: friend person"])),
        ("Notes/Jane.md", md(["tag: person"])),
        ("Notes/Jane.md", md(None, "#person")),
        ("Notes/Jane.md", md(None, "Some text #people here")),
        ("Notes/Jane.md", md(["categories: ['[[People]]']"])),
        ("Notes/Jane.md", md(["categories:", '  - "[[People]]"'])),
        ("Notes/Jane.md", md(["categories: People"])),
        ("Notes/Jane.md", md(["categories: [Books, People]"])),
    ],
)
def test_person_rules(path: str, text: str) -> None:
    view = build({path: text, "Notes/Other.md": "plain\n"})
    assert list(view.people) == [path]
    assert view.people[path].name == "Jane"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("Notes/Jane.md", "Hello [[People]]\n"),
        ("Notes/Jane.md", md(["type: project"])),
        ("Notes/Jane.md", md(["type: personal"])),
        ("Notes/Jane.md", md(["tags: [personal, peoples]"])),
        ("Notes/Jane.md", md(None, "`#person` in code")),
        ("Notes/Jane.md", md(None, "```", "#person", "```")),
        ("Notes/Jane.md", md(["categories: ['[[Projects]]']"])),
        ("Notes/Jane.md", md(["category: person"])),
        ("PeopleNotes/Jane.md", "x\n"),
        ("Work/People.md", "x\n"),
        ("Archive/People/Jane.md", "x\n"),
    ],
)
def test_not_a_person(path: str, text: str) -> None:
    assert build({path: text}).people == {}


def test_people_folders_are_configurable() -> None:
    cfg = Config(people_folders=("Contacts", "Team/Members"))
    view = build(
        {
            "Contacts/Jane.md": "x\n",
            "Team/Members/Bob.md": "x\n",
            "Team/Carol.md": "x\n",
            "People/Dan.md": "x\n",
        },
        cfg,
    )
    assert sorted(view.people) == ["Contacts/Jane.md", "Team/Members/Bob.md"]


# --- §3 person fields ------------------------------------------------------------------------


def test_person_fields() -> None:
    view = build(
        {
            "People/jane-doe.md": md(
                [
                    "Name: Jane Doe",
                    "aliases: [JD, Janie]",
                    "tags: 'friend, #work climbing'",
                    "cadence: every 2 weeks",
                    "birthday: 1990-05-17",
                    "last-contact: 2026-11-01",
                    "Snooze_Until: 2026-11-25",
                    "archived: false",
                    "email: jane@example.com",
                    "How we met: climbing gym",
                ]
            ),
        }
    )
    jane = view.people["People/jane-doe.md"]
    assert jane.name == "Jane Doe"
    assert jane.aliases == ("JD", "Janie")
    assert jane.tags == ("friend", "work", "climbing")
    assert jane.cadence_days == 14
    assert jane.birthday == (1990, 5, 17)
    assert jane.last_contact_prop == date(2026, 11, 1)
    assert jane.snooze_until == date(2026, 11, 25)
    assert jane.archived is False
    assert dict(jane.fields) == {"email": "jane@example.com", "How we met": "climbing gym"}
    assert view.issues == []


def test_name_defaults_to_the_file_name() -> None:
    view = build({"People/Family/Aunt May.md": md(["cadence: monthly"])})
    assert view.people["People/Family/Aunt May.md"].name == "Aunt May"


def test_alias_as_a_single_string() -> None:
    view = build({"People/Jane.md": md(["aliases: Janie"])})
    assert view.people["People/Jane.md"].aliases == ("Janie",)


def test_tags_list_with_hash_and_person_tags_left_out() -> None:
    view = build({"Notes/Jane.md": md(["tags: ['#person', '#friend', work]"], "#climbing")})
    person = view.people["Notes/Jane.md"]
    assert person.tags == ("friend", "work", "climbing")


def test_bad_yaml_in_people_folder_is_a_person_named_by_file() -> None:
    view = build(
        {
            "People/Jane Doe.md": md(
                ["name: Someone Else", "cadence: weekly", "  bad: indent"], "Body"
            ),
        }
    )
    jane = view.people["People/Jane Doe.md"]
    assert jane.name == "Jane Doe"
    assert jane.cadence_days is None
    assert jane.aliases == ()
    assert jane.fields == ()
    assert issue_kinds(view) == [("front-matter", "People/Jane Doe.md", 4)]


def test_non_mapping_front_matter_in_people_folder() -> None:
    view = build({"People/Jane.md": md(["- a", "- b"])})
    assert view.people["People/Jane.md"].name == "Jane"
    assert issue_kinds(view) == [("front-matter", "People/Jane.md", 2)]


def test_bad_yaml_outside_people_folder_is_still_reported() -> None:
    view = build({"Notes/x.md": md(["a: [1"], "body")})
    assert view.people == {}
    assert [(i.kind, i.path) for i in view.issues] == [("front-matter", "Notes/x.md")]


# --- §4 interactions -------------------------------------------------------------------------

JANE = "People/Jane Doe.md"
BOB = "People/Bob.md"


def test_dated_note_gives_one_interaction_per_person_at_the_first_link() -> None:
    view = build(
        {
            JANE: "x\n",
            BOB: "x\n",
            "Meetings/2026-11-10 Sync.md": md(
                ["title: Sync"],
                "Agenda",  # 4
                "- Lunch with [[Jane Doe]] and [[Bob]]",  # 5
                "- Then [[Jane Doe|Jane]] again",  # 6
            ),
        }
    )
    assert contacts(view, JANE) == [
        (
            date(2026, 11, 10),
            "Meetings/2026-11-10 Sync.md",
            5,
            "Lunch with [[Jane Doe]] and [[Bob]]",
        )
    ]
    assert contacts(view, BOB) == [
        (
            date(2026, 11, 10),
            "Meetings/2026-11-10 Sync.md",
            5,
            "Lunch with [[Jane Doe]] and [[Bob]]",
        )
    ]


@pytest.mark.parametrize(
    ("path", "front"),
    [
        ("Notes/Sync.md", ["date: 2026-11-10"]),
        ("Notes/Sync.md", ["day: 2026-11-10"]),
        ("Notes/Sync.md", ["date: 2026-11-10T09:15"]),
        ("Notes/2026-11-10.md", None),
        ("Notes/Call 2026-11-10 Jane.md", None),
    ],
)
def test_every_kind_of_dated_note(path: str, front: list[str] | None) -> None:
    view = build({JANE: "x\n", path: md(front, "Called [[Jane Doe]]")})
    assert contact_dates(view, JANE) == [date(2026, 11, 10)]


def test_daily_note_format_dates_a_note() -> None:
    cfg = Config(daily_folder="Journal", daily_format="DD.MM.YYYY")
    view = build({JANE: "x\n", "Journal/10.11.2026.md": "Called [[Jane Doe]]\n"}, cfg)
    assert contact_dates(view, JANE) == [date(2026, 11, 10)]


def test_front_matter_attendees_count() -> None:
    view = build(
        {
            JANE: "x\n",
            BOB: "x\n",
            "Meetings/Sync.md": md(
                ["date: 2026-11-10", "attendees:", '  - "[[Jane Doe]]"', '  - "[[Bob|Bobby]]"'],
                "Talked to [[Jane Doe]] later.",
            ),
        }
    )
    # one interaction each, at the first link: the front matter line (before the body link),
    # described by the note's first line of text (issue 22), not by the YAML line
    said = "Talked to [[Jane Doe]] later."
    assert contacts(view, JANE) == [(date(2026, 11, 10), "Meetings/Sync.md", 4, said)]
    assert contacts(view, BOB) == [(date(2026, 11, 10), "Meetings/Sync.md", 5, said)]


def test_a_front_matter_link_of_an_undated_note_keeps_the_title_and_property() -> None:
    view = build({JANE: "x\n", BOB: md(["partner: '[[Jane Doe]]'"], "# Bob", "Met at university.")})
    assert [m.text for m in view.mentions[JANE]] == ["Bob (partner)"]


def test_checked_task_counts_unchecked_task_and_embed_do_not() -> None:
    view = build(
        {
            JANE: "x\n",
            BOB: "x\n",
            "People/Carol.md": "x\n",
            "People/Dan.md": "x\n",
            "Daily/2026-11-10.md": md(
                None,
                "- [x] called [[Jane Doe]]",  # 1
                "- [ ] call [[Bob]]",  # 2
                "Card: ![[People/Carol]]",  # 3
                "- [-] cancelled lunch with [[Dan]]",  # 4
            ),
        }
    )
    assert contacts(view, JANE) == [
        (date(2026, 11, 10), "Daily/2026-11-10.md", 1, "called [[Jane Doe]]")
    ]
    assert BOB not in view.interactions
    assert "People/Carol.md" not in view.interactions
    assert "People/Dan.md" not in view.interactions


def test_unchecked_task_first_then_plain_link_counts_at_the_plain_link() -> None:
    view = build(
        {
            JANE: "x\n",
            "Daily/2026-11-10.md": md(None, "- [ ] call [[Jane Doe]]", "", "Saw [[Jane Doe]]"),
        }
    )
    assert [(i.date, i.line) for i in view.interactions[JANE]] == [(date(2026, 11, 10), 3)]


def test_links_in_code_comments_and_math_are_not_contact() -> None:
    view = build(
        {
            JANE: "x\n",
            "Daily/2026-11-10.md": md(
                None,
                "`[[Jane Doe]]`",
                "<!-- [[Jane Doe]] -->",
                "$[[Jane Doe]]$",
                "```",
                "[[Jane Doe]]",
                "```",
            ),
        }
    )
    assert JANE not in view.interactions


def test_undated_notes_are_mentions_not_contact() -> None:
    view = build({JANE: "x\n", "Projects/Launch.md": md(None, "Owner: [[Jane Doe]]")})
    assert JANE not in view.interactions
    assert [(m.note, m.line, m.text) for m in view.mentions[JANE]] == [
        ("Projects/Launch.md", 1, "Owner: [[Jane Doe]]")
    ]
    assert last_contact(view, JANE) is None


def test_person_note_links_outside_the_log_are_mentions() -> None:
    view = build(
        {
            JANE: "x\n",
            BOB: md(
                ["date: 2026-11-10"], "Married to [[Jane Doe]]", "", "## Log", "- 2026-11-09 walk"
            ),
        }
    )
    assert JANE not in view.interactions
    assert [(m.note, m.line) for m in view.mentions[JANE]] == [(BOB, 4)]
    assert contacts(view, BOB) == [(date(2026, 11, 9), BOB, 7, "walk")]


def test_dated_person_note_is_not_a_contact_with_its_own_person() -> None:
    view = build({"People/2026-11-10 Jane.md": md(None, "Met [[2026-11-10 Jane]]")})
    assert view.interactions == {}


def test_log_items_count_for_the_owner_and_linked_people() -> None:
    view = build(
        {
            JANE: md(
                ["cadence: monthly"],
                "# Jane",  # 4
                "Friend of [[Bob]]",  # 5
                "## Log",  # 6
                "- 2026-11-12: dinner with [[Bob]]",  # 7
                "  - and [[Carol]] joined",  # 8
                "- [[2026-11-05]] — call",  # 9
                "- **2026-10-30** coffee",  # 10
                "- not dated with [[Carol]]",  # 11
                "## Notes",  # 12
                "- 2026-09-01 not a log item [[Bob]]",  # 13
            ),
            BOB: "x\n",
            "People/Carol.md": "x\n",
            "2026-11-05.md": "daily\n",
        }
    )
    assert contacts(view, JANE) == [
        (date(2026, 11, 12), JANE, 7, "dinner with [[Bob]]"),
        (date(2026, 11, 5), JANE, 9, "call"),
        (date(2026, 10, 30), JANE, 10, "coffee"),
    ]
    assert contacts(view, BOB) == [(date(2026, 11, 12), JANE, 7, "dinner with [[Bob]]")]
    assert contacts(view, "People/Carol.md") == [
        (date(2026, 11, 12), JANE, 7, "dinner with [[Bob]]")
    ]
    assert [(m.line) for m in view.mentions[BOB]] == [5, 13]
    assert [(m.line) for m in view.mentions["People/Carol.md"]] == [11]


def test_log_of_a_non_person_note_is_not_contact() -> None:
    view = build(
        {JANE: "x\n", "Projects/Launch.md": md(None, "## Log", "- 2026-11-12 met [[Jane Doe]]")}
    )
    assert JANE not in view.interactions


def test_last_contact_property_counts() -> None:
    view = build({JANE: md(["last_contact: 2026-11-01"])})
    # §4.3: one interaction, no text
    assert [(i.date, i.note) for i in view.interactions[JANE]] == [(date(2026, 11, 1), JANE)]
    assert view.interactions[JANE][0].text == ""
    assert last_contact(view, JANE) == date(2026, 11, 1)


def test_last_contact_is_the_latest_of_all_sources() -> None:
    view = build(
        {
            JANE: md(["last_contact: 2026-11-01"], "## Log", "- 2026-11-03 call"),
            "Daily/2026-11-07.md": "Saw [[Jane Doe]]\n",
            "Daily/2026-11-05.md": "Saw [[Jane Doe]]\n",
        }
    )
    assert contact_dates(view, JANE) == [
        date(2026, 11, 7),
        date(2026, 11, 5),
        date(2026, 11, 3),
        date(2026, 11, 1),
    ]
    assert last_contact(view, JANE) == date(2026, 11, 7)
    assert overview.status(view, JANE, TODAY).interactions == 4


def test_future_dates_never_count_as_last_contact() -> None:
    view = build(
        {
            JANE: md(
                ["last_contact: 2026-12-24", "cadence: 30"], "## Log", "- 2026-11-25 planned dinner"
            ),
            "Daily/2026-11-21.md": "Meet [[Jane Doe]]\n",
            "Daily/2026-10-01.md": "Met [[Jane Doe]]\n",
        }
    )
    s = overview.status(view, JANE, TODAY)
    assert s.last is not None
    assert s.last.date == date(2026, 10, 1)
    assert s.interactions == 1
    assert s.due == date(2026, 10, 31)
    assert s.days_overdue == 20
    # once the day comes, it counts
    assert last_contact(view, JANE, date(2026, 11, 21)) == date(2026, 11, 21)
    assert overview.recent(view, TODAY, 30) == []
    assert [i.date for i in overview.recent(view, TODAY, 60)] == [date(2026, 10, 1)]


def test_markdown_link_and_alias_link_count() -> None:
    view = build(
        {
            JANE: md(["aliases: [JD]"]),
            "Notes/2026-11-10.md": "Lunch with [her](../People/Jane%20Doe.md)\n",
            "Notes/2026-11-11.md": "Call with [[jd]]\n",
            "Notes/2026-11-12.md": "Walk with [x](<People/Jane Doe.md>)\n",
        }
    )
    assert contact_dates(view, JANE) == [date(2026, 11, 12), date(2026, 11, 11), date(2026, 11, 10)]


def test_alias_does_not_win_over_a_note_with_that_name() -> None:
    view = build(
        {
            JANE: md(["aliases: [Launch]"]),
            "Projects/Launch.md": "x\n",
            "Notes/2026-11-10.md": "Worked on [[Launch]]\n",
        }
    )
    assert JANE not in view.interactions


def test_alias_shared_by_two_people_links_neither_and_is_reported() -> None:
    view = build(
        {
            JANE: md(["aliases: [Sam]"]),
            BOB: md(["aliases: [sam]"]),
            "Notes/2026-11-10.md": "Lunch with [[Sam]]\n",
        }
    )
    assert view.interactions == {}
    assert len(issues_of(view, "duplicate-alias")) == 1
    assert [(i.path, i.line) for i in issues_of(view, "ambiguous-link")] == [
        ("Notes/2026-11-10.md", 1)
    ]


# --- §5 check-ins ----------------------------------------------------------------------------


def test_due_is_last_contact_plus_cadence() -> None:
    view = build({JANE: md(["cadence: 2w", "last_contact: 2026-11-10"])})
    s = overview.status(view, JANE, TODAY)
    assert s.due == date(2026, 11, 24)
    assert s.days_overdue is None
    assert overview.overdue(view, TODAY) == []


def test_no_contact_is_due_today() -> None:
    view = build({JANE: md(["cadence: weekly"])})
    s = overview.status(view, JANE, TODAY)
    assert s.last is None
    assert s.due == TODAY
    assert s.days_overdue == 0
    assert overdue_rows(view) == [("Jane Doe", 0)]


def test_due_today_is_overdue_by_zero_days() -> None:
    view = build({JANE: md(["cadence: 10", "last_contact: 2026-11-10"])})
    assert overdue_rows(view) == [("Jane Doe", 0)]


def test_days_overdue() -> None:
    view = build({JANE: md(["cadence: monthly", "last_contact: 2026-10-01"])})
    s = overview.status(view, JANE, TODAY)
    assert (s.due, s.days_overdue) == (date(2026, 10, 31), 20)


def test_no_cadence_is_never_overdue() -> None:
    view = build({JANE: md(["last_contact: 2020-01-01"])})
    s = overview.status(view, JANE, TODAY)
    assert (s.due, s.days_overdue) == (None, None)
    assert overview.overdue(view, TODAY) == []


def test_overdue_order_most_overdue_then_name() -> None:
    view = build(
        {
            "People/Zoe.md": md(["cadence: 7", "last_contact: 2026-11-01"]),  # 12 days
            "People/adam.md": md(["cadence: 7", "last_contact: 2026-11-01"]),  # 12 days
            "People/Mia.md": md(["cadence: 30", "last_contact: 2026-09-01"]),  # 50 days
            "People/Bea.md": md(["cadence: 7"]),  # 0 days
            "People/Cal.md": md(["cadence: 7", "last_contact: 2026-11-19"]),  # not due
        }
    )
    assert overdue_rows(view) == [("Mia", 50), ("adam", 12), ("Zoe", 12), ("Bea", 0)]


def test_archived_is_not_overdue() -> None:
    view = build({JANE: md(["cadence: weekly", "archived: true"])})
    assert overview.overdue(view, TODAY) == []
    assert list(view.people) == [JANE]


def test_snoozed_is_not_overdue_until_the_snooze_ends() -> None:
    view = build({JANE: md(["cadence: weekly", "snooze_until: 2026-11-21"])})
    assert overview.overdue(view, TODAY) == []
    assert overview.status(view, JANE, TODAY).snoozed is True
    # snooze_until today: not after today, so overdue again
    view = build({JANE: md(["cadence: weekly", "snooze_until: 2026-11-20"])})
    assert overdue_rows(view) == [("Jane Doe", 0)]
    view = build({JANE: md(["cadence: weekly", "snooze_until: 2026-11-01"])})
    assert overdue_rows(view) == [("Jane Doe", 0)]


def test_snooze_ends_on_its_day() -> None:
    view = build({JANE: md(["cadence: 7", "last_contact: 2026-11-01", "snooze-until: 2026-11-25"])})
    assert overview.overdue(view, TODAY) == []
    assert overdue_rows(view, date(2026, 11, 25)) == [("Jane Doe", 17)]


def test_due_soon_within_seven_days() -> None:
    view = build(
        {
            "People/A.md": md(["cadence: 7", "last_contact: 2026-11-20"]),  # due 11-27
            "People/B.md": md(["cadence: 8", "last_contact: 2026-11-20"]),  # due 11-28
            "People/C.md": md(["cadence: 1", "last_contact: 2026-11-20"]),  # due 11-21
            "People/D.md": md(["cadence: 7"]),  # due today: overdue, not soon
            "People/E.md": md(["cadence: 1", "last_contact: 2026-11-20", "archived: true"]),
            "People/F.md": md(
                ["cadence: 1", "last_contact: 2026-11-20", "snooze_until: 2026-12-01"]
            ),
        }
    )
    soon = overview.due_soon(view, TODAY, Config().due_soon_days)
    assert [(s.person.name, s.due) for s in soon] == [
        ("C", date(2026, 11, 21)),
        ("A", date(2026, 11, 27)),
    ]


@pytest.mark.parametrize(
    ("cadence", "due"),
    [
        ("45", date(2027, 1, 4)),
        ("daily", date(2026, 11, 21)),
        ("fortnightly", date(2026, 12, 4)),
        ("quarterly", date(2027, 2, 19)),
        ("yearly", date(2027, 11, 20)),
        ("every 3 months", date(2027, 2, 18)),
        ("2y", date(2028, 11, 19)),
    ],
)
def test_cadence_spellings_reach_the_due_date(cadence: str, due: date) -> None:
    view = build({JANE: md([f"cadence: {cadence}", "last_contact: 2026-11-20"])})
    assert overview.status(view, JANE, TODAY).due == due


def test_bad_cadence_is_reported_and_treated_as_none() -> None:
    view = build({JANE: md(["name: Jane Doe", "cadence: whenever", "last_contact: 2020-01-01"])})
    assert view.people[JANE].cadence_days is None
    assert overview.overdue(view, TODAY) == []
    assert issue_kinds(view) == [("bad-cadence", JANE, 3)]
    assert "whenever" in view.issues[0].message


@pytest.mark.parametrize("cadence", ["0", "-7", "true", "every fortnight or so"])
def test_other_bad_cadences_are_reported(cadence: str) -> None:
    view = build({JANE: md([f"cadence: {cadence}"])})
    assert issue_kinds(view) == [("bad-cadence", JANE, 2)]


# --- birthdays -------------------------------------------------------------------------------


def test_birthdays_window_age_and_order() -> None:
    view = build(
        {
            "People/A.md": md(["birthday: 1990-11-25"]),  # 5 days, turns 36
            "People/B.md": md(["birthday: --12-20"]),  # 30 days, year unknown
            "People/C.md": md(["birthday: 12-21"]),  # 31 days: outside
            "People/D.md": md(["birthday: 2000-11-20"]),  # today, turns 26
            "People/E.md": md(["birthday: 1980-11-19"]),  # yesterday: next year
            "People/F.md": md(["birthday: 11-22", "archived: true"]),
            "People/G.md": md(["birthday: 1985-11-22"]),
        }
    )
    rows = [(b.person.name, b.date, b.in_days, b.age) for b in overview.birthdays(view, TODAY, 30)]
    assert rows == [
        ("D", date(2026, 11, 20), 0, 26),
        ("G", date(2026, 11, 22), 2, 41),
        ("A", date(2026, 11, 25), 5, 36),
        ("B", date(2026, 12, 20), 30, None),
    ]


def test_birthday_across_the_new_year() -> None:
    view = build({"People/A.md": md(["birthday: 1990-01-05"])})
    rows = [(b.date, b.in_days, b.age) for b in overview.birthdays(view, date(2026, 12, 20), 30)]
    assert rows == [(date(2027, 1, 5), 16, 37)]


def test_feb_29_birthday_in_common_and_leap_years() -> None:
    view = build({"People/Leap.md": md(["birthday: 2000-02-29"])})
    rows = [(b.date, b.in_days, b.age) for b in overview.birthdays(view, date(2027, 2, 20), 30)]
    assert rows == [(date(2027, 2, 28), 8, 27)]
    rows = [(b.date, b.in_days, b.age) for b in overview.birthdays(view, date(2028, 2, 20), 30)]
    assert rows == [(date(2028, 2, 29), 9, 28)]


def test_bad_birthday_is_reported() -> None:
    view = build({JANE: md(["cadence: weekly", "birthday: 02-30"])})
    assert view.people[JANE].birthday is None
    assert issue_kinds(view) == [("bad-birthday", JANE, 3)]
    assert overview.birthdays(view, TODAY, 365) == []


# --- recent ----------------------------------------------------------------------------------


def test_recent_interactions_newest_first() -> None:
    view = build(
        {
            JANE: md(["last_contact: 2026-11-18"]),
            BOB: "x\n",
            "Daily/2026-11-19.md": "With [[Bob]] and [[Jane Doe]]\n",
            "Daily/2026-11-22.md": "Plan: [[Bob]]\n",
            "Daily/2026-10-01.md": "Old: [[Bob]]\n",
        }
    )
    rows = [(i.date, i.person, i.note) for i in overview.recent(view, TODAY, 30)]
    assert rows == [
        (date(2026, 11, 19), BOB, "Daily/2026-11-19.md"),
        (date(2026, 11, 19), JANE, "Daily/2026-11-19.md"),
        (date(2026, 11, 18), JANE, JANE),
    ]


# --- §6 follow-ups ---------------------------------------------------------------------------


def test_followups_from_unchecked_tasks() -> None:
    view = build(
        {
            JANE: md(
                ["cadence: monthly"],
                "- [ ] outside the log, no link",  # 4
                "## Log",  # 5
                "- 2026-11-10 coffee",  # 6
                "- [ ] send her the photos 📅 2026-11-28",  # 7
                "- [ ] ask [[Bob]] about the trip [due:: 2026-11-25]",  # 8
                "- [x] done, not a follow-up",  # 9
            ),
            BOB: "x\n",
            "Projects/Launch.md": md(None, "Tasks", "", "- [ ] review with [[Jane Doe]]"),
            "Daily/2026-11-19.md": md(
                None, "- [ ] call [[Bob]] 📅 2026-11-21", "- [x] called [[Bob]]"
            ),
        }
    )
    rows = [(f.person, f.source, f.line, f.text, f.due) for f in overview.followups(view)]
    assert rows == [
        (BOB, "Daily/2026-11-19.md", 1, "call [[Bob]] 📅 2026-11-21", date(2026, 11, 21)),
        (BOB, JANE, 8, "ask [[Bob]] about the trip [due:: 2026-11-25]", date(2026, 11, 25)),
        (JANE, JANE, 8, "ask [[Bob]] about the trip [due:: 2026-11-25]", date(2026, 11, 25)),
        (JANE, JANE, 7, "send her the photos 📅 2026-11-28", date(2026, 11, 28)),
        (JANE, "Projects/Launch.md", 3, "review with [[Jane Doe]]", None),
    ]


def test_followup_in_a_person_note_outside_the_log_needs_a_link() -> None:
    view = build({JANE: md(None, "- [ ] call [[Bob]]", "- [ ] buy milk"), BOB: "x\n"})
    rows = [(f.person, f.line) for f in overview.followups(view)]
    assert rows == [(BOB, 1)]


def test_followup_task_linking_a_person_twice_is_one_followup() -> None:
    view = build({JANE: "x\n", "Notes/a.md": "- [ ] ask [[Jane Doe]] and [[Jane Doe|her]] mum\n"})
    assert [(f.person, f.line) for f in overview.followups(view)] == [(JANE, 1)]


def test_task_linking_a_non_person_is_not_a_followup() -> None:
    view = build({"Projects/Launch.md": "x\n", "Notes/a.md": "- [ ] ship [[Launch]]\n"})
    assert overview.followups(view) == []


# --- §8 issues -------------------------------------------------------------------------------


def test_duplicate_person_names_are_reported() -> None:
    view = build(
        {
            "People/Sam.md": "x\n",
            "Work/Sam.md": md(["type: person"]),
            "People/Jane Doe.md": "x\n",
            "People/jd.md": md(["name: jane doe"]),
        }
    )
    dup = issues_of(view, "duplicate-name")
    assert sorted(i.path for i in dup) == ["People/jd.md", "Work/Sam.md"]


def test_ambiguous_link_is_reported_and_resolved_to_the_shortest_path() -> None:
    view = build(
        {
            "People/Sam.md": "x\n",
            "Work/Team/Sam.md": md(["type: person"]),
            "Notes/2026-11-10.md": md(["title: x"], "Lunch with [[Sam]]"),
        }
    )
    amb = issues_of(view, "ambiguous-link")
    assert [(i.path, i.line) for i in amb] == [("Notes/2026-11-10.md", 4)]
    assert contact_dates(view, "People/Sam.md") == [date(2026, 11, 10)]
    assert "Work/Team/Sam.md" not in view.interactions


def test_ambiguous_link_in_the_linking_notes_folder_wins_and_is_not_reported() -> None:
    """Obsidian picks the note beside the linking one: that choice is sure (VAULT_FORMAT §8)."""
    view = build(
        {
            "People/Sam.md": "x\n",
            "Work/Team/Sam.md": md(["type: person"]),
            "Work/Team/2026-11-10.md": "Lunch with [[Sam]]\n",
            "Notes/2026-11-11.md": "Call with [[Sam]]\n",
        }
    )
    assert contact_dates(view, "Work/Team/Sam.md") == [date(2026, 11, 10)]
    assert contact_dates(view, "People/Sam.md") == [date(2026, 11, 11)]
    assert [(i.path, i.line) for i in issues_of(view, "ambiguous-link")] == [
        ("Notes/2026-11-11.md", 1)
    ]


def test_ambiguous_link_between_notes_that_are_not_people_is_not_reported() -> None:
    view = build(
        {
            "Projects/Plan.md": "x\n",
            "Archive/Plan.md": "y\n",
            "Notes/2026-11-11.md": "See [[Plan]]\n",
            "People/Jane.md": "x\n",
            "Work/Jane.md": "Not a person.\n",
            "Notes/2026-11-12.md": "Met [[Jane]]\n",
        }
    )
    assert [(i.path, i.line) for i in issues_of(view, "ambiguous-link")] == [
        ("Notes/2026-11-12.md", 1)
    ]


def test_alias_equal_to_another_persons_name_is_reported() -> None:
    view = build({JANE: md(["aliases: [Bob]"]), BOB: "x\n"})
    assert [i.path for i in issues_of(view, "duplicate-alias")] == [JANE]


def test_bad_dates_are_reported_with_lines() -> None:
    view = build(
        {
            JANE: md(
                ["last_contact: 2026-02-30", "snooze_until: soon"],
                "## Log",
                "- 2026-13-01 impossible",
            ),
            "Notes/x.md": md(["date: 2026-02-30"]),
        }
    )
    assert issue_kinds(view) == [  # by file, then line (a user reads a note top down)
        ("bad-date", "Notes/x.md", 2),
        ("bad-last-contact", JANE, 2),
        ("bad-snooze-until", JANE, 3),
        ("bad-date", JANE, 6),
    ]
    assert view.interactions == {}


def test_markers_issue_only_for_person_notes() -> None:
    view = build(
        {
            JANE: "<!-- vaultkit:begin -->\nx\n",
            "Notes/howto.md": "<!-- vaultkit:begin -->\nx\n",
        }
    )
    assert issue_kinds(view) == [("markers", JANE, 1)]


def test_issue_count_is_stable_and_deduplicated() -> None:
    notes = {
        JANE: md(["cadence: whenever"]),
        "Notes/2026-11-10.md": "[[Sam]]\n[[Sam]]\n",
        "People/Sam.md": "x\n",
        "Work/Sam.md": md(["type: person"]),
    }
    first = build(notes)
    second = build(dict(reversed(list(notes.items()))))
    assert first.issues == second.issues
    assert [i.kind for i in first.issues] == [
        "ambiguous-link",
        "ambiguous-link",
        "bad-cadence",
        "duplicate-name",
    ]


# --- the index itself ------------------------------------------------------------------------


def test_update_and_remove_change_the_view() -> None:
    cfg = Config()
    index = Index(cfg)
    index.add(parse(JANE, md(["cadence: weekly"]), cfg.parse_options))
    index.add(parse("Daily/2026-11-19.md", "Saw [[Jane Doe]]\n", cfg.parse_options))
    assert overdue_rows(index.view()) == []
    index.update(parse("Daily/2026-11-19.md", "Saw nobody\n", cfg.parse_options))
    assert overdue_rows(index.view()) == [("Jane Doe", 0)]
    index.add(parse("Daily/2026-11-01.md", "Saw [[Jane Doe]]\n", cfg.parse_options))
    assert overdue_rows(index.view()) == [("Jane Doe", 12)]
    index.remove("Daily/2026-11-01.md")
    assert overdue_rows(index.view()) == [("Jane Doe", 0)]
    index.remove(JANE)
    assert index.view().people == {}
    assert index.view().notes == 1


def test_interaction_records() -> None:
    view = build({JANE: "x\n", "Daily/2026-11-19.md": "Saw [[Jane Doe]]\n"})
    assert view.interactions[JANE] == [
        Interaction(JANE, date(2026, 11, 19), "Daily/2026-11-19.md", 1, "Saw [[Jane Doe]]")
    ]
    assert view.interaction_count == 1


# --- edition 2: vault-wide findings ----------------------------------------------------------


def test_daily_settings_that_match_no_note_are_reported_until_a_note_matches() -> None:
    config = Config(daily_folder="Journal", daily_format="DD.MM.YYYY", daily_source="x.json")
    index = Index(config)
    index.add(parse("Notes/a.md", "x\n", config.parse_options))
    found = [(i.path, i.message) for i in index.view().issues if i.kind == "daily-settings"]
    assert found == [
        ("x.json", "the daily-note folder 'Journal' holds no notes; check the folder setting")
    ]
    index.add(parse("Journal/2026-11-20.md", "x\n", config.parse_options))
    messages = [i.message for i in index.view().issues if i.kind == "daily-settings"]
    assert messages == [
        "no note in 'Journal' is named in the daily-note format 'DD.MM.YYYY'; "
        "check the format setting"
    ]
    index.add(parse("Journal/2026/11/20.11.2026.md", "x\n", config.parse_options))
    assert not [i for i in index.view().issues if i.kind == "daily-settings"]
    index.remove("Journal/2026/11/20.11.2026.md")
    assert [i.kind for i in index.view().issues] == ["daily-settings"]


def test_default_daily_settings_are_never_reported() -> None:
    view = build({"Notes/a.md": "x\n"})
    assert view.issues == []


def test_template_placeholders_in_many_notes_are_one_hint() -> None:
    view = build({f"Notes/{n}.md": f"{{{{date}}}} note {n}\n" for n in "abc"})
    (hint,) = view.issues
    assert (hint.kind, hint.path, hint.line) == ("template-placeholder", "Notes/a.md", 1)
    assert hint.message.startswith("3 notes hold template placeholders ('{{date}}')")
    assert "templates_folders" in hint.message and "Templates" in hint.message


def test_done_date_is_contact_in_any_note() -> None:
    view = build(
        {
            JANE: "x\n",
            BOB: md(None, "- [x] call [[Jane Doe]] ✅ 2026-11-21", "  - with [[Ana]]"),
            "People/Ana.md": "x\n",
            "Notes/Plans.md": "- [x] lunch with [[Jane Doe]] [completion:: 2026-11-22]\n",
            "Daily/2026-11-01.md": (
                "- [x] dinner with [[Ana]] ✅ 2026-11-23\n- [x] [[Jane Doe]] again\n"
            ),
        }
    )
    assert contact_dates(view, JANE) == [date(2026, 11, 22), date(2026, 11, 21), date(2026, 11, 1)]
    assert contact_dates(view, "People/Ana.md") == [date(2026, 11, 23), date(2026, 11, 21)]
