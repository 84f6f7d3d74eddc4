"""Held-out end-to-end checks of the rules VAULT_FORMAT edition 2 added to sections 1-8.

Written from the contract alone (not from the implementation): every case is a tiny temporary
vault run through the command line with `--today 2026-11-25` and `--no-cache`, and every answer is
read from the public JSON (`people`, `show`, `followups`, `overdue`, `doctor`). Each rule has a
positive case and the nearest negative one. New issue kinds are not assumed: an issue is found by
its file, its line and a word of its message.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from vaulthelp import TODAY, make_vault, vk

Files = dict[str, str | bytes]

# --- helpers ------------------------------------------------------------------------------------


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def run(vault: Path, command: str, *args: str) -> Result:
    return vk(vault, command, *args, "--no-cache")


def get_json(vault: Path, command: str, *args: str) -> Any:
    result = run(vault, command, *args, "--json")
    allowed = (0, 1) if command == "doctor" else (0,)
    assert result.exit_code in allowed, (result.exit_code, result.output)
    return json.loads(result.stdout)


def people(vault: Path) -> dict[str, dict[str, Any]]:
    """`people --json`, by name (names compared in NFC)."""
    return {nfc(p["name"]): p for p in get_json(vault, "people")}


def names(vault: Path) -> set[str]:
    return set(people(vault))


def last_contact(vault: Path, name: str) -> str | None:
    found = people(vault)
    assert name in found, sorted(found)
    value: str | None = found[name]["last_contact"]
    return value


def show(vault: Path, name: str) -> dict[str, Any]:
    result = run(vault, "show", name, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def contact_dates(vault: Path, name: str, note: str | None = None) -> list[str]:
    """Dates of a person's interactions (newest first), optionally only those from one note."""
    return [
        i["date"]
        for i in show(vault, name)["interactions"]
        if note is None or nfc(i["note"]) == nfc(note)
    ]


def followups(vault: Path) -> list[tuple[str, str, int, str | None]]:
    return sorted(
        (nfc(f["name"]), nfc(f["source"]), f["line"], f["due"])
        for f in get_json(vault, "followups")
    )


def overdue(vault: Path) -> dict[str, dict[str, Any]]:
    return {nfc(o["name"]): o for o in get_json(vault, "overdue")}


def issues(vault: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = get_json(vault, "doctor")
    return found


def issue_at(found: list[dict[str, Any]], path: str, line: int | None, *words: str) -> bool:
    """An issue at path:line whose message holds one of `words` (case-insensitive)."""
    return any(
        nfc(i["path"]) == nfc(path)
        and (line is None or i["line"] == line)
        and any(w.casefold() in i["message"].casefold() for w in words)
        for i in found
    )


def issues_naming(found: list[dict[str, Any]], *words: str) -> list[dict[str, Any]]:
    """Issues whose path or message holds one of `words` (case-insensitive)."""
    return [
        i
        for i in found
        if any(w.casefold() in f"{i['path']} {i['message']}".casefold() for w in words)
    ]


def vault_of(tmp_path: Path, *parts: Mapping[str, str | bytes]) -> Path:
    files: Files = {}
    for part in parts:
        files.update(part)
    return make_vault(tmp_path, files)


def periodic(folder: str, fmt: str, *, enabled: bool = True) -> Files:
    data = {
        "daily": {"enabled": enabled, "folder": folder, "format": fmt, "template": ""},
        "weekly": {"enabled": False, "folder": "", "format": "", "template": ""},
    }
    return {".obsidian/plugins/periodic-notes/data.json": json.dumps(data, indent=2)}


def core_daily(folder: str, fmt: str) -> Files:
    return {".obsidian/daily-notes.json": json.dumps({"folder": folder, "format": fmt})}


def config_daily(folder: str, fmt: str) -> Files:
    return {"vaultkit.toml": f'daily_folder = "{folder}"\ndaily_format = "{fmt}"\n'}


def after_days(start: str, days: int) -> str:
    return (date.fromisoformat(start) + timedelta(days=days)).isoformat()


JANE: Files = {"People/Jane.md": "Jane.\n"}


# --- §1 templates folders from Obsidian's and Templater's settings ---------------------------

TEMPLATE_FILES = {
    "Person.md": (
        '---\ntype: person\ncreated: "{{date}}"\n---\n'
        "# {{title}}\n"
        "## Log\n"
        "- 2026-11-20: met [[Jane]]\n"
        "- [ ] call [[Jane]] <% tp.date.now() %>\n"
    ),
    "Meeting.md": "---\ndate: 2026-11-21\n---\nWith [[Jane]].\n- [ ] send [[Jane]] the notes\n",
}
CORE_TEMPLATES = ".obsidian/templates.json"
TEMPLATER = ".obsidian/plugins/templater-obsidian/data.json"


def _templater(folder: str) -> str:
    return json.dumps({"templates_folder": folder, "trigger_on_file_creation": False})


@pytest.mark.parametrize(
    ("settings", "folder", "excluded"),
    [
        pytest.param(
            {CORE_TEMPLATES: '{"folder": "Meta/Templates"}'}, "Meta/Templates", True, id="core"
        ),
        pytest.param(
            {TEMPLATER: _templater("Meta/Templates")}, "Meta/Templates", True, id="templater"
        ),
        pytest.param(
            {CORE_TEMPLATES: '{"folder": "Meta/Templates"}', TEMPLATER: _templater("Meta/Tp")},
            "Meta/Tp",
            True,
            id="both-templater-folder",
        ),
        pytest.param(
            {CORE_TEMPLATES: '{"folder": "Meta/Templates"}', TEMPLATER: _templater("Meta/Tp")},
            "Meta/Templates",
            True,
            id="both-core-folder",
        ),
        pytest.param(
            {
                CORE_TEMPLATES: '{"folder": "Meta/Templates"}',
                "vaultkit.toml": 'templates_folders = ["Tpl"]\n',
            },
            "Meta/Templates",
            True,
            id="config-and-core-union",
        ),
        pytest.param(
            {CORE_TEMPLATES: '{"folder": "Meta/Templates"}'},
            "Meta/Templates/People",
            True,
            id="core-subfolder",
        ),
        pytest.param({}, "Meta/Templates", False, id="no-settings"),
        pytest.param(
            {CORE_TEMPLATES: '{"folder": "Meta/Other"}'},
            "Meta/Templates",
            False,
            id="core-other-folder",
        ),
        pytest.param(
            {CORE_TEMPLATES: '{"folder": "Meta/Templates"}'},
            "Meta/Templates old",
            False,
            id="core-name-prefix-only",
        ),
    ],
)
def test_templates_folders_from_obsidian_settings(
    tmp_path: Path, settings: Files, folder: str, excluded: bool
) -> None:
    templates = {f"{folder}/{name}": text for name, text in TEMPLATE_FILES.items()}
    vault = vault_of(tmp_path, JANE, settings, templates)
    if excluded:
        assert names(vault) == {"Jane"}
        assert last_contact(vault, "Jane") is None
        assert followups(vault) == []
        assert issues(vault) == []  # placeholders inside a templates folder are no issue either
    else:
        assert "Person" in names(vault)
        assert last_contact(vault, "Jane") == "2026-11-21"
        assert followups(vault) != []


# --- §2 daily-note settings: config > Periodic Notes > core ---------------------------------

PRECEDENCE_NOTES: Files = {
    "People/Ann.md": "",
    "People/Bob.md": "",
    "People/Cy.md": "",
    "Journal/18.11.2026.md": "Met [[Ann]].\n",  # DD.MM.YYYY
    "Journal/11-17-2026.md": "Met [[Bob]].\n",  # MM-DD-YYYY
    "Journal/20261116.md": "Met [[Cy]].\n",  # YYYYMMDD
}
ANN = {"Ann": "2026-11-18", "Bob": None, "Cy": None}
BOB = {"Ann": None, "Bob": "2026-11-17", "Cy": None}
CY = {"Ann": None, "Bob": None, "Cy": "2026-11-16"}
NOBODY: dict[str, str | None] = {"Ann": None, "Bob": None, "Cy": None}


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(
            [
                config_daily("Journal", "DD.MM.YYYY"),
                periodic("Journal", "MM-DD-YYYY"),
                core_daily("Journal", "YYYYMMDD"),
            ],
            ANN,
            id="config-beats-all",
        ),
        pytest.param(
            [periodic("Journal", "MM-DD-YYYY"), core_daily("Journal", "YYYYMMDD")],
            BOB,
            id="periodic-beats-core",
        ),
        pytest.param([periodic("Journal", "MM-DD-YYYY")], BOB, id="periodic-alone"),
        pytest.param([core_daily("Journal", "YYYYMMDD")], CY, id="core-alone"),
        pytest.param(
            [periodic("Journal", "MM-DD-YYYY", enabled=False), core_daily("Journal", "YYYYMMDD")],
            CY,
            id="disabled-periodic-ignored",
        ),
        pytest.param(
            [periodic("Journal", "MM-DD-YYYY", enabled=False)], NOBODY, id="disabled-periodic-alone"
        ),
        pytest.param(
            [config_daily("Journal", "DD.MM.YYYY"), core_daily("Journal", "YYYYMMDD")],
            ANN,
            id="config-beats-core",
        ),
        pytest.param([], NOBODY, id="no-settings"),
    ],
)
def test_daily_settings_precedence(
    tmp_path: Path, settings: list[Files], expected: dict[str, str | None]
) -> None:
    vault = vault_of(tmp_path, PRECEDENCE_NOTES, *settings)
    found = people(vault)
    assert {name: found[name]["last_contact"] for name in expected} == expected


