"""VAULT_FORMAT §4, §6, §7 (and the front matter of §3) at the level of one note: `parse`."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from vaultkit.core.models import Issue, Link, NoteFacts
from vaultkit.read.config import ParseOptions
from vaultkit.read.parse import parse
from vaultkit.read.scan import decode_note


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def targets(facts: NoteFacts) -> list[tuple[str, int]]:
    return [(link.target, link.line) for link in facts.links]


def body_targets(facts: NoteFacts) -> list[str]:
    return [link.target for link in facts.links if not link.in_frontmatter]


def only_link(facts: NoteFacts) -> Link:
    assert len(facts.links) == 1, facts.links
    return facts.links[0]


def issues_of(facts: NoteFacts, kind: str) -> list[Issue]:
    return [i for i in facts.issues if i.kind == kind]


# --- front matter ----------------------------------------------------------------------------


def test_valid_front_matter_values_and_lines() -> None:
    facts = parse(
        "People/Jane Doe.md",
        lines(
            "---",
            "name: Jane Doe",
            "aliases: [Jane, JD]",
            "cadence: monthly",
            "email: jane@example.com",
            "archived: false",
            "---",
            "Hello.",
        ),
    )
    assert facts.has_frontmatter is True
    assert facts.props == {
        "name": "Jane Doe",
        "aliases": ["Jane", "JD"],
        "cadence": "monthly",
        "email": "jane@example.com",
        "archived": False,
    }
    assert facts.prop_lines == {"name": 2, "aliases": 3, "cadence": 4, "email": 5, "archived": 6}
    assert facts.issues == ()


def test_no_front_matter() -> None:
    facts = parse("a.md", "Just text [[Jane]]\n")
    assert facts.has_frontmatter is False
    assert facts.props == {}
    assert targets(facts) == [("Jane", 1)]


def test_invalid_yaml_is_reported_at_its_file_line() -> None:
    facts = parse(
        "People/Jane.md",
        lines("---", "name: Jane", "  bad: indent", "cadence: weekly", "---", "See [[Bob]]"),
    )
    assert facts.props == {}
    assert len(facts.issues) == 1
    issue = facts.issues[0]
    assert (issue.kind, issue.path, issue.line) == ("front-matter", "People/Jane.md", 3)
    assert "invalid YAML" in issue.message
    # the body is still read, with file line numbers
    assert targets(facts) == [("Bob", 6)]


def test_invalid_yaml_bad_token_line() -> None:
    facts = parse("n.md", lines("---", "a: 1", "b: 2", "c: @oops", "---", "body"))
    assert [(i.kind, i.line) for i in facts.issues] == [("front-matter", 4)]
    assert facts.props == {}


@pytest.mark.parametrize(
    "yaml_text",
    [["- a", "- b"], ["just a sentence"], ["42"]],
)
def test_front_matter_that_is_not_a_mapping_is_reported(yaml_text: list[str]) -> None:
    facts = parse("n.md", lines("---", *yaml_text, "---", "[[Jane]]"))
    assert facts.props == {}
    assert [i.kind for i in facts.issues] == ["front-matter"]
    assert facts.issues[0].line == 2
    assert "mapping" in facts.issues[0].message
    assert targets(facts) == [("Jane", len(yaml_text) + 3)]


def test_unclosed_front_matter_is_reported() -> None:
    facts = parse("n.md", lines("---", "name: Jane", "cadence: weekly"))
    assert facts.props == {}
    assert [(i.kind, i.line) for i in facts.issues] == [("front-matter", 1)]
    assert "never closed" in facts.issues[0].message


def test_empty_front_matter() -> None:
    facts = parse("n.md", lines("---", "---", "Body [[Jane]]"))
    assert facts.has_frontmatter is True
    assert facts.props == {}
    assert facts.issues == ()
    assert targets(facts) == [("Jane", 3)]


def test_front_matter_closed_by_dots() -> None:
    facts = parse("n.md", lines("---", "name: Jane", "...", "[[Bob]]"))
    assert facts.props == {"name": "Jane"}
    assert targets(facts) == [("Bob", 4)]


def test_bom_is_stripped_before_parsing() -> None:
    data = "\ufeff---\nname: Jane\ncadence: weekly\n---\nMet [[Bob]]\n".encode()
    text, problem = decode_note("People/Jane.md", data, 1024 * 1024)
    assert problem is None
    assert text is not None
    assert not text.startswith("\ufeff")
    facts = parse("People/Jane.md", text)
    assert facts.props == {"name": "Jane", "cadence": "weekly"}
    assert targets(facts) == [("Bob", 5)]


def test_crlf_gives_the_same_facts_and_line_numbers_as_lf() -> None:
    text = lines(
        "---",
        "name: Jane",
        "last_contact: 2026-11-01",
        "  bad: indent",
        "---",
        "Hello [[Bob]]",
        "",
        "## Log",
        "- 2026-11-20: coffee with [[Carol]]",
        "- [ ] call [[Dan]] 📅 2026-11-28",
    )
    lf = parse("People/Jane.md", text)
    crlf = parse("People/Jane.md", text.replace("\n", "\r\n"))
    assert crlf == lf
    assert [i.line for i in crlf.issues] == [4]
    assert targets(crlf) == [("Bob", 6), ("Carol", 9), ("Dan", 10)]
    assert [(i.date, i.line) for i in crlf.log_items] == [(date(2026, 11, 20), 9)]
    assert [(t.line, t.due) for t in crlf.tasks] == [(10, date(2026, 11, 28))]
    assert crlf.links[0].text == "Hello [[Bob]]"


def test_crlf_front_matter_lines() -> None:
    text = "---\r\nname: Jane\r\ncadence: weekly\r\n---\r\n[[Bob]]\r\n"
    facts = parse("People/Jane.md", text)
    assert facts.props == {"name": "Jane", "cadence": "weekly"}
    assert facts.prop_lines == {"name": 2, "cadence": 3}
    assert targets(facts) == [("Bob", 5)]


def test_yaml_1_2_scalars_stay_strings() -> None:
    facts = parse(
        "n.md",
        lines(
            "---",
            "a: yes",
            "b: no",
            "c: 12:30",
            "d: on",
            "e: off",
            "f: 2026-11-20",
            "g: 2026-02-30",
            "h: true",
            "i: 3",
            "j: 1.5",
            "k: ~",
            "---",
        ),
    )
    assert facts.props == {
        "a": "yes",
        "b": "no",
        "c": "12:30",
        "d": "on",
        "e": "off",
        "f": "2026-11-20",
        "g": "2026-02-30",
        "h": True,
        "i": 3,
        "j": 1.5,
        "k": None,
    }
    assert facts.issues == ()


def test_duplicate_keys_are_reported_and_the_last_value_wins() -> None:
    facts = parse(
        "People/Jane.md",
        lines("---", "name: Jane", "cadence: weekly", "cadence: monthly", "---"),
    )
    assert facts.props["cadence"] == "monthly"
    assert [(i.kind, i.line) for i in facts.issues] == [("front-matter", 4)]
    assert "cadence" in facts.issues[0].message


def test_python_tags_are_rejected_and_never_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[object] = []

    def fake_system(cmd: object) -> int:
        calls.append(cmd)
        return 0

    monkeypatch.setattr(os, "system", fake_system)
    marker = tmp_path / "ran"
    facts = parse(
        "People/Jane.md",
        lines(
            "---",
            "name: Jane",
            'x: !!python/object/apply:os.system ["echo hi"]',
            f'y: !!python/object/apply:os.system ["touch {marker}"]',
            "---",
            "[[Bob]]",
        ),
    )
    assert calls == []
    assert not marker.exists()
    assert facts.props == {}
    assert [(i.kind, i.line) for i in facts.issues] == [("front-matter", 3)]
    assert "invalid YAML" in facts.issues[0].message
    assert targets(facts) == [("Bob", 6)]


def test_keys_are_case_insensitive_and_dash_is_underscore() -> None:
    facts = parse(
        "People/Jane.md",
        lines(
            "---", "Last-Contact: 2026-11-01", "SNOOZE_UNTIL: 2026-12-01", "Cadence: weekly", "---"
        ),
    )
    assert facts.props == {
        "last_contact": "2026-11-01",
        "snooze_until": "2026-12-01",
        "cadence": "weekly",
    }
    assert facts.prop_keys == {
        "last_contact": "Last-Contact",
        "snooze_until": "SNOOZE_UNTIL",
        "cadence": "Cadence",
    }
    assert facts.prop_lines == {"last_contact": 2, "snooze_until": 3, "cadence": 4}


# --- the date of a note (§4) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "front", "expected"),
    [
        ("Meetings/Kickoff.md", ["date: 2026-11-20"], date(2026, 11, 20)),
        ("Meetings/Kickoff.md", ["Date: 2026-11-20T10:30"], date(2026, 11, 20)),
        ("Meetings/Kickoff.md", ["day: 2026-11-19"], date(2026, 11, 19)),
        ("Meetings/Kickoff.md", ["date: 2026-11-20", "day: 2026-11-19"], date(2026, 11, 20)),
        ("Meetings/2026-11-18 Kickoff.md", ["date: 2026-11-20"], date(2026, 11, 20)),
        ("Meetings/2026-11-18 Kickoff.md", [], date(2026, 11, 18)),
        ("Meetings/Kickoff 2026-11-18.md", [], date(2026, 11, 18)),
        ("2026-11-18.md", [], date(2026, 11, 18)),
        ("Meetings/Kickoff.md", [], None),
        ("Meetings/Kickoff.md", ["title: x"], None),
        ("Meetings/Kickoff 20261118.md", [], None),
    ],
)
def test_note_date(relpath: str, front: list[str], expected: date | None) -> None:
    text = lines("---", *front, "---", "x") if front else "x\n"
    assert parse(relpath, text).date == expected


def test_bad_front_matter_date_is_reported_and_the_file_name_is_used() -> None:
    facts = parse(
        "Meetings/2026-11-18 Kickoff.md", lines("---", "title: K", "date: 2026-02-30", "---")
    )
    assert facts.date == date(2026, 11, 18)
    assert [(i.kind, i.line) for i in facts.issues] == [("bad-date", 3)]
    assert "2026-02-30" in facts.issues[0].message


def test_impossible_date_in_file_name_is_not_a_date() -> None:
    assert parse("Notes/2026-02-30.md", "x\n").date is None


def test_daily_note_format_in_the_daily_folder() -> None:
    opts = ParseOptions(daily_folder="Daily", daily_format="DD.MM.YYYY")
    assert parse("Daily/20.11.2026.md", "x\n", opts).date == date(2026, 11, 20)
    assert parse("daily/20.11.2026.md", "x\n", opts).date == date(2026, 11, 20)
    assert parse("Other/20.11.2026.md", "x\n", opts).date is None
    assert parse("20.11.2026.md", "x\n", opts).date is None


def test_daily_note_format_with_folders_in_it() -> None:
    opts = ParseOptions(daily_folder="Journal", daily_format="YYYY/MM/dddd, MMMM Do YYYY")
    facts = parse("Journal/2026/11/Friday, November 20th 2026.md", "x\n", opts)
    assert facts.date == date(2026, 11, 20)


def test_daily_note_format_at_the_vault_root() -> None:
    opts = ParseOptions(daily_folder="", daily_format="DD.MM.YYYY")
    assert parse("20.11.2026.md", "x\n", opts).date == date(2026, 11, 20)


def test_front_matter_date_beats_the_daily_format() -> None:
    opts = ParseOptions(daily_folder="Daily", daily_format="DD.MM.YYYY")
    facts = parse("Daily/20.11.2026.md", lines("---", "date: 2026-11-21", "---"), opts)
    assert facts.date == date(2026, 11, 21)


# --- links (§7) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "target"),
    [
        ("[[Jane Doe]]", "Jane Doe"),
        ("[[Jane Doe.md]]", "Jane Doe"),
        ("[[Jane Doe|Jane]]", "Jane Doe"),
        ("[[Jane Doe#Contact]]", "Jane Doe"),
        ("[[Jane Doe#^abc123]]", "Jane Doe"),
        ("[[Jane Doe#Contact|Jane]]", "Jane Doe"),
        ("[[People/Jane Doe]]", "People/Jane Doe"),
        ("[[People/Jane Doe.md|Jane]]", "People/Jane Doe"),
        ("[[ Jane Doe ]]", "Jane Doe"),
        ("[text](People/Jane%20Doe.md)", "People/Jane Doe"),
        ("[text](<People/Jane Doe.md>)", "People/Jane Doe"),
        ("[text](People/Jane%20Doe.md#Contact)", "People/Jane Doe"),
        ("[text](../People/Jane%20Doe.md)", "../People/Jane Doe"),
    ],
)
def test_link_forms(written: str, target: str) -> None:
    facts = parse("Notes/a.md", f"Met {written} today.\n")
    link = only_link(facts)
    assert link.target == target
    assert link.line == 1
    assert link.embed is False
    assert link.kind == ("md" if written.startswith("[text]") else "wiki")


def test_table_cell_link_with_escaped_pipe() -> None:
    facts = parse(
        "Notes/a.md",
        lines("| who | what |", "| --- | --- |", "| [[Jane Doe\\|Jane]] | lunch |", "", "after"),
    )
    link = only_link(facts)
    assert (link.target, link.line) == ("Jane Doe", 3)
    assert "lunch" in link.text


@pytest.mark.parametrize(
    "written",
    [
        "[site](https://example.com/Jane.md)",
        "[mail](mailto:jane@example.com)",
        "[app](obsidian://open?vault=v&file=Jane)",
        "[ftp](ftp://example.com/x)",
        "<https://example.com>",
        "[same](#Heading)",
        "[[#Heading]]",
        "[[photo.png]]",
        "![[photo.png]]",
        "[[Scan.PDF]]",
        "![[clip.mp4|300]]",
        "[pic](img/photo.jpg)",
        "![pic](img/photo.jpg)",
    ],
)
def test_external_urls_and_attachments_are_not_note_links(written: str) -> None:
    assert parse("Notes/a.md", f"See {written} here.\n").links == ()


def test_embed_is_recorded_as_embed() -> None:
    link = only_link(parse("Notes/a.md", "Card: ![[Jane Doe]]\n"))
    assert (link.target, link.embed, link.line) == ("Jane Doe", True, 1)


@pytest.mark.parametrize(
    "text",
    [
        "```\n[[Hidden]]\n```\n",
        "```python\nx = '[[Hidden]]'\n```\n",
        "~~~\n[[Hidden]]\n~~~\n",
        "Para.\n\n    [[Hidden]]\n",
        "Inline `[[Hidden]]` code.\n",
        "Inline ``a [[Hidden]] b`` code.\n",
        "A <!-- [[Hidden]] --> comment.\n",
        "<!--\n[[Hidden]]\n-->\n",
        "<!--\nline\n\n[[Hidden]]\n-->\n",
        "Math $[[Hidden]]$ here.\n",
        "Math $$[[Hidden]]$$ here.\n",
        "$$\n[[Hidden]]\n$$\n",
        "Escaped \\[[Hidden]] here.\n",
    ],
)
def test_links_hidden_in_code_comments_math_and_escapes(text: str) -> None:
    facts = parse("Notes/a.md", text + "Visible [[Shown]]\n")
    assert body_targets(facts) == ["Shown"]
    assert facts.links[0].line == text.count("\n") + 1


def test_links_around_hidden_ones_keep_their_lines() -> None:
    facts = parse(
        "Notes/a.md",
        lines(
            "---",
            "title: t",
            "---",
            "[[One]]",
            "```",
            "[[No]]",
            "```",
            "A `[[No]]` b [[Two]] <!-- [[No]] --> [[Three]]",
            "",
            "first line",
            "second [[Four]]",
            "third ![[Five]]",
        ),
    )
    assert targets(facts) == [("One", 4), ("Two", 8), ("Three", 8), ("Four", 11), ("Five", 12)]
    assert [link.embed for link in facts.links] == [False, False, False, False, True]


def test_link_context_is_the_line_without_list_markers() -> None:
    facts = parse(
        "Notes/a.md",
        lines("- [x] Called [[Jane]] about the trip", "> quoted [[Bob]]", "1. numbered [[Carol]]"),
    )
    assert [link.text for link in facts.links] == [
        "Called [[Jane]] about the trip",
        "quoted [[Bob]]",
        "numbered [[Carol]]",
    ]


def test_front_matter_links_are_recorded_with_their_line() -> None:
    facts = parse(
        "Meetings/2026-11-20 Sync.md",
        lines(
            "---",
            "title: Sync",
            "attendees:",
            '  - "[[Jane Doe]]"',
            '  - "[[Bob|Bobby]]"',
            "---",
            "Notes [[Carol]]",
        ),
    )
    assert targets(facts) == [("Jane Doe", 4), ("Bob", 5), ("Carol", 7)]
    assert [link.in_frontmatter for link in facts.links] == [True, True, False]


# --- tasks -----------------------------------------------------------------------------------


def test_task_states_and_lines() -> None:
    facts = parse(
        "Notes/a.md",
        lines(
            "Intro",
            "",
            "- [ ] open [[Jane]]",
            "- [x] done [[Bob]]",
            "- [X] also done",
            "- [-] cancelled [[Carol]]",
            "- plain [[Dan]]",
            "  - [ ] nested open [[Eve]]",
        ),
    )
    assert [(t.line, t.state, t.text) for t in facts.tasks] == [
        (3, "open", "open [[Jane]]"),
        (4, "done", "done [[Bob]]"),
        (5, "done", "also done"),
        (6, "other", "cancelled [[Carol]]"),
        (8, "open", "nested open [[Eve]]"),
    ]
    assert [(lk.target, lk.task, lk.task_line) for lk in facts.links] == [
        ("Jane", "open", 3),
        ("Bob", "done", 4),
        ("Carol", "other", 6),
        ("Dan", None, None),
        ("Eve", "open", 8),
    ]
    assert all(t.in_log is False for t in facts.tasks)


def test_task_continuation_line_link_belongs_to_the_task() -> None:
    facts = parse("Notes/a.md", lines("- [ ] ask", "  about [[Jane]]"))
    link = only_link(facts)
    assert (link.line, link.task, link.task_line) == (2, "open", 1)


@pytest.mark.parametrize(
    ("task", "due"),
    [
        ("- [ ] call [[Jane]] 📅 2026-11-28", date(2026, 11, 28)),
        ("- [ ] call [[Jane]] [due:: 2026-11-28]", date(2026, 11, 28)),
        ("- [ ] call [[Jane]] (due:: 2026-11-28)", date(2026, 11, 28)),
        ("- [ ] call [[Jane]] 📅2026-11-28", date(2026, 11, 28)),
        ("- [ ] call [[Jane]]", None),
        ("- [ ] call [[Jane]] on 2026-11-28", None),
        ("- [ ] call [[Jane]] 📅 2026-02-30", None),
    ],
)
def test_task_due_dates(task: str, due: date | None) -> None:
    facts = parse("Notes/a.md", task + "\n")
    assert [(t.line, t.due) for t in facts.tasks] == [(1, due)]


# --- person-note logs (§4.2) -----------------------------------------------------------------

LOG_NOTE = lines(
    "---",  # 1
    "name: Jane",  # 2
    "---",  # 3
    "# Jane",  # 4
    "Works with [[Bob]].",  # 5
    "",  # 6
    "## Log",  # 7
    "- 2026-11-20: Coffee with [[Bob]]",  # 8
    "  - talked about [[Carol]]",  # 9
    "- [[2026-11-18]] — phone call",  # 10
    "- **2026-11-17** lunch",  # 11
    "- 2026-11-16 — walk",  # 12
    "- 2026-11-15 no separator",  # 13
    "- not dated, mentions [[Dan]]",  # 14
    "- [ ] call [[Eve]] 📅 2026-11-28",  # 15
    "- [ ] send photos",  # 16
    "- [x] 2026-11-10 done task with [[Fay]]",  # 17
    "- 2026-02-30: impossible",  # 18
    "",  # 19
    "### Details",  # 20
    "- 2026-11-05 deeper heading still in the log",  # 21
    "",  # 22
    "## Notes",  # 23
    "- 2026-11-01 not a log item [[Gus]]",  # 24
)


def test_log_items_in_every_date_form() -> None:
    facts = parse("People/Jane.md", LOG_NOTE)
    assert [(i.date, i.line, i.text) for i in facts.log_items] == [
        (date(2026, 11, 20), 8, "Coffee with [[Bob]]"),
        (date(2026, 11, 18), 10, "phone call"),
        (date(2026, 11, 17), 11, "lunch"),
        (date(2026, 11, 16), 12, "walk"),
        (date(2026, 11, 15), 13, "no separator"),
        (date(2026, 11, 10), 17, "done task with [[Fay]]"),
        (date(2026, 11, 5), 21, "deeper heading still in the log"),
    ]


def test_log_links_carry_their_log_item() -> None:
    facts = parse("People/Jane.md", LOG_NOTE)
    got = [(lk.target, lk.line, lk.log_line) for lk in facts.links if lk.target != "2026-11-18"]
    assert got == [
        ("Bob", 5, None),
        ("Bob", 8, 8),
        ("Carol", 9, 8),  # nested items inherit the date of their log item
        ("Dan", 14, None),
        ("Eve", 15, None),
        ("Fay", 17, 17),
        ("Gus", 24, None),
    ]


def test_tasks_in_the_log() -> None:
    facts = parse("People/Jane.md", LOG_NOTE)
    assert [(t.line, t.state, t.due, t.in_log) for t in facts.tasks] == [
        (15, "open", date(2026, 11, 28), True),
        (16, "open", None, True),
        (17, "done", None, True),
    ]


def test_bad_log_date_is_reported_with_its_line() -> None:
    facts = parse("People/Jane.md", LOG_NOTE)
    assert [(i.kind, i.path, i.line) for i in facts.issues] == [("bad-date", "People/Jane.md", 18)]
    assert "2026-02-30" in facts.issues[0].message


@pytest.mark.parametrize(
    "heading",
    [
        "## Log",
        "### Interactions",
        "# Timeline",
        "## log",
        "#### INTERACTIONS",
        "## Log:",
        "Log\n---",
    ],
)
def test_log_headings_any_level_any_case(heading: str) -> None:
    facts = parse("People/Jane.md", f"Intro\n\n{heading}\n- 2026-11-20: coffee [[Bob]]\n")
    line = 4 + heading.count("\n")
    assert [(i.date, i.line) for i in facts.log_items] == [(date(2026, 11, 20), line)]
    assert [(lk.target, lk.log_line) for lk in facts.links] == [("Bob", line)]


@pytest.mark.parametrize("heading", ["## Logs", "## Changelog", "## My log", "Log"])
def test_other_headings_are_not_logs(heading: str) -> None:
    facts = parse("People/Jane.md", f"{heading}\n\n- 2026-11-20: coffee [[Bob]]\n")
    assert facts.log_items == ()
    assert [(lk.target, lk.log_line) for lk in facts.links] == [("Bob", None)]


def test_log_headings_are_configurable() -> None:
    text = lines("## Journal", "- 2026-11-20 a", "## Log", "- 2026-11-19 b")
    facts = parse("People/Jane.md", text, ParseOptions(log_headings=("Journal",)))
    assert [(i.date, i.line) for i in facts.log_items] == [(date(2026, 11, 20), 2)]
    facts = parse("People/Jane.md", text, ParseOptions(log_headings=("journal",)))
    assert [i.line for i in facts.log_items] == [2]


def test_log_section_ends_at_a_heading_of_the_same_or_higher_level() -> None:
    text = lines(
        "# Jane",  # 1
        "## Log",  # 2
        "- 2026-11-20 a",  # 3
        "### Sub",  # 4
        "- 2026-11-19 b",  # 5
        "## Next",  # 6
        "- 2026-11-18 c",  # 7
        "### Timeline",  # 8
        "- 2026-11-17 d",  # 9
        "# Top",  # 10
        "- 2026-11-16 e",  # 11
    )
    facts = parse("People/Jane.md", text)
    assert [i.line for i in facts.log_items] == [3, 5, 9]


def test_log_item_needs_the_date_first() -> None:
    text = lines(
        "## Log", "- met on 2026-11-20", "- 2026-11-20abc", "- 20.11.2026 x", "- 2026-11-19"
    )
    facts = parse("People/Jane.md", text)
    assert [(i.date, i.line) for i in facts.log_items] == [(date(2026, 11, 19), 5)]


def test_log_items_are_read_in_any_note() -> None:
    # parse does not know which notes are people: the index decides what log items mean
    facts = parse("Projects/p.md", lines("## Log", "- 2026-11-20 kickoff"))
    assert [(i.date, i.line) for i in facts.log_items] == [(date(2026, 11, 20), 2)]


# --- tags ------------------------------------------------------------------------------------


def test_body_tags() -> None:
    facts = parse(
        "People/Jane.md",
        lines(
            "#person",
            "Family: #people/family and #Friend, not#tag, not #123, `#code`",
            "# Heading is not a tag",
            "```",
            "#fenced",
            "```",
        ),
    )
    assert facts.body_tags == frozenset({"person", "people/family", "friend"})


def test_an_escaped_tag_is_no_tag() -> None:
    """`\\#tag` is how Obsidian (and vaultkit's pages) write a `#` that is not a tag."""
    facts = parse(
        "Daily/2026-11-20.md",
        lines(
            "met [[Ann]] \\#ask/climbing and \\#person, then #real",
            "- [[Bob]] \\#offer/tea",
        ),
    )
    assert facts.body_tags == frozenset({"real"})
    assert facts.line_tags == ()
    assert parse("Notes/n.md", "\\#person\n").body_tags == frozenset()


# --- the vaultkit block ----------------------------------------------------------------------


def test_text_between_markers_is_not_read() -> None:
    facts = parse(
        "People/Jane.md",
        lines(
            "---",
            "name: Jane",
            "---",
            "[[Before]]",
            "<!-- vaultkit:begin -->",
            "## Log",
            "- 2026-11-20 generated [[Hidden]]",
            "- [ ] generated task [[Hidden2]] #person",
            "<!-- vaultkit:end -->",
            "[[After]]",
        ),
    )
    assert facts.block == (5, 9)
    assert targets(facts) == [("Before", 4), ("After", 10)]
    assert facts.log_items == ()
    assert facts.tasks == ()
    assert facts.body_tags == frozenset()
    assert facts.issues == ()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a\n<!-- vaultkit:begin -->\nb\n", 2),
        ("a\nb\n<!-- vaultkit:end -->\n", 3),
        ("<!-- vaultkit:end -->\nx\n<!-- vaultkit:begin -->\n", 1),
    ],
)
def test_broken_markers_are_reported(text: str, line: int) -> None:
    facts = parse("People/Jane.md", text)
    assert facts.block is None
    assert [(i.kind, i.line) for i in facts.issues] == [("markers", line)]


