"""Foam workspaces, read as their users write them (VAULT_FORMAT §14), through the CLI.

Person notes named by slug (`maya-chen.md`) with their name in the first heading or `title`,
link reference definitions at the end of files, daily notes placed by Foam's template or VS
Code settings (JSON with comments and trailing commas), and Foam's ignored files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from vaulthelp import make_vault, run_module, vk, vk_json

from vaultkit.read.config import load_config
from vaultkit.read.foam import from_dateformat, loads_jsonc, template_path

MAYA = "---\ntype: person\ncadence: monthly\n---\n# Maya Chen\n\nLikes tea.\n"
SAM = "---\ntype: person\ntitle: Sam Rivera\ncadence: weekly\n---\n# Sam\n"
LEE = "---\ntype: person\n---\nNo heading here.\n"
DAILY_TEMPLATE = (
    "---\nfoam_template:\n"
    '  filepath: "/journal/${FOAM_DATE_DATE}.${FOAM_DATE_MONTH}.${FOAM_DATE_YEAR}.md"\n'
    '  description: "Daily note"\n---\n# ${FOAM_DATE_YEAR}-${FOAM_DATE_MONTH}-${FOAM_DATE_DATE}\n'
)
LUNCH = (
    "# Lunch\n\nMet [[maya-chen]] and [[Sam Rivera]].\n- [ ] send [[maya-chen]] the book\n\n"
    '[maya-chen]: people/maya-chen "Maya Chen"\n[Sam Rivera]: people/sam "Sam Rivera"\n'
)


def workspace(tmp_path: Path, files: dict[str, str], foam: bool = True) -> Path:
    root = make_vault(tmp_path, {"people/maya-chen.md": MAYA, "people/sam.md": SAM, **files})
    if foam:
        (root / ".foam").mkdir(exist_ok=True)
    return root


def people(vault: Path) -> dict[str, dict[str, Any]]:
    return {p["note"]: p for p in vk_json(vault, "people")}


def test_a_foam_note_is_named_by_its_title_else_first_heading_else_file_name(
    tmp_path: Path,
) -> None:
    vault = workspace(tmp_path, {"people/lee.md": LEE})
    found = people(vault)
    assert found["people/maya-chen.md"]["name"] == "Maya Chen"
    assert found["people/sam.md"]["name"] == "Sam Rivera"
    assert found["people/lee.md"]["name"] == "lee"


def test_an_obsidian_note_keeps_its_file_name_as_its_name(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {}, foam=False)
    assert people(vault)["people/maya-chen.md"]["name"] == "maya-chen"


def test_slug_and_name_both_resolve_and_reference_definitions_count_once(
    tmp_path: Path,
) -> None:
    vault = workspace(tmp_path, {"journal/20.10.2026.md": LUNCH, ".foam/templates/x.md": ""})
    (vault / ".foam/templates/daily-note.md").write_text(DAILY_TEMPLATE, encoding="utf-8")
    found = people(vault)
    for note in ("people/maya-chen.md", "people/sam.md"):
        assert found[note]["last_contact"] == "2026-10-20"
        assert found[note]["interactions"] == 1
    followups = vk_json(vault, "followups")
    assert [f["text"] for f in followups] == ["send [[maya-chen]] the book"]
    overdue = {o["name"]: o["days_overdue"] for o in vk_json(vault, "overdue")}
    assert overdue == {"Sam Rivera": 29, "Maya Chen": 6}
    assert vk(vault, "doctor").output.strip() == "No vault issues."


def test_daily_notes_from_vscode_settings_with_comments_and_trailing_commas(
    tmp_path: Path,
) -> None:
    settings = (
        "{\n  // Foam's daily notes\n"
        '  "foam.openDailyNote.directory": "diary", /* where */\n'
        '  "foam.openDailyNote.filenameFormat": "dd-mm-yyyy",\n'
        '  "url": "http://example.org/*not a comment*/",\n}\n'
    )
    vault = workspace(
        tmp_path, {".vscode/settings.json": settings, "diary/20-10-2026.md": LUNCH}, foam=False
    )
    assert load_config(vault)[0].dialect == "foam"  # found by its foam. keys
    assert people(vault)["people/maya-chen.md"]["last_contact"] == "2026-10-20"


def test_daily_notes_in_journals_with_iso_names_by_default(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {"journals/2026-10-20.md": LUNCH})
    config = load_config(vault)[0]
    assert (config.daily_folder, config.daily_format) == ("journals", "YYYY-MM-DD")
    assert people(vault)["people/sam.md"]["last_contact"] == "2026-10-20"


def test_vaultkit_toml_wins_over_the_daily_template(tmp_path: Path) -> None:
    vault = workspace(
        tmp_path,
        {
            ".foam/templates/daily-note.md": DAILY_TEMPLATE,
            "vaultkit.toml": 'daily_folder = "log"\ndaily_format = "YYYY_MM_DD"\n',
            "log/2026_10_20.md": LUNCH,
        },
    )
    config = load_config(vault)[0]
    assert (config.daily_folder, config.daily_format) == ("log", "YYYY_MM_DD")
    assert config.daily_source == "vaultkit.toml"
    assert people(vault)["people/sam.md"]["last_contact"] == "2026-10-20"


def test_foam_ignore_and_files_exclude_leave_files_out(tmp_path: Path) -> None:
    settings = (
        '{"foam.files.ignore": ["**/{node_modules,vendor}/**"],\n'
        ' "foam.files.exclude": ["drafts/**"],\n'
        ' "files.exclude": {"_site/**": true, "kept/**": false},}'
    )
    ghost = "---\ntype: person\n---\n# Ghost\n"
    vault = workspace(
        tmp_path,
        {
            ".vscode/settings.json": settings,
            "node_modules/pkg/ghost.md": ghost,
            "lib/vendor/ghost.md": ghost,
            "drafts/draft.md": ghost,
            "_site/people/maya-chen.md": ghost,
            "kept/kept.md": ghost,
        },
    )
    assert set(people(vault)) == {"people/maya-chen.md", "people/sam.md", "kept/kept.md"}


def test_a_broken_vscode_settings_file_is_one_issue_never_a_crash(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {".vscode/settings.json": '{"foam.x": 1,, }'})
    result = vk(vault, "doctor")
    assert result.exit_code == 1
    assert result.output.count(".vscode/settings.json") == 1
    assert "Traceback" not in result.output
    assert set(people(vault)) == {"people/maya-chen.md", "people/sam.md"}


def test_dialect_in_vaultkit_toml_overrides_what_the_folder_looks_like(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {"vaultkit.toml": 'dialect = "obsidian"\n'})
    assert load_config(vault)[0].dialect == "obsidian"
    assert people(vault)["people/maya-chen.md"]["name"] == "maya-chen"
    plain = make_vault(tmp_path, {"vaultkit.toml": 'dialect = "foam"\n', "p/x.md": MAYA}, "b")
    assert load_config(plain)[0].dialect == "foam"
    bad = make_vault(tmp_path, {"vaultkit.toml": 'dialect = "roam"\n'}, "c")
    result = vk(bad, "doctor")
    assert result.exit_code == 2 and "'dialect' must be one of" in result.output


def test_a_foam_workspace_is_found_from_inside_it(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {})
    result = run_module(["people", "--today", "2026-11-25"], cwd=vault / "people")
    assert result.returncode == 0, result.stderr
    assert "Maya Chen" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1, // one\n "b": [1, 2,],}', {"a": 1, "b": [1, 2]}),
        ('/* head */ {"u": "http://x//y", "s": "/* no */", "c": ",}"}', None),
        ('{"q": "say \\"hi\\", // not a comment",}', {"q": 'say "hi", // not a comment'}),
    ],
)
def test_jsonc_reads_comments_and_trailing_commas_outside_strings(
    text: str, expected: dict[str, Any] | None
) -> None:
    want = expected or {"u": "http://x//y", "s": "/* no */", "c": ",}"}
    assert loads_jsonc(text) == want


def test_jsonc_refuses_what_is_not_json() -> None:
    with pytest.raises(ValueError):
        loads_jsonc('{"a": }')


def test_foam_date_formats_become_moment_formats() -> None:
    assert from_dateformat("yyyy-mm-dd") == "YYYY-MM-DD"
    assert from_dateformat("dd.mm.yy") == "DD.MM.YY"
    assert template_path("/journal/${FOAM_DATE_YEAR}-$FOAM_DATE_MONTH-${FOAM_DATE_DATE}.md") == (
        "journal",
        "YYYY-MM-DD",
    )
    assert template_path("daily/${FOAM_DATE_FORMAT:yyyy_mm_dd}.md") == ("daily", "YYYY_MM_DD")
    assert template_path("/${FOAM_TITLE}.md") is None
    assert template_path("notes/$FOAM_DATE_YEAR/$FOAM_DATE_MONTH/day-${FOAM_DATE_DATE}.md") == (
        "notes",
        "YYYY/MM/[day]-DD",
    )


def test_a_new_workspace_template_folder_not_made_yet_is_no_issue(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {".foam/templates/daily-note.md": DAILY_TEMPLATE})
    assert vk(vault, "doctor").output.strip() == "No vault issues."
    (vault / "journal").mkdir()
    (vault / "journal/notes.md").write_text("# not a daily note\n", encoding="utf-8")
    result = vk(vault, "doctor")
    assert result.exit_code == 1
    assert ".foam/templates/daily-note.md: daily-settings:" in result.output


def test_reference_definitions_are_no_links_and_a_heading_is_the_title() -> None:
    """The line scan hands a note with definitions to markdown-it, which consumes them
    (tests/test_simple.py holds the two readers equal on notes with definitions)."""
    from vaultkit.read.config import ParseOptions
    from vaultkit.read.parse import parse

    facts = parse("journal/2026-10-20.md", LUNCH, ParseOptions(dialect="foam"))
    assert [(link.target, link.line) for link in facts.links] == [
        ("maya-chen", 3),
        ("Sam Rivera", 3),
        ("maya-chen", 4),
    ]
    assert facts.title == "Lunch"
    assert parse("journal/2026-10-20.md", LUNCH).title == ""  # Obsidian: the file name


def test_sync_says_once_that_it_read_a_foam_workspace(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {})
    assert vk(vault, "sync").output.count("read as a Foam workspace") == 1
    plain = workspace(tmp_path / "o", {}, foam=False)
    assert "workspace" not in vk(plain, "sync").output


def test_daily_notes_in_year_and_month_folders_from_the_template(tmp_path: Path) -> None:
    template = DAILY_TEMPLATE.replace(
        "/journal/${FOAM_DATE_DATE}.${FOAM_DATE_MONTH}.${FOAM_DATE_YEAR}.md",
        "/journal/${FOAM_DATE_YEAR}/${FOAM_DATE_MONTH}/day ${FOAM_DATE_DATE}.md",
    )
    vault = workspace(
        tmp_path,
        {".foam/templates/daily-note.md": template, "journal/2026/10/day 20.md": LUNCH},
    )
    assert people(vault)["people/sam.md"]["last_contact"] == "2026-10-20"
    assert vk(vault, "doctor").output.strip() == "No vault issues."


def test_add_names_a_note_as_the_people_folders_notes_are_named(tmp_path: Path) -> None:
    vault = workspace(tmp_path, {})
    result = vk(vault, "add", "Lee Park", "--cadence", "monthly")
    assert result.exit_code == 0, result.output
    assert "Created people/lee-park.md" in result.output
    assert not (vault / "People").exists()  # the workspace's own `people/`, no second folder
    text = (vault / "people" / "lee-park.md").read_text(encoding="utf-8")
    assert "\n# Lee Park\n" in text and "name:" not in text  # the heading names it (§14)
    assert people(vault)["people/lee-park.md"]["name"] == "Lee Park"
    assert vk(vault, "log", "Lee Park", "tea").exit_code == 0


def test_add_in_a_folder_of_named_notes_uses_the_name(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path, {"people/Maya Chen.md": MAYA, "people/Sam Rivera.md": SAM, ".foam/x": ""}
    )
    assert vk(vault, "add", "Lee Park").exit_code == 0
    assert (vault / "people" / "Lee Park.md").is_file()
    assert not (vault / "People").exists()