# (settings, notes, the words that name the bad setting, or None when nothing is to be reported)
DAILY_SETTING_CASES = [
    pytest.param(
        core_daily("Nowhere", "YYYY-MM-DD"),
        {"Daily/2026-11-18.md": "[[Jane]]\n"},
        ("Nowhere", "daily-notes.json"),
        id="core-missing-folder",
    ),
    pytest.param(
        periodic("Nowhere", "DD.MM.YYYY"),
        {"Journal/18.11.2026.md": "[[Jane]]\n"},
        ("Nowhere", "periodic-notes"),
        id="periodic-missing-folder",
    ),
    pytest.param(
        config_daily("Nowhere", "YYYY-MM-DD"),
        {"Daily/2026-11-18.md": "[[Jane]]\n"},
        ("Nowhere", "vaultkit.toml"),
        id="config-missing-folder",
    ),
    pytest.param(
        periodic("Journal", "DD.MM.YYYY"),
        {"Journal/2026-11-18.md": "[[Jane]]\n"},
        ("DD.MM.YYYY", "periodic-notes"),
        id="periodic-format-matches-no-file",
    ),
    pytest.param(
        core_daily("Journal", "DD.MM.YYYY"),
        {"Journal/2026-11-18.md": "[[Jane]]\n"},
        ("DD.MM.YYYY", "daily-notes.json"),
        id="core-format-matches-no-file",
    ),
    pytest.param(
        periodic("Journal", "DD.MM.YYYY"),
        {"Journal/18.11.2026.md": "[[Jane]]\n"},
        None,
        id="periodic-matching",
    ),
    pytest.param(
        periodic("Journal", "DD.MM.YYYY"),
        {"Journal/2026/11/18.11.2026.md": "[[Jane]]\n"},
        None,
        id="periodic-matching-in-subfolder",
    ),
    pytest.param(
        core_daily("Journal", "DD.MM.YYYY"),
        {"Journal/18.11.2026.md": "[[Jane]]\n"},
        None,
        id="core-matching",
    ),
    pytest.param(
        periodic("Nowhere", "DD.MM.YYYY", enabled=False),
        {"Daily/2026-11-18.md": "[[Jane]]\n"},
        None,
        id="disabled-periodic-not-checked",
    ),
    pytest.param({}, {"Notes/Ideas.md": "[[Jane]]\n"}, None, id="defaults-no-daily-notes"),
]


@pytest.mark.parametrize(("settings", "notes", "words"), DAILY_SETTING_CASES)
def test_daily_setting_matching_nothing_is_reported(
    tmp_path: Path, settings: Files, notes: Files, words: tuple[str, ...] | None
) -> None:
    vault = vault_of(tmp_path, JANE, settings, notes)
    found = issues(vault)
    if words is None:
        assert found == []
    else:
        assert issues_naming(found, *words), found


# --- §3 which person rule wins ------------------------------------------------------------------

DAILY_FORMAT_DOTS: Files = {"vaultkit.toml": 'daily_format = "DD.MM.YYYY"\n'}

