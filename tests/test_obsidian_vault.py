"""A realistic, long-lived Obsidian vault read end to end (VAULT_FORMAT edition 2, sections 1-8).

The vault mixes what years of Obsidian use leave behind: Periodic Notes daily notes filed into
year/month folders in `DD.MM.YYYY`, templates in a folder set in `.obsidian/templates.json`,
relative links, Tasks done dates, a struck-through plan, a person's folder of 1:1 notes, a
meeting note inside People/, a person note written by macOS with a decomposed (NFD) file name,
emoji log headings and date headings. Every answer is what the user expects on 2026-11-25, read
through the command line (`people`, `show`, `followups`, `overdue`, `doctor`, `sync`).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from vaulthelp import make_vault, vk

ZOE_NFD = unicodedata.normalize("NFD", "Zoë Ng")

PERIODIC_NOTES = {
    "daily": {
        "enabled": True,
        "folder": "Journal",
        "format": "DD.MM.YYYY",
        "template": "Meta/Templates/Daily",
    },
    "weekly": {"enabled": False, "folder": "", "format": "", "template": ""},
    "monthly": {"enabled": False, "folder": "", "format": "", "template": ""},
}

JANE_DOE = """\
---
aliases: [Jane]
tags: [person/friend]
cadence: 4-6 weeks
birthday: 1990-12-01
---
# Jane Doe

## 📞 Interactions
- 2026-09-01 — coffee at the corner
- [[Journal/2026/10/03.10.2026|Sat]] climbing with [[Bob Lee]]
  - [[Zoë Ng]] joined us later
- [ ] lend her the tent

### 2026-10-10
Long walk by the river.

