"""VAULT_FORMAT §16: dates that matter. One test per rule: every form of a date (the
birthday's: `YYYY-MM-DD`, `--MM-DD`, `MM-DD`, with a time), `dates:` and a top-level
`anniversary`, impossible dates reported with their line, no longer custom fields; each date
every year (29 February on 28 February in common years), the years since ("10 years",
"turns 7"), the window and the order, archived people left out; then `vaultkit dates` (text
and JSON), the API, `show`, the page's "Other dates", the calendar feed parsed back, the
digest's `birthday` group and the person block."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from rulehelp import build, md
from vaulthelp import make_vault, vk, vk_json

import vaultkit
from vaultkit.reports import dates

TODAY = date(2026, 11, 25)
ANA = "People/Ana Silva.md"
BEN = "People/Ben Carter.md"


def _dates(*front: str) -> tuple[tuple[str, tuple[int | None, int, int]], ...]:
    return build({ANA: md(list(front))}).people[ANA].dates


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-06-20", (2015, 6, 20)),
        ('"2015-06-20"', (2015, 6, 20)),
        ("--06-20", (None, 6, 20)),
        ('"--06-20"', (None, 6, 20)),
        ("06-20", (None, 6, 20)),
        ("6-2", (None, 6, 2)),
        ("2015-06-20T10:30", (2015, 6, 20)),  # a time after the date is ignored
        ("2000-02-29", (2000, 2, 29)),
        ("--02-29", (None, 2, 29)),
    ],
)
def test_every_form_of_a_date_in_dates_and_in_anniversary(
    value: str, expected: tuple[int | None, int, int]
) -> None:
    assert _dates("dates:", f"  started at Acme: {value}") == (("started at Acme", expected),)
    assert _dates(f"dates: {{first date: {value}}}") == (("first date", expected),)
    assert _dates(f"anniversary: {value}") == (("anniversary", expected),)


def test_dates_keep_their_labels_in_the_order_written_and_anniversary_after_them() -> None:
    found = _dates(
        "anniversary: 2015-06-20", "dates:", "  Mia's birthday: 2019-04-02", "  Started: --01-08"
    )
    assert found == (
        ("Mia's birthday", (2019, 4, 2)),
        ("Started", (None, 1, 8)),
        ("anniversary", (2015, 6, 20)),
    )


def test_dates_and_anniversary_are_not_custom_fields() -> None:
    view = build({ANA: md(["anniversary: 2015-06-20", "dates: {x: --01-08}", "email: a@b.c"])})
    assert view.people[ANA].fields == (("email", "a@b.c"),)


@pytest.mark.parametrize(
    ("front", "line", "message", "kept"),
    [
        (["dates:", "  wedding: 2015-02-30", "  job: 2020-01-01"], 2, "'wedding': '2015-02-30'", 1),
        (["dates: {wedding: 02-31}"], 2, "is not a real date", 0),
        (["dates: {wedding: June}"], 2, "expected a date like 2015-06-20 or --06-20", 0),
        (["cadence: weekly", "anniversary: 2015-13-01"], 3, "is not a real date", 0),
        (["dates: 2015-06-20"], 2, "expected labels with dates", 0),
        (["dates: [a, b]"], 2, "expected labels with dates", 0),
        (["dates: {anniversary: 2015-06-20}", "anniversary: 2016-06-20"], 3, "also written", 1),
    ],
)
def test_an_impossible_date_is_reported_with_its_line(
    front: list[str], line: int, message: str, kept: int
) -> None:
    view = build({ANA: md(front)})
    (issue,) = view.issues
    assert (issue.kind, issue.path, issue.line) == ("bad-dates", ANA, line)
    assert message in issue.message
    assert len(view.people[ANA].dates) == kept


def test_an_empty_date_is_no_date_and_no_issue() -> None:
    view = build({ANA: md(["dates:", "  wedding:", "anniversary: ''"])})
    assert view.people[ANA].dates == () and view.issues == []
    assert view.people[ANA].fields == ()  # nor a custom field


# --- every year, the years since, the window ---------------------------------------------------


def _coming(notes: dict[str, str], today: date = TODAY, within: int = 30) -> list[Any]:
    return [
        (o.person.name, o.label, o.date, o.in_days, o.years)
        for o in dates.coming(build(notes), today, within)
    ]


def test_each_date_comes_back_every_year_with_the_years_since() -> None:
    notes = {ANA: md(["dates:", "  anniversary: 2016-11-28", "  Mia's birthday: 2019-12-10"])}
    assert _coming(notes) == [
        ("Ana Silva", "anniversary", date(2026, 11, 28), 3, 10),
        ("Ana Silva", "Mia's birthday", date(2026, 12, 10), 15, 7),
    ]
    # across the new year
    assert _coming(notes, date(2026, 12, 20), 365)[0][1:] == (
        "anniversary",
        date(2027, 11, 28),
        343,
        11,
    )


def test_29_february_falls_on_28_february_in_common_years() -> None:
    notes = {ANA: md(["anniversary: 2012-02-29"])}
    assert _coming(notes, date(2027, 2, 20)) == [
        ("Ana Silva", "anniversary", date(2027, 2, 28), 8, 15)
    ]
    assert _coming(notes, date(2028, 2, 20)) == [
        ("Ana Silva", "anniversary", date(2028, 2, 29), 9, 16)
    ]


def test_years_are_unknown_without_a_year_and_for_a_year_still_ahead() -> None:
    notes = {ANA: md(["dates: {a: --11-26, b: 2030-11-27}"])}
    assert [row[4] for row in _coming(notes)] == [None, None]


@pytest.mark.parametrize(
    ("label", "years", "text"),
    [
        ("anniversary", 10, "10 years"),
        ("started at Acme", 1, "1 year"),
        ("Mia's birthday", 7, "turns 7"),
        ("Mia's Birthday", 7, "turns 7"),
        ("birthday party", 7, "7 years"),
        ("anniversary", None, ""),
        ("anniversary", 0, ""),  # the first one is no anniversary yet
    ],
)
def test_years_text(label: str, years: int | None, text: str) -> None:
    assert dates.years_text(label, years) == text


def test_the_window_includes_today_and_its_last_day_and_the_order_is_soonest_then_name() -> None:
    notes = {
        "People/b.md": md(["anniversary: --11-25"]),  # today
        "People/a.md": md(["dates: {x: --12-25, y: --11-25}"]),  # today + 30, and today
        "People/c.md": md(["anniversary: --12-26"]),  # today + 31: outside
        "People/d.md": md(["anniversary: --11-24"]),  # yesterday: next year
        "People/e.md": md(["birthday: --11-25", "anniversary: --11-25"]),
    }
    assert [(n, label, d) for n, label, _, d, _ in _coming(notes)] == [
        ("a", "y", 0),
        ("b", "anniversary", 0),
        ("e", "birthday", 0),  # a person's birthday before their other dates of the day
        ("e", "anniversary", 0),
        ("a", "x", 30),
    ]
    assert [o.label for o in dates.other_dates(build(notes), TODAY, 0)] == [
        "y",
        "anniversary",
        "anniversary",
    ]


def test_archived_peoples_dates_are_left_out() -> None:
    view = build({ANA: md(["anniversary: --11-26", "archived: true"])})
    assert dates.coming(view, TODAY, 30) == []
    assert dates.show_dates(view.people[ANA], TODAY)[0].label == "anniversary"  # show: as written


# --- vaultkit dates, the API, show -------------------------------------------------------------

VAULT = {
    ANA: md(["birthday: 1990-11-27", "dates: {started at Acme: --12-07}"], "# Ana Silva"),
    BEN: md(["cadence: monthly", "last_contact: 2026-11-24", "anniversary: 2016-11-28"]),
    "People/Old.md": md(["archived: true", "anniversary: 2000-11-26"]),
}


def test_dates_json_is_birthdays_and_dates_together(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    assert vk_json(vault, "dates") == [
        {
            "name": "Ana Silva",
            "note": ANA,
            "label": "birthday",
            "date": "1990-11-27",
            "next": "2026-11-27",
            "years": 36,
        },
        {
            "name": "Ben Carter",
            "note": BEN,
            "label": "anniversary",
            "date": "2016-11-28",
            "next": "2026-11-28",
            "years": 10,
        },
        {
            "name": "Ana Silva",
            "note": ANA,
            "label": "started at Acme",
            "date": "--12-07",
            "next": "2026-12-07",
            "years": None,
        },
    ]
    assert [d["label"] for d in vk_json(vault, "dates", "--within", "2")] == ["birthday"]


def test_dates_as_text(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    lines = vk(vault, "dates").stdout.splitlines()
    assert lines[2].split() == ["2026-11-27", "2", "Ana", "Silva", "birthday", "turns", "36"]
    assert lines[3].split() == ["2026-11-28", "3", "Ben", "Carter", "anniversary", "10", "years"]
    assert len(lines) == 5
    none = vk(vault, "dates", "--within", "0")
    assert none.stdout == "No birthdays or other dates in the next 0 days.\n"


def test_the_api_gives_typed_dates(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    found = vaultkit.open_vault(vault, today=TODAY, cache=False).dates(within=3)
    assert [(d.name, d.label, d.next, d.years) for d in found] == [
        ("Ana Silva", "birthday", date(2026, 11, 27), 36),
        ("Ben Carter", "anniversary", date(2026, 11, 28), 10),
    ]
    assert isinstance(found[0], vaultkit.UpcomingDate)
    assert [d.to_json() for d in found] == vk_json(vault, "dates", "--within", "3")


def test_show_lists_the_dates(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    data = vk_json(vault, "show", "Ben Carter")
    assert data["dates"] == [
        {"label": "anniversary", "date": "2016-11-28", "next": "2026-11-28", "years": 10}
    ]
    assert "anniversary" not in data["fields"]
    assert (
        "  anniversary: 2016-11-28 (next 2026-11-28, 10 years)"
        in vk(vault, "show", "Ben Carter").stdout.splitlines()
    )


# --- the page, the feed, the digest, the person block ------------------------------------------


def test_upcoming_birthdays_has_a_table_of_other_dates(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "Upcoming birthdays.md").read_text(encoding="utf-8")
    other = page[page.index("## Other dates") :]
    assert other.splitlines()[2:] == [
        "| When | Who | What | Years |",
        "|---|---|---|---|",
        "| 2026-11-28 (in 3 days) | [[People/Ben Carter\\|Ben Carter]] | anniversary | 10 years |",
        "| 2026-12-07 (in 12 days) | [[People/Ana Silva\\|Ana Silva]] | started at Acme |  |",
    ]
    empty = make_vault(tmp_path, {ANA: md(["birthday: 1990-11-27"])}, name="empty")
    assert vk(empty, "sync").exit_code == 0
    page = (empty / "Vaultkit" / "Upcoming birthdays.md").read_text(encoding="utf-8")
    assert "## Other dates\n\nNo other dates coming up" in page


def _yearly_events(data: bytes) -> dict[str, list[Any]]:
    """UID -> (summary, start, rrule) of every event of kind `date`, read by icalendar."""
    found: dict[str, list[Any]] = {}
    for event in Calendar.from_ical(data).events:
        if str(event.categories[0]) == "date":
            rule = event.get("RRULE")
            found.setdefault(str(event["UID"]), []).append(
                (
                    str(event["SUMMARY"]),
                    event.decoded("DTSTART"),
                    dict(rule) if rule is not None else None,
                    event.get("RECURRENCE-ID") is not None,
                )
            )
    return found


def test_the_feed_holds_each_date_as_a_yearly_event_with_stable_uids(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**VAULT, "People/Lea.md": md(["dates: {wedding: 2012-02-29}"])})
    feed = vaultkit.open_vault(vault, today=TODAY, cache=False).ics()
    events = _yearly_events(feed)
    yearly = sorted(x[:3] for found in events.values() for x in found if x[2])
    assert yearly == [
        ("Anniversary: Ben Carter", date(2016, 11, 28), {"FREQ": ["YEARLY"]}),
        ("Started at Acme: Ana Silva", date(2000, 12, 7), {"FREQ": ["YEARLY"]}),
        (
            "Wedding: Lea",
            date(2012, 2, 29),
            {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]},
        ),
    ]
    assert len(events) == 3  # one UID per date; the archived person's is left out
    ben = next(e for e in events.values() if e[0][0].startswith("Anniversary"))
    assert ("Anniversary: Ben Carter (10 years)", date(2026, 11, 28), None, True) in ben
    later = vaultkit.open_vault(vault, today=date(2027, 3, 1), cache=False).ics()
    assert set(_yearly_events(later)) == set(events)  # the same UIDs on another day


def test_the_digest_lists_a_date_in_the_birthday_group(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    entries = {e["name"]: e for e in vk_json(vault, "digest")}
    ben = entries["Ben Carter"]
    assert ben["group"] == "birthday"
    assert ben["reasons"] == [
        {
            "kind": "birthday",
            "days": 3,
            "date": "2026-11-28",
            "age": None,
            "label": "anniversary",
            "years": 10,
        }
    ]
    assert entries["Ana Silva"]["reasons"][0]["label"] is None
    assert "Old" not in entries
    assert (
        "Ben Carter — Anniversary in 3 days (2026-11-28), 10 years." in vk(vault, "digest").stdout
    )
    # the window is today and the N-1 days after it
    assert "Ben Carter" not in {e["name"] for e in vk_json(vault, "digest", "--days", "3")}
    assert "Ben Carter" in {e["name"] for e in vk_json(vault, "digest", "--days", "4")}


def test_the_person_block_shows_coming_dates(tmp_path: Path) -> None:
    marked = "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->"
    notes = {**VAULT, BEN: md(["anniversary: 2016-11-28", "dates: {x: --03-01}"], marked)}
    vault = make_vault(tmp_path, notes)
    assert vk(vault, "sync").exit_code == 0
    text = (vault / BEN).read_text(encoding="utf-8")
    assert "- **Coming dates:** anniversary 2026-11-28 (in 3 days, 10 years)\n" in text


def test_a_bad_date_is_on_the_issues_page_and_in_doctor(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {ANA: md(["dates:", "  wedding: 2015-02-30"])})
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "Vault issues.md").read_text(encoding="utf-8")
    assert "Dates that matter vaultkit does not understand" in page
    doctor = vk(vault, "doctor")
    assert doctor.exit_code == 1
    assert "People/Ana Silva.md:2" in doctor.stdout and "'wedding': '2015-02-30'" in doctor.stdout