# (files, name, is a person)
PERSON_RULE_CASES = [
    pytest.param(
        {"People/Standup.md": "---\ntype: meeting\n---\n"}, "Standup", False, id="meeting-in-people"
    ),
    pytest.param(
        {"People/Index.md": "---\ntype: index\ntags: [person]\n---\n"},
        "Index",
        False,
        id="index-in-people-tagged",
    ),
    pytest.param({"People/Standup.md": "Notes.\n"}, "Standup", True, id="untyped-in-people"),
    pytest.param(
        {"Notes/Kim.md": "---\ntype: person\n---\n"}, "Kim", True, id="type-person-outside"
    ),
    pytest.param(
        {"Notes/Kim.md": "---\ntype: [friend, person]\n---\n"}, "Kim", True, id="type-list-person"
    ),
    pytest.param(
        {"Notes/Kim.md": "---\ntype: [friend]\n---\n"}, "Kim", False, id="type-list-no-person"
    ),
    pytest.param({"Notes/Kim.md": "Kim.\n"}, "Kim", False, id="plain-note-outside"),
    pytest.param(
        {"Notes/Plan.md": "---\ntype: project\ntags: [person]\n---\n"},
        "Plan",
        False,
        id="type-project-beats-tag",
    ),
    pytest.param(
        {"Notes/Plan.md": "---\ntags: [person]\n---\n"}, "Plan", True, id="tag-without-type"
    ),
    pytest.param(
        {"Notes/Kim.md": '---\ncategories: ["[[People]]"]\n---\n'},
        "Kim",
        True,
        id="categories-link",
    ),
    pytest.param(
        {"Notes/Kim.md": "---\ncategories: [People]\n---\n"}, "Kim", True, id="categories-plain"
    ),
    pytest.param(
        {"Notes/Kim.md": '---\ncategories: ["[[Books]]"]\n---\n'},
        "Kim",
        False,
        id="categories-other",
    ),
    pytest.param(
        {"Notes/Kim.md": '---\ntype: meeting\ncategories: ["[[People]]"]\n---\n'},
        "Kim",
        True,
        id="categories-beat-other-type",
    ),
    pytest.param(
        {"People/2026-11-09 1on1.md": "Agenda.\n"},
        "2026-11-09 1on1",
        False,
        id="dated-name-in-people",
    ),
    pytest.param({"People/Oli Tan.md": "Agenda.\n"}, "Oli Tan", True, id="undated-name-in-people"),
    pytest.param(
        {"People/Kim.md": "---\ndate: 2026-01-05\n---\n"}, "Kim", True, id="date-property-in-people"
    ),
    pytest.param(
        {**DAILY_FORMAT_DOTS, "People/09.11.2026.md": ""},
        "09.11.2026",
        False,
        id="daily-format-name",
    ),
    pytest.param({"People/09.11.2026.md": ""}, "09.11.2026", True, id="not-the-daily-format"),
    pytest.param(
        {"Daily/2026-11-09.md": "#people/family dinner\n"}, "2026-11-09", False, id="daily-tagged"
    ),
    pytest.param(
        {**DAILY_FORMAT_DOTS, "Journal/09.11.2026.md": "#people/family dinner\n"},
        "09.11.2026",
        False,
        id="daily-format-note-tagged",
    ),
    pytest.param(
        {"Notes/Family.md": "#people/family dinner\n"}, "Family", True, id="undated-tagged-nested"
    ),
    pytest.param(
        {"Notes/2026-11-09 Kim.md": "---\ntype: person\n---\n"},
        "2026-11-09 Kim",
        True,
        id="type-beats-date",
    ),
    pytest.param(
        {"Notes/Kim.md": "Met at #person/friend night.\n"}, "Kim", True, id="nested-tag-body"
    ),
    pytest.param(
        {"Notes/Kim.md": "---\ntags: [person/friend]\n---\n"}, "Kim", True, id="nested-tag-fm"
    ),
    pytest.param({"Notes/Kim.md": "#personal notes\n"}, "Kim", False, id="tag-personal"),
    pytest.param({"People/People.md": "- [[Oli Tan]]\n"}, "People", False, id="people-folder-note"),
    pytest.param(
        {"People/Contacts.md": "- [[Oli Tan]]\n"}, "Contacts", True, id="other-name-in-people"
    ),
    pytest.param(
        {"vaultkit.toml": 'people_folders = ["Contacts"]\n', "Contacts/Contacts.md": ""},
        "Contacts",
        False,
        id="custom-people-folder-note",
    ),
    pytest.param(
        {"vaultkit.toml": 'people_folders = ["Contacts"]\n', "Contacts/People.md": ""},
        "People",
        True,
        id="custom-people-folder-other-name",
    ),
]


@pytest.mark.parametrize(("files", "name", "is_person"), PERSON_RULE_CASES)
def test_which_person_rule_wins(tmp_path: Path, files: Files, name: str, is_person: bool) -> None:
    vault = vault_of(tmp_path, {"People/Oli Tan.md": ""}, files)
    assert (name in names(vault)) is is_person


@pytest.mark.parametrize(
    ("note", "mum"),
    [
        pytest.param("Daily/2026-11-09.md", "2026-11-09", id="tagged-daily-note-is-dated"),
        pytest.param("Notes/Family dinner.md", None, id="tagged-undated-note-is-a-person"),
    ],
)
def test_daily_note_tagged_people_still_gives_contact(
    tmp_path: Path, note: str, mum: str | None
) -> None:
    vault = vault_of(tmp_path, {"People/Mum.md": "", note: "#people/family dinner with [[Mum]]\n"})
    assert last_contact(vault, "Mum") == mum


# --- §3 a person's folder ------------------------------------------------------------------------

OLI_FOLDER: Files = {
    "People/Oli Tan/2026-11-09 1on1.md": "Agenda: the roadmap.\n",
    "People/Oli Tan/2026-11-02 1on1.md": "With [[Oli Tan]] about [[Oli Tan#Goals|goals]].\n",
    "People/Oli Tan/Offsite.md": "---\ndate: 2026-10-20\n---\nPlanning day.\n",
    "People/Oli Tan/Career goals.md": "Wants to lead a team.\n",
}


@pytest.mark.parametrize(
    "person_note",
    [
        pytest.param("People/Oli Tan.md", id="beside-the-folder"),
        pytest.param("People/Oli Tan/Oli Tan.md", id="folder-note"),
    ],
)
def test_person_folder_notes_are_interactions_not_people(tmp_path: Path, person_note: str) -> None:
    vault = vault_of(tmp_path, OLI_FOLDER, {person_note: "---\ncadence: monthly\n---\n"})
    assert names(vault) == {"Oli Tan"}
    assert people(vault)["Oli Tan"]["note"] == person_note
    assert last_contact(vault, "Oli Tan") == "2026-11-09"
    assert contact_dates(vault, "Oli Tan") == ["2026-11-09", "2026-11-02", "2026-10-20"]


@pytest.mark.parametrize(
    ("files", "expected_people"),
    [
        pytest.param(
            {
                "People/Oli Tan.md": "",
                "People/Team/2026-11-09 sync.md": "Agenda.\n",
                "People/Team/Ideas.md": "",
            },
            {"Oli Tan", "Ideas"},
            id="folder-without-person-note",
        ),
        pytest.param(
            {"People/Oli Tan.md": "", "Projects/Oli Tan/2026-11-09 plan.md": "Agenda.\n"},
            {"Oli Tan"},
            id="same-name-outside-people",
        ),
    ],
)
def test_folder_not_a_persons_folder(
    tmp_path: Path, files: Files, expected_people: set[str]
) -> None:
    vault = vault_of(tmp_path, files)
    assert names(vault) == expected_people
    assert last_contact(vault, "Oli Tan") is None


# --- §3 NFC --------------------------------------------------------------------------------------

JOSE_NFD = unicodedata.normalize("NFD", "José")
ZOE_NFD = unicodedata.normalize("NFD", "Zoë")