def test_repeated_markers_are_reported() -> None:
    text = lines(
        "<!-- vaultkit:begin -->",
        "<!-- vaultkit:end -->",
        "<!-- vaultkit:begin -->",
        "<!-- vaultkit:end -->",
    )
    facts = parse("People/Jane.md", text)
    assert facts.block is None
    assert [i.kind for i in facts.issues] == ["markers"]
    assert "more than once" in facts.issues[0].message


def test_parse_is_pure() -> None:
    text = LOG_NOTE
    assert parse("People/Jane.md", text) == parse("People/Jane.md", text)


@pytest.mark.parametrize(
    "item",
    [
        "- 2026-11-20: coffee",
        "- 2026-11-20 — coffee",
        "- 2026-11-20 coffee",
        "- [[2026-11-20]]: coffee",
        "- [[2026-11-20]] — coffee",
        "- **2026-11-20**: coffee",
        "- **2026-11-20** — coffee",
        "- **[[2026-11-20]]**: coffee",
        "* 2026-11-20: coffee",
        "+ 2026-11-20: coffee",
        "1. 2026-11-20: coffee",
    ],
)
def test_log_date_forms_and_separators(item: str) -> None:
    facts = parse("People/Jane.md", lines("## Log", item))
    assert [(i.date, i.line, i.text) for i in facts.log_items] == [
        (date(2026, 11, 20), 2, "coffee")
    ]


def test_log_item_on_a_date_only() -> None:
    facts = parse("People/Jane.md", lines("## Log", "- 2026-11-20"))
    assert [(i.date, i.line, i.text) for i in facts.log_items] == [(date(2026, 11, 20), 2, "")]


def test_links_in_obsidian_comments_are_hidden_and_lines_kept() -> None:
    facts = parse("Daily/2026-01-01.md", "a %% [[Hidden]]\nmore %% [[Shown]]\n%%\n[[Gone]]\n%%\n")
    assert [(link.target, link.line) for link in facts.links] == [("Shown", 2)]


def test_yaml_error_lines_count_only_the_notes_own_line_breaks() -> None:
    """libyaml also breaks lines at U+2028/U+2029/U+0085; the note does not."""
    facts = parse("x.md", "---\nname: [a\u2028\u2029b\n---\nBody\n")
    assert [i.line for i in facts.issues] == [3]
    dup = parse("x.md", '---\nnote: "a\u2028b"\nnote: c\n---\n')
    assert [(i.line, i.message.split(":")[0]) for i in dup.issues] == [(3, "duplicate key 'note'")]
