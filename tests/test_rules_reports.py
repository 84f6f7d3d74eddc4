"""VAULT_FORMAT §5, §6 and the birthday/recent rules of docs/vault-format.md, at their edges:
due on today, snoozed until today, the last day of a window, ties broken by name.

Gaps a mutation run (issue 10) found in `vaultkit.reports.overview`.
"""

from __future__ import annotations

from datetime import date

import pytest
from rulehelp import build, md

from vaultkit.engine.index import Index
from vaultkit.read.config import Config
from vaultkit.read.parse import parse
from vaultkit.reports import overview

TODAY = date(2026, 11, 20)


def person_note(*front: str) -> str:
    return md(list(front))


# --- §5 overdue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "days_overdue", "due"),
    [
        # due = last contact + cadence; overdue when due <= today
        (["cadence: 7", "last_contact: 2026-11-13"], 0, date(2026, 11, 20)),  # due today
        (["cadence: 7", "last_contact: 2026-11-12"], 1, date(2026, 11, 19)),
        (["cadence: 7", "last_contact: 2026-11-14"], None, date(2026, 11, 21)),  # due tomorrow
        (["cadence: 7"], 0, TODAY),  # never contacted: due today
        (["cadence: 7", "last_contact: 2026-11-21"], 0, TODAY),  # a plan is no contact
        ([], None, None),  # no cadence: no check-ins
        (["last_contact: 2026-01-01"], None, None),
        # snoozed while snooze_until is after today; on that day reminders are back
        (["cadence: 7", "last_contact: 2026-11-01", "snooze_until: 2026-11-21"], None, None),
        (["cadence: 7", "last_contact: 2026-11-01", "snooze_until: 2026-11-20"], 12, None),
        (["cadence: 7", "last_contact: 2026-11-01", "snooze_until: 2026-11-19"], 12, None),
        (["cadence: 7", "last_contact: 2026-11-01", "archived: true"], None, None),
        (["cadence: 7", "last_contact: 2026-11-01", "archived: false"], 12, None),
    ],
)
def test_overdue_edges(front: list[str], days_overdue: int | None, due: date | None) -> None:
    view = build({"People/Kim.md": person_note(*front)})
    s = overview.status(view, "People/Kim.md", TODAY)
    assert s.days_overdue == days_overdue
    if due is not None:
        assert s.due == due
    rows = overview.overdue(view, TODAY)
    assert [r.days_overdue for r in rows] == ([] if days_overdue is None else [days_overdue])


def test_status_counts_only_contacts_up_to_today() -> None:
    view = build(
        {
            "People/Kim.md": md(
                ["cadence: 10"],
                "## Log",
                "- 2026-11-21 plan",
                "- 2026-11-20 today",
                "- 2026-11-01 earlier",
            )
        }
    )
    s = overview.status(view, "People/Kim.md", TODAY)
    assert s.interactions == 2
    assert s.last is not None and s.last.date == TODAY
    assert s.due == date(2026, 11, 30)
    assert (s.days_overdue, s.snoozed, s.checkins_on) == (None, False, True)


def test_checkins_on_needs_a_cadence_and_not_archived() -> None:
    view = build(
        {
            "People/A.md": person_note("cadence: 7"),
            "People/B.md": person_note("cadence: 7", "archived: true"),
            "People/C.md": person_note(),
        }
    )
    on = {path: overview.status(view, path, TODAY).checkins_on for path in view.people}
    assert on == {"People/A.md": True, "People/B.md": False, "People/C.md": False}


def test_overdue_order_is_most_overdue_then_name_ignoring_case() -> None:
    view = build(
        {
            "People/bea.md": person_note("cadence: 7", "last_contact: 2026-11-01"),
            "People/Abe.md": person_note("cadence: 7", "last_contact: 2026-11-01"),
            "People/Cy.md": person_note("cadence: 7", "last_contact: 2026-10-01"),
            "People/Dee.md": person_note("cadence: 7", "last_contact: 2026-11-10"),
            "People/Zed.md": person_note("cadence: 14", "last_contact: 2026-10-25"),
            "People/Bo.md": person_note("cadence: 7", "last_contact: 2026-11-12"),
            "People/Al.md": person_note("cadence: 7"),  # never contacted: due today
        }
    )
    rows = [(s.person.name, s.days_overdue) for s in overview.overdue(view, TODAY)]
    assert rows == [
        ("Cy", 43),
        ("Abe", 12),
        ("bea", 12),
        ("Zed", 12),
        ("Dee", 3),
        ("Bo", 1),
        ("Al", 0),
    ]


def test_overdue_follows_the_day_asked_for() -> None:
    """The per-view memo is per day: asking for another day is another answer."""
    view = build({"People/Kim.md": person_note("cadence: 7", "last_contact: 2026-11-10")})
    assert [s.days_overdue for s in overview.overdue(view, TODAY)] == [3]
    assert [s.days_overdue for s in overview.overdue(view, date(2026, 11, 22))] == [5]
    assert overview.overdue(view, date(2026, 11, 16)) == []
    assert [s.days_overdue for s in overview.overdue(view, TODAY)] == [3]