@pytest.mark.parametrize(
    ("person_file", "link", "expected"),
    [
        pytest.param(f"People/{JOSE_NFD}.md", "[[José]]", "2026-11-20", id="nfd-file-nfc-link"),
        pytest.param("People/José.md", f"[[{JOSE_NFD}]]", "2026-11-20", id="nfc-file-nfd-link"),
        pytest.param(f"People/{JOSE_NFD}.md", "[[JOSÉ]]", "2026-11-20", id="nfd-file-upper-link"),
        pytest.param(f"People/{JOSE_NFD}.md", "[[Jose]]", None, id="unaccented-link-no-match"),
    ],
)
def test_nfc_links_to_files(
    tmp_path: Path, person_file: str, link: str, expected: str | None
) -> None:
    vault = vault_of(tmp_path, {person_file: "", "Daily/2026-11-20.md": f"Lunch with {link}.\n"})
    assert last_contact(vault, "José") == expected


@pytest.mark.parametrize("asked", ["José", JOSE_NFD, "josé"])
def test_show_finds_nfd_named_note(tmp_path: Path, asked: str) -> None:
    vault = vault_of(
        tmp_path, {f"People/{JOSE_NFD}.md": "", "Daily/2026-11-20.md": "Lunch with [[José]].\n"}
    )
    data = show(vault, asked)
    assert nfc(data["name"]) == "José"
    assert nfc(data["note"]) == "People/José.md"
    assert [i["date"] for i in data["interactions"]] == ["2026-11-20"]


@pytest.mark.parametrize(
    ("alias", "link", "expected"),
    [
        pytest.param(ZOE_NFD, "[[Zoë]]", "2026-11-20", id="nfd-alias-nfc-link"),
        pytest.param("Zoë", f"[[{ZOE_NFD}]]", "2026-11-20", id="nfc-alias-nfd-link"),
        pytest.param(ZOE_NFD, "[[Zoe]]", None, id="unaccented-link-no-match"),
    ],
)
def test_nfc_aliases(tmp_path: Path, alias: str, link: str, expected: str | None) -> None:
    vault = vault_of(
        tmp_path,
        {
            "People/Zoe Ng.md": f'---\naliases: ["{alias}"]\n---\n',
            "Daily/2026-11-20.md": f"Lunch with {link}.\n",
        },
    )
    assert last_contact(vault, "Zoe Ng") == expected


# --- §3 yes/no values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "archived"),
    [
        ("yes", True),
        ('"yes"', True),
        ("Y", True),
        ("y", True),
        ("on", True),
        ("ON", True),
        ("1", True),
        ('"1"', True),
        ("true", True),
        ("TRUE", True),
        ("no", False),
        ("N", False),
        ("off", False),
        ("0", False),
        ('"0"', False),
        ("false", False),
        ('"False"', False),
    ],
)
def test_archived_yes_no_values(tmp_path: Path, written: str, archived: bool) -> None:
    vault = vault_of(tmp_path, {"People/Kim.md": f"---\ncadence: 7\narchived: {written}\n---\n"})
    assert people(vault)["Kim"]["archived"] is archived
    assert ("Kim" in overdue(vault)) is (not archived)  # no contact, cadence 7: due today
    assert issues(vault) == []


@pytest.mark.parametrize("written", ["maybe", '"2"', "sometimes", "2"])
def test_archived_bad_value_is_reported(tmp_path: Path, written: str) -> None:
    vault = vault_of(tmp_path, {"People/Kim.md": f"---\ncadence: 7\narchived: {written}\n---\n"})
    found = issues(vault)
    assert issue_at(found, "People/Kim.md", 3, "archived", written.strip('"')), found


# --- §4 the daily format in subfolders and in paths ----------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "note", "expected"),
    [
        pytest.param(
            "DD.MM.YYYY", "Journal/2026/11/18.11.2026.md", "2026-11-18", id="name-in-subfolder"
        ),
        pytest.param("DD.MM.YYYY", "Journal/18.11.2026.md", "2026-11-18", id="name-at-top"),
        pytest.param(
            "DD.MM.YYYY", "Archive/2026/11/18.11.2026.md", None, id="outside-daily-folder"
        ),
        pytest.param("YYYY/MM/DD", "Journal/2026/11/18.md", "2026-11-18", id="path-format"),
        pytest.param("YYYY/MM/DD", "Journal/18.md", None, id="path-format-name-only"),
        pytest.param("YYYY/MM/DD", "Elsewhere/2026/11/18.md", None, id="path-format-outside"),
        pytest.param(
            "YYYY/MM-MMMM/DD-dddd",
            "Journal/2026/11-November/18-Wednesday.md",
            "2026-11-18",
            id="path-format-month-and-day-names",
        ),
        pytest.param(
            "YYYY/MM-MMMM/YYYY-MM-DD-dddd",
            "Journal/2026/11-November/2026-11-18-Wednesday.md",
            "2026-11-18",
            id="path-format-iso-name",
        ),
    ],
)
def test_daily_format_in_subfolders_and_paths(
    tmp_path: Path, fmt: str, note: str, expected: str | None
) -> None:
    vault = vault_of(tmp_path, JANE, periodic("Journal", fmt), {note: "Coffee with [[Jane]].\n"})
    assert last_contact(vault, "Jane") == expected


# --- §4 dates with a time, and dates written as links --------------------------------------------

TIMED = [
    "2026-11-20T10:30",
    "2026-11-20 10:30",
    "2026-11-20T23:30+02:00",
    "2026-11-20T01:30:00+02:00",  # the written day, not the UTC one (2026-11-19)
    "2026-11-20T23:30:00-05:00",  # the written day, not the UTC one (2026-11-21)
]


def _date_in(where: str, written: str) -> Files:
    if where == "date":
        return {"Notes/Lunch.md": f"---\ndate: {written}\n---\nLunch with [[Jane]].\n"}
    if where == "last_contact":
        return {"People/Jane.md": f"---\nlast_contact: {written}\n---\n"}
    if where == "log":
        return {"People/Jane.md": f"## Log\n- {written}: lunch\n"}
    assert where == "heading"
    return {"People/Jane.md": f"## {written}\nLunch.\n"}


@pytest.mark.parametrize("written", TIMED)
@pytest.mark.parametrize("where", ["date", "last_contact", "log", "heading"])
def test_dates_with_a_time_use_the_written_day(tmp_path: Path, where: str, written: str) -> None:
    vault = vault_of(tmp_path, JANE, _date_in(where, written))
    assert last_contact(vault, "Jane") == "2026-11-20"