## Notes
Works with [[Oli Tan]].
"""

BOB_LEE = """\
---
cadence: every other week
date: 2025-03-02
---
# Bob Lee
## [[2026-11-02]] call
Phoned about the move; [[Oli Tan]] was there too.
## Ideas
- gift: a book about boats
"""

FILES: dict[str, str | bytes] = {
    # --- Obsidian's settings
    ".obsidian/app.json": '{"newLinkFormat": "relative", "alwaysUpdateLinks": true}',
    ".obsidian/community-plugins.json": json.dumps(
        ["periodic-notes", "obsidian-tasks-plugin", "dataview", "templater-obsidian"]
    ),
    ".obsidian/templates.json": '{"folder": "Meta/Templates", "dateFormat": "YYYY-MM-DD"}',
    ".obsidian/plugins/periodic-notes/data.json": json.dumps(PERIODIC_NOTES, indent=2),
    ".trash/Old friend.md": "---\ntype: person\n---\n",
    # --- templates (never a person, an interaction or a follow-up)
    "Meta/Templates/Person.md": (
        '---\ntype: person\ntags: [person]\ncadence: monthly\ncreated: "{{date}}"\n---\n'
        "# {{title}}\n\n## 📞 Interactions\n- {{date}}: first met\n"
        "- [ ] add [[Jane Doe]] to the intro\n"
    ),
    "Meta/Templates/Daily.md": (
        '---\ndate: "{{date:YYYY-MM-DD}}"\n---\n## Plan\n- [ ] call [[Bob Lee]]\n'
    ),
    # --- people
    "Home.md": "# Home\n- [[People/People|People]]\n- [[Projects/Move|The move]]\n",
    "People/People.md": (
        '# People\n```dataview\nTABLE last_contact, cadence FROM "People"\n```\n'
        "- [[Jane Doe]]\n- [[Bob Lee]]\n"
    ),
    "People/Jane Doe.md": JANE_DOE,
    "People/Bob Lee.md": BOB_LEE,
    f"People/{ZOE_NFD}.md": "---\narchived: no\ncadence: 30-45\n---\nMet through [[Jane Doe]].\n",
    "People/Oli Tan.md": "---\ncadence: monthly\n---\n# Oli Tan\nTeam lead; 1:1s in the folder.\n",
    "People/Oli Tan/2026-11-09 1on1.md": "- roadmap\n- hiring\n",
    "People/Oli Tan/2026-11-16 1on1.md": (
        '---\nattendees: ["[[Oli Tan]]"]\n---\n'
        "- [ ] send [[Oli Tan]] the deck\n"
        "- feedback on the offsite\n"
    ),
    "People/Oli Tan/Career goals.md": "Wants to lead a platform team.\n",
    "People/Weekly sync.md": (
        "---\ntype: meeting\ndate: 2026-11-19T10:00\n"
        'attendees: ["[[Jane Doe]]", "[[Oli Tan]]"]\n---\nNotes from the sync.\n'
    ),
    "People/Family/Mum.md": "---\ncadence: none\nbirthday: --03-14\n---\n",
    # --- daily notes (Periodic Notes: Journal/, DD.MM.YYYY, filed by year and month)
    "Journal/2026/10/03.10.2026.md": "Climbing day at the crag.\n",
    "Journal/2026/11/18.11.2026.md": (
        "Coffee with [[Jane Doe]] before work.\n"
        "\n"
        "~~Dinner with [[Zoë Ng]] on Friday~~ (she was ill).\n"
        "\n"
        "- [x] call [[../../../People/Bob Lee|Bob]] about the move ✅ 2026-11-21\n"
        "- [ ] ask [[Zoë Ng]] about the reading list 📅 2026-11-30\n"
    ),
    "Journal/2026/11/20.11.2026.md": (
        "Ran into [Jane](../../../People/Jane%20Doe.md) at the market.\n"
    ),
    "Journal/2026/11/22.11.2026.md": (
        "---\ntags: [journal, people/family]\n---\nSunday lunch with [[Mum]].\n"
    ),
    "Journal/2026/11/24.11.2026.md": (
        "- [ ] plan the reunion\n  - invite [[Bob Lee]]\n  - invite [[Zoë Ng]]\n"
    ),
    "Journal/2026/11/28.11.2026.md": "Dinner with [[Mum]] (planned).\n",
    # --- an undated project note
    "Projects/Move.md": (
        "# Move\n- [x] return [[Jane Doe]]'s ladder ✅ 2026-11-23\n- [ ] book the van\n"
    ),
}

PEOPLE = {"Bob Lee", "Jane Doe", "Mum", "Oli Tan", "Zoë Ng"}

CONTACT_DATES = {
    "Jane Doe": [
        "2026-11-23",  # Projects/Move.md: a done task in an undated note
        "2026-11-20",  # a relative Markdown link from a daily note in a subfolder
        "2026-11-19",  # attendee of a meeting note in People/
        "2026-11-18",  # a DD.MM.YYYY daily note in Journal/2026/11/
        "2026-10-10",  # a date heading in her note
        "2026-10-03",  # a log item dated by a link to a daily note
        "2026-09-01",  # a log item under "## 📞 Interactions", date followed by an em dash
    ],
    "Bob Lee": [
        "2026-11-21",  # the done date beats the daily note's date; a relative wikilink
        "2026-11-02",  # a date heading written as a link in his note
        "2026-10-03",  # linked in Jane's log item
    ],
    "Zoë Ng": ["2026-10-03"],  # nested under Jane's log item; struck and open tasks do not count
    "Oli Tan": [
        "2026-11-19",  # the meeting note
        "2026-11-16",  # his folder: a 1:1 note (once, though it links him twice)
        "2026-11-09",  # his folder: a 1:1 note that does not link him
        "2026-11-02",  # linked inside Bob's date-heading entry
    ],
    "Mum": ["2026-11-22"],  # a daily note tagged #people/family; 28.11 is a plan
}

FOLLOWUPS = [
    ("Bob Lee", "Journal/2026/11/24.11.2026.md", 1, None),
    ("Jane Doe", "People/Jane Doe.md", 13, None),
    ("Oli Tan", "People/Oli Tan/2026-11-16 1on1.md", 4, None),
    ("Zoë Ng", "Journal/2026/11/18.11.2026.md", 6, "2026-11-30"),
    ("Zoë Ng", "Journal/2026/11/24.11.2026.md", 1, None),
]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _run(vault: Path, command: str, *args: str) -> Result:
    return vk(vault, command, *args, "--no-cache")


def _json(vault: Path, command: str, *args: str) -> Any:
    result = _run(vault, command, *args, "--json")
    assert result.exit_code in ((0, 1) if command == "doctor" else (0,)), result.output
    return json.loads(result.stdout)


def _people(vault: Path) -> dict[str, dict[str, Any]]:
    return {_nfc(p["name"]): p for p in _json(vault, "people")}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path, FILES)


def test_people_are_the_person_notes_only(vault: Path) -> None:
    # not people: the templates, the People/ folder note, the meeting note, Oli's folder,
    # the daily note tagged #people/family, and anything in .trash/
    assert set(_people(vault)) == PEOPLE


def test_last_contact_of_everyone(vault: Path) -> None:
    found = _people(vault)
    assert {name: found[name]["last_contact"] for name in PEOPLE} == {
        name: dates[0] for name, dates in CONTACT_DATES.items()
    }


@pytest.mark.parametrize("name", sorted(CONTACT_DATES))
def test_interaction_dates_of_each_person(vault: Path, name: str) -> None:
    result = _run(vault, "show", name, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [i["date"] for i in data["interactions"]] == CONTACT_DATES[name]


def test_one_interaction_per_note_in_a_persons_folder(vault: Path) -> None:
    data = _json(vault, "show", "Oli Tan")
    notes = [_nfc(i["note"]) for i in data["interactions"]]
    assert notes.count("People/Oli Tan/2026-11-16 1on1.md") == 1
    assert notes.count("People/Oli Tan/2026-11-09 1on1.md") == 1
    assert "People/Jane Doe.md" not in notes  # a mention outside her log


def test_date_heading_entry_text(vault: Path) -> None:
    data = _json(vault, "show", "Jane Doe")
    entry = next(i for i in data["interactions"] if i["date"] == "2026-10-10")
    assert (entry["note"], entry["text"]) == ("People/Jane Doe.md", "Long walk by the river.")


def test_followups(vault: Path) -> None:
    found = sorted(
        (_nfc(f["name"]), _nfc(f["source"]), f["line"], f["due"]) for f in _json(vault, "followups")
    )
    assert found == FOLLOWUPS


@pytest.mark.parametrize("asked", ["Zoë Ng", ZOE_NFD, "zoë ng", "Jane", "oli tan"])
def test_show_finds_people_by_any_spelling(vault: Path, asked: str) -> None:
    data = _json(vault, "show", asked)
    assert _nfc(data["name"]) in PEOPLE
    assert _nfc(data["name"]).casefold().startswith(_nfc(asked).casefold())


def test_overdue_and_windows(vault: Path) -> None:
    found = _json(vault, "overdue")
    keys = ("cadence_days", "cadence_min_days", "window_opens", "due", "days_overdue")
    assert [(_nfc(o["name"]), {k: o.get(k, "missing") for k in keys}) for o in found] == [
        (
            "Zoë Ng",
            {
                "cadence_days": 45,
                "cadence_min_days": 30,
                "window_opens": "2026-11-02",
                "due": "2026-11-17",
                "days_overdue": 8,
            },
        )
    ]
    people = _people(vault)
    jane = people["Jane Doe"]
    assert (jane["cadence_days"], jane.get("cadence_min_days"), jane.get("window_opens")) == (
        42,
        28,
        "2026-12-21",
    )
    assert people["Bob Lee"]["cadence_days"] == 14
    assert people["Mum"]["cadence_days"] is None
    assert people["Zoë Ng"]["archived"] is False


def test_the_vault_is_clean(vault: Path) -> None:
    assert _json(vault, "doctor") == []
    result = _run(vault, "sync")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert ", 5 people, " in result.stdout
