"""Unit tests of the edition-2 rules a note's text alone decides (collect.py, dates.py)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest

from vaultkit.core.models import NoteFacts
from vaultkit.read.config import ParseOptions
from vaultkit.read.parse import parse
from vaultkit.text.daily_names import daily_date
from vaultkit.text.dates import DateValueError, leading_date, parse_date, read_cadence

parse_module = importlib.import_module("vaultkit.read.parse")
EU = ParseOptions(daily_folder="Journal", daily_format="DD.MM.YYYY")


def both(text: str, options: ParseOptions | None = None, path: str = "People/Jane.md") -> NoteFacts:
    """The facts, after checking that both readers (line scan, markdown-it) agree."""
    fast = parse(path, text, options)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parse_module, "walk_simple", lambda collector, body: False)
        slow = parse(path, text, options)
    assert fast == slow
    return fast


def logs(facts: NoteFacts) -> list[tuple[date, int, str]]:
    return [(i.date, i.line, i.text) for i in facts.log_items]


def bad_dates(facts: NoteFacts) -> list[int | None]:
    return [i.line for i in facts.issues if i.kind == "bad-date"]


# --- dates wherever they are read -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-11-20T10:30", date(2026, 11, 20)),
        ("2026-11-20 10:30", date(2026, 11, 20)),
        ("2026-11-20T23:30+02:00", date(2026, 11, 20)),
        ("2026-11-20T23:30:00Z", date(2026, 11, 20)),
        ("[[2026-11-20]]", date(2026, 11, 20)),
        ("[[Daily/2026-11-17|Tue]]", date(2026, 11, 17)),
        ("[[Daily/2026-11-17.md#Morning|Tue]]", date(2026, 11, 17)),
        ("[[18.11.2026]]", date(2026, 11, 18)),
        ([["2026-11-20"]], date(2026, 11, 20)),  # `date: [[2026-11-20]]` unquoted in YAML
    ],
)
def test_parse_date_forms(value: object, expected: date) -> None:
    assert parse_date(value, "DD.MM.YYYY") == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2026-02-30", "not a real date"),
        ("[[2026-02-30]]", "not a real date"),
        ("[[31.02.2026]]", "not a real date"),
        ("[[Jane]]", "link to a daily note"),
        ("20.11.2026", "expected a date"),
        ("yesterday", "expected a date"),
    ],
)
def test_parse_date_refuses(value: str, says: str) -> None:
    with pytest.raises(DateValueError, match=says):
        parse_date(value, "DD.MM.YYYY")


def test_a_daily_format_link_needs_the_daily_format() -> None:
    with pytest.raises(DateValueError):
        parse_date("[[18.11.2026]]")


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        ("2026-11-20 coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20: coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20, coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20 - coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20- coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20 – coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20—coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20 10:30 coffee", date(2026, 11, 20), "coffee"),
        ("2026-11-20T10:30+02:00 coffee", date(2026, 11, 20), "coffee"),
        ("**2026-11-20** coffee", date(2026, 11, 20), "coffee"),
        ("[[2026-11-20]] coffee", date(2026, 11, 20), "coffee"),
        ("[[Journal/2026/11/18.11.2026|Wed]]: coffee", date(2026, 11, 18), "coffee"),
        ("2026-11-20", date(2026, 11, 20), ""),
    ],
)
def test_leading_dates(text: str, expected: date, rest: str) -> None:
    found = leading_date(text, "DD.MM.YYYY")
    assert found is not None
    assert found[0] == expected
    assert text[found[1] :] == rest


@pytest.mark.parametrize(
    "text", ["coffee 2026-11-20", "2026-11-201", "20261120 x", "[[Jane]] said", "2026-11 x", ""]
)
def test_no_leading_date(text: str) -> None:
    assert leading_date(text, "DD.MM.YYYY") is None


# --- daily notes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "folder", "fmt", "expected"),
    [
        ("Journal/18.11.2026.md", "Journal", "DD.MM.YYYY", date(2026, 11, 18)),
        ("Journal/2026/11/18.11.2026.md", "Journal", "DD.MM.YYYY", date(2026, 11, 18)),
        ("journal/2026/18.11.2026.md", "Journal", "DD.MM.YYYY", date(2026, 11, 18)),
        ("Other/18.11.2026.md", "Journal", "DD.MM.YYYY", None),
        ("Notes/18.11.2026.md", "", "DD.MM.YYYY", date(2026, 11, 18)),
        ("Journal/2026/11/2026-11-18.md", "Journal", "YYYY/MM/YYYY-MM-DD", date(2026, 11, 18)),
        ("Journal/2026/12/2026-11-18.md", "Journal", "YYYY/MM/YYYY-MM-DD", None),  # MM twice
        ("Journal/2026-11-18.md", "Journal", "YYYY/MM/YYYY-MM-DD", None),
        ("Journal/2025/11/2026-11-18.md", "Journal", "YYYY/MM/YYYY-MM-DD", None),
        ("Journal/31.02.2026.md", "Journal", "DD.MM.YYYY", None),
    ],
)
def test_daily_format_matches_names_anywhere_under_the_folder(
    path: str, folder: str, fmt: str, expected: date | None
) -> None:
    assert daily_date(path, folder, fmt) == expected


# --- log sections, date headings --------------------------------------------------------------


@pytest.mark.parametrize("heading", ["## 📞 Interactions", "## — Log", "### ✍️ log:", "# Timeline"])
def test_log_headings_may_carry_emoji_and_punctuation(heading: str) -> None:
    facts = both(f"{heading}\n- 2026-11-20 coffee\n")
    assert logs(facts) == [(date(2026, 11, 20), 2, "coffee")]


def test_a_heading_named_like_a_log_after_other_words_is_not_one() -> None:
    assert logs(both("## My log\n- 2026-11-20 coffee\n")) == []


def test_date_headings_open_entries_to_the_next_heading_of_their_level() -> None:
    text = (
        "# Jane\n"
        "### 2026-11-19\n"
        "\n"
        "Coffee with [[Bob]].\n"
        "#### Details\n"
        "- also [[Ana]]\n"
        "### Notes\n"
        "Works with [[Oli]].\n"
        "## [[2026-11-10]] call\n"
        "## 2026-11-11\n"
        "### 2026-02-30\n"
    )
    facts = both(text)
    assert logs(facts) == [
        (date(2026, 11, 19), 2, "Coffee with [[Bob]]."),
        (date(2026, 11, 10), 9, "call"),  # an empty entry: the heading's own words
        (date(2026, 11, 11), 10, ""),
    ]
    by_target = {link.target: link.log_line for link in facts.links}
    assert by_target["Bob"] == 2
    assert by_target["Ana"] == 2  # a lower heading stays inside the entry
    assert by_target["Oli"] is None  # a heading of the same level ends it
    assert bad_dates(facts) == [11]


# --- list items: nesting, tasks, done dates -------------------------------------------------


def test_nested_items_belong_to_their_dated_log_item() -> None:
    facts = both("## Log\n- 2026-11-20 dinner\n  - with [[Bob]]\n    - and [[Ana]]\n- [[Oli]]\n")
    assert {k.target: k.log_line for k in facts.links} == {"Bob": 2, "Ana": 2, "Oli": None}


def test_nested_items_belong_to_their_task() -> None:
    text = "- [ ] plan the trip\n  - ask [[Bob]]\n    - [x] booked with [[Ana]]\n- [[Oli]]\n"
    facts = both(text)
    found = {k.target: (k.task, k.task_line) for k in facts.links}
    assert found == {"Bob": ("open", 1), "Ana": ("done", 3), "Oli": (None, None)}


def test_done_dates_and_due_dates_of_tasks() -> None:
    text = (
        "- [x] called [[Bob]] ✅ 2026-11-21\n"
        "- [x] wrote [completion:: 2026-11-22]\n"
        "- [ ] visit 📅 2026-12-01 ✅ 2026-11-01\n"
        "- [x] lunch 📅 2026-11-31\n"
        "- [x] swim ✅ 2026-02-30\n"
    )
    facts = both(text)
    found = [(t.line, t.state, t.due, t.done) for t in facts.tasks]
    assert found == [
        (1, "done", None, date(2026, 11, 21)),
        (2, "done", None, date(2026, 11, 22)),
        (3, "open", date(2026, 12, 1), None),  # an open task is not done, whatever it says
        (4, "done", None, None),
        (5, "done", None, None),
    ]
    assert bad_dates(facts) == [4, 5]


def test_a_done_task_in_a_log_is_dated_by_its_done_date() -> None:
    facts = both("## Log\n- [x] 2026-11-19 call ✅ 2026-11-21\n- [x] wrote back ✅ 2026-11-22\n")
    assert [(i.date, i.line) for i in facts.log_items] == [
        (date(2026, 11, 21), 2),
        (date(2026, 11, 22), 3),
    ]


def test_struck_through_text_hides_links_and_tags() -> None:
    facts = both("Lunch ~~with [[Bob]] #person~~ alone, then [[Ana]].\n")
    assert [k.target for k in facts.links] == ["Ana"]
    assert facts.body_tags == frozenset()


# --- template placeholders ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# {{title}}\n", 1),
        ("Made {{date:YYYY-MM-DD}}\n", 1),
        ("x\n\n<% tp.date.now() %>\n", 3),
        ("---\ncreated: <% tp.file.creation_date() %>\n---\nx\n", 2),
        ("{{date}} and {{time}}\n", 1),
    ],
)
def test_template_placeholders_are_one_issue_per_note(text: str, line: int) -> None:
    found = [i for i in both(text, path="Notes/x.md").issues if i.kind == "template-placeholder"]
    assert [i.line for i in found] == [line]


@pytest.mark.parametrize("text", ["{a}", "{{name}}", "`{{date}}`", "```\n{{date}}\n```\n", "<b>"])
def test_not_placeholders(text: str) -> None:
    assert not [i for i in both(text, path="Notes/x.md").issues if i.kind != "front-matter"]


# --- cadences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("every other day", (2, 2)),
        ("every other week", (14, 14)),
        ("every other month", (60, 60)),
        ("every other year", (730, 730)),
        ("4-6 weeks", (28, 42)),
        ("every 2-3 months", (60, 90)),
        ("30-45", (30, 45)),
        ("1–2 w", (7, 14)),
        ("3-3 days", (3, 3)),
        ("none", None),
        ("None", None),
    ],
)
def test_cadence_windows_and_words(value: str, expected: tuple[int, int] | None) -> None:
    assert read_cadence(value) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("biweekly", "every other week"),
        ("bi-monthly", "every other month"),
        (0, "write 'none'"),
        (-3, "at least 1 day"),
        ("-3", "at least 1 day"),
        ("0-3 weeks", "at least 1 day"),
        ("6-4 weeks", "shorter to the longer"),
        ("sometimes", "a window like '4-6 weeks'"),
    ],
)
def test_cadences_refused_with_a_suggestion(value: object, says: str) -> None:
    with pytest.raises(DateValueError, match=says):
        read_cadence(value)