@pytest.mark.parametrize(
    ("snooze", "is_overdue"),
    [("2026-12-01T09:00", False), ("2026-12-01 09:00", False), ("2026-11-20T09:00", True)],
)
def test_snooze_until_with_a_time(tmp_path: Path, snooze: str, is_overdue: bool) -> None:
    vault = vault_of(
        tmp_path,
        {
            "People/Kim.md": (
                f"---\ncadence: 7\nlast_contact: 2026-10-01\nsnooze_until: {snooze}\n---\n"
            )
        },
    )
    assert ("Kim" in overdue(vault)) is is_overdue


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"Notes/Lunch.md": '---\ndate: "[[2026-11-20]]"\n---\n[[Jane]]\n'},
            "2026-11-20",
            id="date-link",
        ),
        pytest.param(
            {"Notes/Lunch.md": '---\ndate: "[[Daily/2026-11-20|Friday]]"\n---\n[[Jane]]\n'},
            "2026-11-20",
            id="date-link-path-and-shown-text",
        ),
        pytest.param(
            {"Notes/Lunch.md": '---\ndate: "[[Meeting notes]]"\n---\n[[Jane]]\n'},
            None,
            id="date-link-to-undated",
        ),
        pytest.param(
            {"People/Jane.md": '---\nlast_contact: "[[2026-11-20]]"\n---\n'},
            "2026-11-20",
            id="last-contact-link",
        ),
        pytest.param(
            {"People/Jane.md": "## Log\n- [[Daily/2026-11-17|Tue]] coffee\n"},
            "2026-11-17",
            id="log-link-shown",
        ),
        pytest.param(
            {"People/Jane.md": "## Log\n- [[2026-11-17]]: coffee\n"},
            "2026-11-17",
            id="log-link-colon",
        ),
        pytest.param(
            {"People/Jane.md": "## Log\n- [[Coffee notes|2026-11-17]] coffee\n"},
            None,
            id="shown-text-ignored",
        ),
        pytest.param(
            {"People/Jane.md": "## [[2026-11-19]] call\nAbout the move.\n"},
            "2026-11-19",
            id="heading-link",
        ),
        pytest.param(
            {**DAILY_FORMAT_DOTS, "People/Jane.md": '---\nlast_contact: "[[18.11.2026]]"\n---\n'},
            "2026-11-18",
            id="last-contact-daily-format-link",
        ),
        pytest.param(
            {**DAILY_FORMAT_DOTS, "People/Jane.md": "## Log\n- [[18.11.2026]] coffee\n"},
            "2026-11-18",
            id="log-daily-format-link",
        ),
        pytest.param(
            {"People/Jane.md": '---\nlast_contact: "[[18.11.2026]]"\n---\n'},
            None,
            id="not-the-daily-format",
        ),
    ],
)
def test_dates_written_as_links(tmp_path: Path, files: Files, expected: str | None) -> None:
    vault = vault_of(tmp_path, JANE, files)
    assert last_contact(vault, "Jane") == expected


# --- §4 impossible dates are reported with their line --------------------------------------------

# (path, text with {d} for the date, line of the date, an impossible date, a real one)
IMPOSSIBLE_DATES = [
    pytest.param(
        "Notes/Lunch.md",
        "---\ndate: {d}\n---\nMet [[Jane]].\n",
        2,
        "2026-02-30",
        "2026-02-28",
        id="date-property",
    ),
    pytest.param(
        "Notes/Lunch.md",
        "---\ndate: {d}T10:30\n---\nMet [[Jane]].\n",
        2,
        "2026-02-30",
        "2026-02-28",
        id="date-with-time",
    ),
    pytest.param(
        "Notes/Lunch.md",
        '---\ndate: "[[{d}]]"\n---\nMet [[Jane]].\n',
        2,
        "2026-02-30",
        "2026-02-28",
        id="date-link",
    ),
    pytest.param(
        "People/Jane.md", "## Log\n- {d}: coffee\n", 2, "2026-02-30", "2026-02-28", id="log-item"
    ),
    pytest.param(
        "People/Jane.md",
        "Intro.\n### {d}\nCoffee.\n",
        2,
        "2026-02-30",
        "2026-02-28",
        id="date-heading",
    ),
    pytest.param(
        "Notes/Todo.md",
        "- [ ] call [[Jane]] 📅 {d}\n",
        1,
        "2026-11-31",
        "2026-11-30",
        id="tasks-due",
    ),
    pytest.param(
        "Notes/Todo.md",
        "- [ ] call [[Jane]] [due:: {d}]\n",
        1,
        "2026-13-01",
        "2026-12-01",
        id="dataview-due",
    ),
    pytest.param(
        "Notes/Todo.md",
        "- [x] call [[Jane]] ✅ {d}\n",
        1,
        "2026-11-31",
        "2026-11-20",
        id="tasks-done",
    ),
    pytest.param(
        "Notes/Todo.md",
        "- [x] call [[Jane]] [completion:: {d}]\n",
        1,
        "2026-02-30",
        "2026-02-28",
        id="dataview-completion",
    ),
    pytest.param(
        "People/Jane.md", "---\nbirthday: {d}\n---\n", 2, "1990-02-30", "1990-02-28", id="birthday"
    ),
    pytest.param(
        "People/Jane.md",
        "---\nlast_contact: {d}\n---\n",
        2,
        "2026-02-30",
        "2026-02-28",
        id="last-contact",
    ),
    pytest.param(
        "People/Jane.md",
        "---\nsnooze_until: {d}\n---\n",
        2,
        "2026-02-30",
        "2026-02-28",
        id="snooze-until",
    ),
]


@pytest.mark.parametrize(("path", "text", "line", "bad", "good"), IMPOSSIBLE_DATES)
def test_impossible_dates_reported_with_their_line(
    tmp_path: Path, path: str, text: str, line: int, bad: str, good: str
) -> None:
    vault = vault_of(tmp_path, JANE, {path: text.format(d=bad)})
    found = issues(vault)
    assert issue_at(found, path, line, bad, "date"), found
    clean = vault_of(tmp_path / "good", JANE, {path: text.format(d=good)})
    assert issues(clean) == []


# --- §4 log items and log headings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("- 2026-11-20: coffee", "2026-11-20"),
        ("- 2026-11-20, coffee", "2026-11-20"),
        ("- 2026-11-20 - coffee", "2026-11-20"),
        ("- 2026-11-20 – coffee", "2026-11-20"),
        ("- 2026-11-20 — coffee", "2026-11-20"),
        ("- 2026-11-20—coffee", "2026-11-20"),
        ("- **2026-11-20**, coffee", "2026-11-20"),
        ("- [[2026-11-20]] — coffee", "2026-11-20"),
        ("- coffee, 2026-11-20", None),
    ],
)
def test_log_item_date_separators(tmp_path: Path, item: str, expected: str | None) -> None:
    vault = vault_of(tmp_path, {"People/Jane.md": f"## Log\n{item}\n"})
    assert last_contact(vault, "Jane") == expected
    if expected:
        [entry] = show(vault, "Jane")["interactions"]
        assert entry["line"] == 2
        assert entry["text"].endswith("coffee")


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("## 📞 Interactions", "2026-11-20"),
        ("### 🗓️ Timeline", "2026-11-20"),
        ("## ✍ log", "2026-11-20"),
        ("## — Log", "2026-11-20"),
        ("## 📞 Calls", None),
    ],
)
def test_log_headings_with_leading_emoji(
    tmp_path: Path, heading: str, expected: str | None
) -> None:
    vault = vault_of(tmp_path, {"People/Jane.md": f"# Jane\n{heading}\n- 2026-11-20: coffee\n"})
    assert last_contact(vault, "Jane") == expected


