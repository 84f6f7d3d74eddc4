"""VAULT_FORMAT §4 (edition 3): every line stands on its own after a list item, and date
headings date the links in their entry in any note. Problems 1 and 6 of issue 22, as a new
user met them in their first week."""

from __future__ import annotations

from datetime import date

import pytest
from rulehelp import build, md

from vaultkit.engine.index import VaultView
from vaultkit.read.config import Config
from vaultkit.read.parse import parse

PEOPLE = {
    f"People/{name}.md": md(["tags: [person]"])
    for name in ("Tom Becker", "Sofia Russo", "Jonas Weber", "Priya Shah", "Ana Lima")
}


def _view(notes: dict[str, str]) -> VaultView:
    return build({**PEOPLE, **notes})


def _contacts(view: VaultView, name: str) -> list[tuple[date, str, int | None, str]]:
    found = view.interactions.get(f"People/{name}.md", [])
    return sorted((i.date, i.note, i.line, i.text) for i in found)


def _followups(view: VaultView, name: str) -> list[str]:
    return sorted(f.text for f in view.followups.get(f"People/{name}.md", []))


def test_a_line_typed_right_after_a_done_task_is_its_own_contact() -> None:
    view = _view(
        {
            "Daily/2026-11-26.md": md(
                None,
                "- [x] Ask [[Tom Becker]] for the Q4 numbers ✅ 2026-11-25",
                "Met [[Sofia Russo]] at the neighbours' party.",
            )
        }
    )
    assert _contacts(view, "Sofia Russo") == [
        (
            date(2026, 11, 26),
            "Daily/2026-11-26.md",
            2,
            "Met [[Sofia Russo]] at the neighbours' party.",
        )
    ]
    assert _contacts(view, "Tom Becker") == [
        (
            date(2026, 11, 25),
            "Daily/2026-11-26.md",
            1,
            "Ask [[Tom Becker]] for the Q4 numbers ✅ 2026-11-25",
        )
    ]


def test_a_line_typed_right_after_an_open_task_is_contact_and_no_promise() -> None:
    view = _view(
        {
            "Daily/2026-11-27.md": md(
                None,
                "- [ ] Introduce [[Jonas Weber]] to someone at Acme? 📅 2026-12-01",
                "[[Priya Shah]] texted: she is moving to Berlin #ask/housing",
            )
        }
    )
    assert _followups(view, "Priya Shah") == []
    assert _followups(view, "Jonas Weber") == [
        "Introduce [[Jonas Weber]] to someone at Acme? 📅 2026-12-01"
    ]
    assert [c[0] for c in _contacts(view, "Priya Shah")] == [date(2026, 11, 27)]
    assert [(n.person, n.topic) for n in view.needs.get("People/Priya Shah.md", [])] == [
        ("People/Priya Shah.md", "housing")
    ]


def test_a_line_typed_right_after_a_log_item_is_not_part_of_that_interaction() -> None:
    view = _view(
        {
            "People/Tom Becker.md": md(
                ["tags: [person]"],
                "## Log",
                "- 2026-11-20 called [[Ana Lima]]",
                "Met [[Sofia Russo]] later",
            )
        }
    )
    assert _contacts(view, "Ana Lima") == [
        (date(2026, 11, 20), "People/Tom Becker.md", 5, "called [[Ana Lima]]")
    ]
    assert _contacts(view, "Sofia Russo") == []  # a person note outside its log: a mention


@pytest.mark.parametrize("indent", ["  ", "      "])
def test_a_line_indented_under_a_task_still_belongs_to_it(indent: str) -> None:
    view = _view(
        {
            "Daily/2026-11-27.md": md(
                None, "- [ ] Plan the trip 📅 2026-12-01", f"{indent}with [[Priya Shah]]"
            )
        }
    )
    assert _followups(view, "Priya Shah") == ["Plan the trip 📅 2026-12-01"]
    assert _contacts(view, "Priya Shah") == []


def test_both_readers_read_a_line_after_a_task_as_its_own_paragraph() -> None:
    text = "- [x] Ask [[Tom]] ✅ 2026-11-25\nMet [[Sofia]]\n"
    facts = parse("Daily/2026-11-26.md", text, Config().parse_options)
    sofia = next(link for link in facts.links if link.target == "Sofia")
    assert (sofia.line, sofia.task, sofia.task_line) == (2, None, None)


# --- date headings in any note ----------------------------------------------------------------


def test_date_headings_in_a_meeting_series_note_are_contact_on_their_dates() -> None:
    view = _view(
        {
            "Notes/Book club.md": md(
                None,
                "# Book club",
                "Members: [[Ana Lima]]",
                "## 2026-12-02",
                "With [[Sofia Russo]] and [[Tom Becker]]: *Middlemarch*",
                "- [[Sofia Russo]] brings the next book",
                "## 2026-12-09 — second meeting",
                "[[Sofia Russo]] only",
                "- [ ] send [[Tom Becker]] the notes",
            )
        }
    )
    assert _contacts(view, "Sofia Russo") == [
        (
            date(2026, 12, 2),
            "Notes/Book club.md",
            4,
            "With [[Sofia Russo]] and [[Tom Becker]]: *Middlemarch*",
        ),
        (date(2026, 12, 9), "Notes/Book club.md", 7, "[[Sofia Russo]] only"),
    ]
    assert [c[0] for c in _contacts(view, "Tom Becker")] == [date(2026, 12, 2)]
    assert _contacts(view, "Ana Lima") == []  # before the first date heading: a mention


def test_a_date_heading_wins_over_the_dated_notes_own_date() -> None:
    view = _view(
        {
            "Daily/2026-12-03.md": md(
                None, "Saw [[Ana Lima]]", "## 2026-12-01 (catching up)", "Lunch with [[Tom Becker]]"
            )
        }
    )
    assert [c[0] for c in _contacts(view, "Ana Lima")] == [date(2026, 12, 3)]
    assert [c[0] for c in _contacts(view, "Tom Becker")] == [date(2026, 12, 1)]


def test_a_date_heading_entry_ends_at_the_next_heading_of_its_level() -> None:
    view = _view(
        {
            "Notes/Book club.md": md(
                None,
                "## 2026-12-02",
                "### Who came",
                "[[Sofia Russo]]",
                "## Reading list",
                "[[Tom Becker]] recommends it",
            )
        }
    )
    assert [c[0] for c in _contacts(view, "Sofia Russo")] == [date(2026, 12, 2)]
    assert _contacts(view, "Tom Becker") == []


def test_a_line_after_a_task_inside_a_quote_stands_on_its_own_too() -> None:
    text = "> - [ ] Call [[Tom]] 📅 2026-12-01\n> Met [[Sofia]]\n"
    facts = parse("Daily/2026-11-26.md", text, Config().parse_options)  # markdown-it's
    found = {link.target: (link.line, link.task) for link in facts.links}
    assert found == {"Tom": (1, "open"), "Sofia": (2, None)}