def test_statuses_follow_the_index_as_notes_change() -> None:
    """Statuses are reused across views of one index only while nothing they depend on
    changed: the person, their contact list, the day."""
    cfg = Config()
    index = Index(cfg)

    def add(path: str, text: str) -> None:
        index.add(parse(path, text, cfg.parse_options))

    def rows(day: date = TODAY) -> list[tuple[str, int | None, int | None]]:
        found = overview.all_status(index.view(), day)
        return [(s.person.name, s.person.cadence_days, s.days_overdue) for s in found]

    add("People/Kim.md", person_note("cadence: 7", "last_contact: 2026-11-01"))
    add("People/Lee.md", person_note("cadence: 3"))  # no contacts at all
    assert rows() == [("Kim", 7, 12), ("Lee", 3, 0)]

    # a contact elsewhere: Kim is the same object with a new contact list; Lee is reused
    add("Daily/2026-11-18.md", md(None, "Tea with [[Kim]]."))
    assert rows() == [("Kim", 7, None), ("Lee", 3, 0)]

    # a person note changes: a new person with the same (empty) contacts
    add("People/Lee.md", person_note("cadence: 30"))
    add("People/Kim.md", person_note("cadence: 1", "last_contact: 2026-11-01"))
    assert rows() == [("Kim", 1, 1), ("Lee", 30, 0)]

    # other days, then back
    assert rows(date(2026, 11, 25)) == [("Kim", 1, 6), ("Lee", 30, 0)]
    assert rows(date(2026, 11, 19)) == [("Kim", 1, 0), ("Lee", 30, 0)]
    assert rows() == [("Kim", 1, 1), ("Lee", 30, 0)]


def test_all_status_is_by_name_and_a_fresh_list_each_time() -> None:
    view = build(
        {
            "People/b.md": person_note("name: bob"),
            "People/a.md": person_note("name: Bob"),
            "People/c.md": person_note("name: Al"),
        }
    )
    names = [(s.person.name, s.person.path) for s in overview.all_status(view, TODAY)]
    assert names == [("Al", "People/c.md"), ("Bob", "People/a.md"), ("bob", "People/b.md")]
    first = overview.all_status(view, TODAY)
    first.clear()
    assert len(overview.all_status(view, TODAY)) == 3


def test_same_name_ties_break_by_path() -> None:
    view = build(
        {
            "People/Zed/Kim.md": person_note("cadence: 7", "name: Kim"),
            "People/Abe/Kim.md": person_note("cadence: 7", "name: Kim"),
        }
    )
    assert [s.person.path for s in overview.overdue(view, TODAY)] == [
        "People/Abe/Kim.md",
        "People/Zed/Kim.md",
    ]


# --- due soon --------------------------------------------------------------------------------


def test_due_soon_window_edges_and_order() -> None:
    view = build(
        {
            "People/Today.md": person_note("cadence: 7", "last_contact: 2026-11-13"),  # overdue
            "People/Tomorrow.md": person_note("cadence: 7", "last_contact: 2026-11-14"),
            "People/b Edge.md": person_note("cadence: 7", "last_contact: 2026-11-20"),  # +7
            "People/a Edge.md": person_note("cadence: 14", "last_contact: 2026-11-13"),  # +7
            "People/Past.md": person_note("cadence: 8", "last_contact: 2026-11-20"),  # +8
            "People/Snoozed.md": person_note(
                "cadence: 7", "last_contact: 2026-11-14", "snooze_until: 2026-11-21"
            ),
            "People/Archived.md": person_note(
                "cadence: 7", "last_contact: 2026-11-14", "archived: true"
            ),
            "People/None.md": person_note("last_contact: 2026-11-14"),
        }
    )
    rows = [(s.person.name, s.due) for s in overview.due_soon(view, TODAY, 7)]
    assert rows == [
        ("Tomorrow", date(2026, 11, 21)),
        ("a Edge", date(2026, 11, 27)),
        ("b Edge", date(2026, 11, 27)),
    ]
    assert [s.person.name for s in overview.due_soon(view, TODAY, 0)] == []
    assert [s.person.name for s in overview.due_soon(view, TODAY, 1)] == ["Tomorrow"]


# --- birthdays -------------------------------------------------------------------------------