# --- §4 date headings in a person note -----------------------------------------------------------

DATE_HEADINGS = (
    "# Jane\n"
    "Works with [[Eve]].\n"
    "## Meetings\n"
    "### 2026-11-19\n"
    "\n"
    "Coffee at the park.\n"
    "Talked about [[Bob]].\n"
    "#### Details\n"
    "[[Cy]] may join next time.\n"
    "### Ideas\n"
    "Ask [[Dan]] about the book.\n"
    "### Call on 2026-11-21\n"
    "With [[Fay]].\n"
    "## [[2026-11-10]] call\n"
    "About the move.\n"
    "## 2026-12-01\n"
    "Planned dinner with [[Gil]].\n"
)
DH_PEOPLE = {f"People/{n}.md": "" for n in ("Bob", "Cy", "Dan", "Eve", "Fay", "Gil")}


def test_date_headings_open_dated_entries(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, DH_PEOPLE, {"People/Jane.md": DATE_HEADINGS})
    found = people(vault)
    assert {
        n: found[n]["last_contact"] for n in ("Jane", "Bob", "Cy", "Dan", "Eve", "Fay", "Gil")
    } == {
        "Jane": "2026-11-19",  # 2026-12-01 is a plan
        "Bob": "2026-11-19",  # linked inside the entry
        "Cy": "2026-11-19",  # under a deeper heading: still inside the entry
        "Dan": None,  # after the next heading of the same level
        "Eve": None,  # before any date heading
        "Fay": None,  # a heading that does not start with a date
        "Gil": None,  # a date after today
    }
    entries = {i["date"]: i for i in show(vault, "Jane")["interactions"]}
    assert sorted(entries) == ["2026-11-10", "2026-11-19"]
    assert entries["2026-11-19"]["text"] == "Coffee at the park."
    assert entries["2026-11-19"]["line"] in (4, 6)  # the heading or the entry's first line
    assert entries["2026-11-10"]["text"] in ("About the move.", "call", "[[2026-11-10]] call")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("People/Jane.md", "2026-11-19", id="person-note"),
        # edition 3: a date heading in any note dates the links in its entry
        pytest.param("Projects/Plan.md", "2026-11-19", id="undated-non-person-note"),
    ],
)
def test_date_headings_in_person_notes_and_any_other_note(
    tmp_path: Path, path: str, expected: str | None
) -> None:
    vault = vault_of(
        tmp_path, JANE, {"People/Bob.md": "", path: "### 2026-11-19\nCoffee with [[Bob]].\n"}
    )
    assert last_contact(vault, "Bob") == expected


# --- §4 nested items -----------------------------------------------------------------------------

NESTED_LOG = (
    "## Log\n"
    "- 2026-11-20: dinner\n"
    "  - with [[Bob]]\n"
    "    - and [[Cy]]\n"
    "- [[Dan]] sent a postcard\n"
    "  - ask [[Eve]] for the address\n"
)


def test_nested_items_under_a_dated_log_item(tmp_path: Path) -> None:
    files = {f"People/{n}.md": "" for n in ("Bob", "Cy", "Dan", "Eve")}
    vault = vault_of(tmp_path, files, {"People/Jane.md": NESTED_LOG})
    found = people(vault)
    assert {n: found[n]["last_contact"] for n in ("Jane", "Bob", "Cy", "Dan", "Eve")} == {
        "Jane": "2026-11-20",
        "Bob": "2026-11-20",
        "Cy": "2026-11-20",
        "Dan": None,
        "Eve": None,
    }


NESTED_TASKS = (
    "- [ ] plan the trip 📅 2026-12-05\n"  # 1
    "  - ask [[Bob]]\n"
    "    - and [[Cy]]\n"
    "- [x] lunch\n"  # 4
    "  - with [[Dan]]\n"
    "- ask [[Fay]] about it\n"  # 6
    "- [ ] book a table\n"  # 7
    "\n"
    "Met [[Eve]].\n"
)


def test_nested_items_under_tasks_in_a_dated_note(tmp_path: Path) -> None:
    files = {f"People/{n}.md": "" for n in ("Bob", "Cy", "Dan", "Eve", "Fay")}
    vault = vault_of(tmp_path, files, {"Daily/2026-11-20.md": NESTED_TASKS})
    found = people(vault)
    assert {n: found[n]["last_contact"] for n in ("Bob", "Cy", "Dan", "Eve", "Fay")} == {
        "Bob": None,  # a follow-up, not contact
        "Cy": None,
        "Dan": "2026-11-20",  # under a checked task in a dated note
        "Eve": "2026-11-20",
        "Fay": "2026-11-20",  # a sibling item, not nested
    }
    assert followups(vault) == [
        ("Bob", "Daily/2026-11-20.md", 1, "2026-12-05"),
        ("Cy", "Daily/2026-11-20.md", 1, "2026-12-05"),
    ]


# --- §4 done dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "task", "dates"),
    [
        pytest.param(
            "Projects/Move.md",
            "- [x] call [[Jane]] ✅ 2026-11-21",
            ["2026-11-21"],
            id="undated-tasks",
        ),
        pytest.param(
            "Projects/Move.md",
            "- [x] call [[Jane]] [completion:: 2026-11-21]",
            ["2026-11-21"],
            id="undated-dataview",
        ),
        pytest.param("Projects/Move.md", "- [x] call [[Jane]]", [], id="undated-no-done-date"),
        pytest.param(
            "Projects/Move.md", "- [ ] call [[Jane]] ✅ 2026-11-21", [], id="undated-unchecked"
        ),
        pytest.param(
            "Projects/Move.md", "- [x] call [[Jane]] ✅ 2026-11-27", [], id="undated-future-done"
        ),
        pytest.param(
            "Daily/2026-11-18.md",
            "- [x] call [[Jane]] ✅ 2026-11-21",
            ["2026-11-21"],
            id="dated-tasks",
        ),
        pytest.param(
            "Daily/2026-11-18.md",
            "- [x] call [[Jane]] [completion:: 2026-11-21]",
            ["2026-11-21"],
            id="dated-dataview",
        ),
        pytest.param(
            "Daily/2026-11-18.md", "- [x] call [[Jane]]", ["2026-11-18"], id="dated-no-done-date"
        ),
    ],
)
def test_done_dates(tmp_path: Path, path: str, task: str, dates: list[str]) -> None:
    vault = vault_of(tmp_path, JANE, {path: f"{task}\n"})
    assert contact_dates(vault, "Jane") == dates
    assert last_contact(vault, "Jane") == (dates[0] if dates else None)


# --- §4 struck-through text and dates after today ------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("~~dinner with [[Jane]]~~", None),
        ("- ~~lunch with [[Jane]]~~ moved to next week", None),
        ("Plans: ~~dinner with [[Jane|her]] on Friday~~.", None),
        ("~~dinner~~ with [[Jane]]", "2026-11-20"),
        ("dinner with [[Jane]] ~~on Friday~~", "2026-11-20"),
    ],
)
def test_struck_through_links_are_not_contact(
    tmp_path: Path, line: str, expected: str | None
) -> None:
    vault = vault_of(tmp_path, JANE, {"Daily/2026-11-20.md": f"{line}\n"})
    assert last_contact(vault, "Jane") == expected


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"Daily/2026-11-26.md": "[[Jane]]\n"}, None, id="daily-tomorrow"),
        pytest.param({"Daily/2026-11-25.md": "[[Jane]]\n"}, "2026-11-25", id="daily-today"),
        pytest.param({"People/Jane.md": "## Log\n- 2026-11-30: dinner\n"}, None, id="log-future"),
        pytest.param(
            {"People/Jane.md": "---\nlast_contact: 2026-12-01\n---\n"},
            None,
            id="last-contact-future",
        ),
        pytest.param({"People/Jane.md": "### 2026-11-26\nDinner.\n"}, None, id="heading-future"),
        pytest.param(
            {"People/Jane.md": "### 2026-11-25\nDinner.\n"}, "2026-11-25", id="heading-today"
        ),
        pytest.param({"Notes/2026-12-24 party.md": "[[Jane]]\n"}, None, id="dated-note-future"),
    ],
)
def test_dates_after_today_never_count(tmp_path: Path, files: Files, expected: str | None) -> None:
    vault = vault_of(tmp_path, JANE, files)
    assert last_contact(vault, "Jane") == expected


# --- §5 cadences: every other, windows, none -----------------------------------------------------

LAST = "2026-10-01"

# (cadence, upper end, lower end, window?)
CADENCES = [
    ("every other day", 2, 2, False),
    ("every other week", 14, 14, False),
    ("every other month", 60, 60, False),
    ("every other year", 730, 730, False),
    ("4-6 weeks", 42, 28, True),
    ("every 4-6 weeks", 42, 28, True),
    ("every 2-3 months", 90, 60, True),
    ("2-3 weeks", 21, 14, True),
    ("30-45", 45, 30, True),
    ("45", 45, 45, False),
    ("weekly", 7, 7, False),
    ("every 2 weeks", 14, 14, False),
]


@pytest.mark.parametrize(("cadence", "upper", "lower", "window"), CADENCES)
def test_cadence_windows_in_people_and_show(
    tmp_path: Path, cadence: str, upper: int, lower: int, window: bool
) -> None:
    vault = vault_of(
        tmp_path, {"People/Kim.md": f"---\ncadence: {cadence}\nlast_contact: {LAST}\n---\n"}
    )
    expected = {
        "cadence_days": upper,
        "cadence_min_days": lower,
        "window_opens": after_days(LAST, lower) if window else None,
        "next_due": after_days(LAST, upper),
    }
    for data in (people(vault)["Kim"], show(vault, "Kim")):
        assert {key: data.get(key, "missing") for key in expected} == expected
    assert ("Kim" in overdue(vault)) is (after_days(LAST, upper) <= TODAY)
    assert issues(vault) == []


def test_cadence_window_in_overdue_json(tmp_path: Path) -> None:
    vault = vault_of(
        tmp_path,
        {
            "People/Kim.md": f"---\ncadence: 4-6 weeks\nlast_contact: {LAST}\n---\n",
            "People/Lu.md": f"---\ncadence: 30\nlast_contact: {LAST}\n---\n",
            "People/Mo.md": "---\ncadence: every 2-3 months\n---\n",
        },
    )
    found = overdue(vault)
    keys = ("cadence_days", "cadence_min_days", "window_opens", "due", "days_overdue")
    assert {name: {k: found[name].get(k, "missing") for k in keys} for name in found} == {
        "Kim": {
            "cadence_days": 42,
            "cadence_min_days": 28,
            "window_opens": "2026-10-29",
            "due": "2026-11-12",
            "days_overdue": 13,
        },
        "Lu": {
            "cadence_days": 30,
            "cadence_min_days": 30,
            "window_opens": None,
            "due": "2026-10-31",
            "days_overdue": 25,
        },
        "Mo": {  # never contacted: due today, and no window opens
            "cadence_days": 90,
            "cadence_min_days": 60,
            "window_opens": None,
            "due": TODAY,
            "days_overdue": 0,
        },
    }


def test_cadence_none_means_no_check_ins(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {"People/Kim.md": "---\ncadence: none\n---\n"})
    kim = people(vault)["Kim"]
    assert (kim["cadence_days"], kim["next_due"], kim.get("window_opens")) == (None, None, None)
    assert overdue(vault) == {}
    assert issues(vault) == []


def _due_soon_section(vault: Path) -> str:
    result = run(vault, "sync")
    assert result.exit_code == 0, result.output
    page = (vault / "Vaultkit" / "Overdue check-ins.md").read_text(encoding="utf-8")
    body = page.split("\n---\n", 1)[1]  # after the generated_by front matter
    assert "\n## " in body, page
    return body.split("\n## ", 1)[1]


@pytest.mark.parametrize(
    ("cadence", "soon"),
    [
        pytest.param("4-10 weeks", True, id="window-open-due-in-15-days"),
        pytest.param("70", False, id="no-window-due-in-15-days"),
        pytest.param("8-10 weeks", False, id="window-opens-tomorrow"),
    ],
)
def test_open_window_is_due_soon_not_overdue(tmp_path: Path, cadence: str, soon: bool) -> None:
    vault = vault_of(
        tmp_path, {"People/Kim.md": f"---\ncadence: {cadence}\nlast_contact: {LAST}\n---\n"}
    )
    assert overdue(vault) == {}
    assert people(vault)["Kim"]["next_due"] == "2026-12-10"
    assert ("Kim" in _due_soon_section(vault)) is soon


@pytest.mark.parametrize(
    ("written", "shown", "suggestions"),
    [
        ("biweekly", "biweekly", ("fortnight", "every 2 weeks", "every other week", "14")),
        ("Biweekly", "biweekly", ("fortnight", "every 2 weeks", "every other week", "14")),
        ("0", "0", ()),
        ('"0"', "0", ()),
        ("-3", "-3", ()),
    ],
)
def test_bad_cadences_reported_with_a_suggestion(
    tmp_path: Path, written: str, shown: str, suggestions: tuple[str, ...]
) -> None:
    vault = vault_of(tmp_path, {"People/Kim.md": f"---\ncadence: {written}\n---\n"})
    found = issues(vault)
    assert issue_at(found, "People/Kim.md", 2, shown), found
    if suggestions:
        assert issue_at(found, "People/Kim.md", 2, *suggestions), found
    assert people(vault)["Kim"]["cadence_days"] is None
    assert overdue(vault) == {}


# --- §6 follow-ups shared by items nested under an open task -------------------------------------