def test_birthday_window_edges_age_and_order() -> None:
    view = build(
        {
            "People/Today.md": person_note("birthday: 1990-11-20"),
            "People/b Last.md": person_note("birthday: --12-20"),  # today + 30
            "People/a Last.md": person_note("birthday: 2000-12-20"),
            "People/Late.md": person_note("birthday: 1980-12-21"),  # today + 31
            "People/Yesterday.md": person_note("birthday: 1980-11-19"),
            "People/Archived.md": person_note("birthday: 1980-11-21", "archived: true"),
            "People/Future.md": person_note("birthday: 2030-11-22"),  # a typo'd year
            "People/Born today.md": person_note("birthday: 2026-11-20"),
        }
    )
    rows = [(b.person.name, b.date, b.in_days, b.age) for b in overview.birthdays(view, TODAY, 30)]
    assert rows == [
        ("Born today", date(2026, 11, 20), 0, 0),
        ("Today", date(2026, 11, 20), 0, 36),
        ("Future", date(2026, 11, 22), 2, None),
        ("a Last", date(2026, 12, 20), 30, 26),
        ("b Last", date(2026, 12, 20), 30, None),
    ]
    assert [b.person.name for b in overview.birthdays(view, TODAY, 0)] == ["Born today", "Today"]
    assert overview.birthday_json(overview.birthdays(view, TODAY, 0)[1]) == {
        "name": "Today",
        "note": "People/Today.md",
        "date": "2026-11-20",
        "in_days": 0,
        "age": 36,
    }


def test_birthday_of_29_february_in_a_common_year() -> None:
    view = build({"People/Leap.md": person_note("birthday: 2000-02-29")})
    (b,) = overview.birthdays(view, date(2027, 2, 20), 30)
    assert (b.date, b.in_days, b.age) == (date(2027, 2, 28), 8, 27)


# --- recent ----------------------------------------------------------------------------------


def test_recent_is_the_last_days_today_included_newest_first() -> None:
    view = build(
        {
            "People/Bo.md": md(
                None,
                "## Log",
                "- 2026-11-21 a plan",
                "- 2026-11-20 today",
                "- 2026-10-22 first day in",
                "- 2026-10-21 just out",
            ),
            "People/al.md": md(None, "## Log", "- 2026-11-20 also today", "- 2026-10-22 too"),
        }
    )
    # 30 days back from 20 November: 22 October is in, 21 October is out
    rows = [(i.date, i.text) for i in overview.recent(view, TODAY, 30)]
    assert rows == [
        (date(2026, 11, 20), "also today"),
        (date(2026, 11, 20), "today"),
        (date(2026, 10, 22), "too"),
        (date(2026, 10, 22), "first day in"),
    ]
    assert [i.text for i in overview.recent(view, TODAY, 31)][-1] == "just out"
    assert len(overview.recent(view, TODAY, 31)) == 5
    assert [i.text for i in overview.recent(view, TODAY, 1)] == ["also today", "today"]


def test_recent_last_contact_comes_before_log_items_of_its_day() -> None:
    view = build(
        {"People/Kim.md": md(["last_contact: 2026-11-20"], "## Log", "- 2026-11-20 called")}
    )
    rows = [(i.line, i.text) for i in overview.recent(view, TODAY, 7)]
    assert rows == [(2, ""), (5, "called")]  # the property's line, then the item's


def test_recent_same_day_same_person_by_note_then_line() -> None:
    view = build(
        {
            "People/Kim.md": md(None, "## Log", "- 2026-11-20 second item", "- 2026-11-20 first"),
            "Daily/2026-11-20.md": md(None, "Met [[Kim]]."),
        }
    )
    rows = [(i.note, i.line) for i in overview.recent(view, TODAY, 7)]
    assert rows == [("Daily/2026-11-20.md", 1), ("People/Kim.md", 2), ("People/Kim.md", 3)]


# --- §6 follow-ups ---------------------------------------------------------------------------


def test_followups_due_first_soonest_first_then_by_person_source_line() -> None:
    view = build(
        {
            "People/Bo.md": md(
                None,
                "## Log",
                "- [ ] no date",
                "- [ ] late [due:: 2026-12-10]",
                "- [ ] soon 📅 2026-11-22",
            ),
            "People/al.md": md(None, "## Log", "- [ ] al no date", "- [ ] al late 📅 2026-12-10"),
            "Notes/b.md": md(None, "- [ ] ask [[Bo]] 📅 2026-11-22", "- [ ] and [[al]]"),
            "Notes/a.md": md(None, "- [ ] tell [[Bo]]"),
        }
    )
    rows = [(f.person, f.source, f.line, f.due) for f in overview.followups(view)]
    assert rows == [
        ("People/Bo.md", "Notes/b.md", 1, date(2026, 11, 22)),
        ("People/Bo.md", "People/Bo.md", 4, date(2026, 11, 22)),
        ("People/al.md", "People/al.md", 3, date(2026, 12, 10)),
        ("People/Bo.md", "People/Bo.md", 3, date(2026, 12, 10)),
        ("People/al.md", "Notes/b.md", 2, None),
        ("People/al.md", "People/al.md", 2, None),
        ("People/Bo.md", "Notes/a.md", 1, None),
        ("People/Bo.md", "People/Bo.md", 2, None),
    ]
    one = [(f.source, f.line, f.due) for f in overview.followups_of(view, "People/Bo.md")]
    assert one == [
        ("Notes/b.md", 1, date(2026, 11, 22)),
        ("People/Bo.md", 4, date(2026, 11, 22)),
        ("People/Bo.md", 3, date(2026, 12, 10)),
        ("Notes/a.md", 1, None),
        ("People/Bo.md", 2, None),
    ]
    assert overview.followups_of(view, "People/Nobody.md") == []