REUNION = (
    "# Reunion\n"
    "- [ ] organise the reunion [due:: 2026-12-05]\n"  # 2
    "  - invite [[Bob]]\n"
    "  - invite [[Cy]]\n"
    "    - and maybe [[Dan]]\n"
    "- invite [[Eve]]\n"  # 6: a sibling, not nested
    "- [x] book the hall\n"  # 7
    "  - thank [[Fay]]\n"
)


def test_nested_items_share_the_open_task(tmp_path: Path) -> None:
    files = {f"People/{n}.md": "" for n in ("Bob", "Cy", "Dan", "Eve", "Fay")}
    vault = vault_of(tmp_path, files, {"Projects/Reunion.md": REUNION})
    src = "Projects/Reunion.md"
    assert followups(vault) == [
        ("Bob", src, 2, "2026-12-05"),
        ("Cy", src, 2, "2026-12-05"),
        ("Dan", src, 2, "2026-12-05"),
    ]
    assert all(p["last_contact"] is None for p in people(vault).values())


# --- §7 relative links ---------------------------------------------------------------------------

TWO_JANES: Files = {
    "People/Jane.md": "",
    "Work/Jane.md": "---\ntype: person\nname: Jane Work\n---\n",
    "People/Bob Lee.md": "",
}


@pytest.mark.parametrize(
    ("note", "link", "who"),
    [
        pytest.param(
            "Journal/2026/11/2026-11-20.md", "[[../../../People/Jane]]", "Jane", id="up-three"
        ),
        pytest.param(
            "Journal/2026/11/2026-11-20.md",
            "[[../../../Work/Jane]]",
            "Jane Work",
            id="up-three-other",
        ),
        pytest.param(
            "Journal/2026/11/2026-11-20.md",
            "[[../../../People/Bob Lee|Bob]]",
            "Bob Lee",
            id="shown-text",
        ),
        pytest.param("Daily/2026-11-20.md", "[[../People/Jane.md]]", "Jane", id="with-extension"),
        pytest.param(
            "Daily/2026-11-20.md", "[[../Work/Jane#Notes|her]]", "Jane Work", id="with-heading"
        ),
        pytest.param(
            "Daily/2026-11-20.md", "[x](../People/Bob%20Lee.md)", "Bob Lee", id="markdown"
        ),
        pytest.param("Work/2026-11-20 standup.md", "[[./Jane]]", "Jane Work", id="dot-slash"),
        pytest.param("People/2026-11-20 lunch.md", "[[./Jane]]", "Jane", id="dot-slash-people"),
        pytest.param("Work/2026-11-20 standup.md", "[[../People/Jane]]", "Jane", id="up-one"),
    ],
)
def test_relative_links_resolve_from_the_linking_note(
    tmp_path: Path, note: str, link: str, who: str
) -> None:
    vault = vault_of(tmp_path, TWO_JANES, {note: f"Lunch with {link}.\n"})
    contacts = {name: p["last_contact"] for name, p in people(vault).items()}
    assert contacts == {
        n: ("2026-11-20" if n == who else None) for n in ("Jane", "Jane Work", "Bob Lee")
    }
    assert [i for i in issues(vault) if nfc(i["path"]) == note] == []


# --- §8 which ambiguous links are reported -------------------------------------------------------

# (files, the linking note, its text, the line of the link when it is to be reported)
AMBIGUOUS = [
    pytest.param(
        {"People/Jane.md": "", "Work/Jane.md": "A project code.\n"},
        "Daily/2026-11-20.md",
        "Met [[Jane]].\n",
        1,
        id="person-and-note-from-third-folder",
    ),
    pytest.param(
        {"People/Jane.md": "", "Archive/Old/Jane.md": "A project code.\n"},
        "Daily/2026-11-20.md",
        "Met [[Jane]].\n",
        1,
        id="shortest-path-is-the-person",
    ),
    pytest.param(
        {"People/Jane.md": "", "Work/Jane.md": "---\ntype: person\nname: Jane Work\n---\n"},
        "Daily/2026-11-20.md",
        "Met [[Jane]].\n",
        1,
        id="two-people-from-third-folder",
    ),
    pytest.param(
        {"People/Jane.md": "", "Work/Jane.md": "A project code.\n"},
        "Work/2026-11-20 standup.md",
        "Met [[Jane]].\n",
        None,
        id="from-the-non-person-folder",
    ),
    pytest.param(
        {"People/Jane.md": "", "Work/Jane.md": "A project code.\n"},
        "People/Bob.md",
        "## Log\n- 2026-11-20: with [[Jane]]\n",
        None,
        id="from-the-person-folder",
    ),
    pytest.param(
        {"People/Jane.md": "", "Work/Jane.md": "---\ntype: person\nname: Jane Work\n---\n"},
        "Work/2026-11-20 standup.md",
        "Met [[Jane]].\n",
        None,
        id="two-people-from-one-folder",
    ),
    pytest.param(
        {"Projects/Plan.md": "", "Archive/Plan.md": ""},
        "Daily/2026-11-20.md",
        "Met [[Plan]].\n",
        None,
        id="two-non-person-notes",
    ),
]


@pytest.mark.parametrize(("files", "note", "text", "line"), AMBIGUOUS)
def test_ambiguous_links_reported_only_when_a_person_is_involved(
    tmp_path: Path, files: Files, note: str, text: str, line: int | None
) -> None:
    vault = vault_of(tmp_path, files, {note: text})
    found = issues(vault)
    if line is None:
        assert found == []
    else:
        assert issue_at(found, note, line, "Jane"), found


# --- §8 template placeholders: one hint ----------------------------------------------------------

PLACEHOLDER_NOTES: Files = {
    "Notes/Idea.md": "# {{title}}\nCreated {{date}}.\n",
    "Daily/2026-11-20.md": "Made on <% tp.date.now() %> with [[Jane]].\n",
    "Projects/Plan.md": "Due {{date:YYYY-MM-DD}}.\n<%* tR += 'x' %>\n",
}


@pytest.mark.parametrize(
    ("folder", "notes", "hints"),
    [
        pytest.param("", PLACEHOLDER_NOTES, 1, id="three-notes-one-hint"),
        pytest.param("", {"Notes/Idea.md": PLACEHOLDER_NOTES["Notes/Idea.md"]}, 1, id="one-note"),
        pytest.param("Templates/", PLACEHOLDER_NOTES, 0, id="inside-default-templates"),
    ],
)
def test_template_placeholders_are_one_hint(
    tmp_path: Path, folder: str, notes: Files, hints: int
) -> None:
    vault = vault_of(tmp_path, JANE, {f"{folder}{path}": text for path, text in notes.items()})
    found = issues(vault)
    assert len(found) == hints, found
    if hints:
        assert "templat" in found[0]["message"].casefold(), found


def test_curly_braces_are_not_placeholders(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, JANE, {"Notes/Idea.md": "Sets {a, b} and a <b>tag</b>.\n"})
    assert issues(vault) == []
