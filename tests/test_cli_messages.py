"""What a new user reads (issue 15): date words and date errors, forgiving names, the `--create`
hint, empty states that teach, readable `show`. Every message end to end through the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from vaulthelp import BASIC, PAGE_COUNT, invoke, make_vault, run_module, vk

import vaultkit
from vaultkit.session.quick import find_vault
from vaultkit.text.day_options import FORMS


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path, BASIC)


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "day"),
    [
        ("yesterday", "2026-11-24"),
        ("today", "2026-11-25"),
        ("-3d", "2026-11-22"),
        ("monday", "2026-11-23"),
        ("wednesday", "2026-11-25"),
        ("2026-11-21", "2026-11-21"),
    ],
)
def test_log_date_takes_words_counted_from_today(vault: Path, word: str, day: str) -> None:
    result = vk(vault, "log", "Jane Doe", "--date", word, "tea")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"People/Jane Doe.md: - {day} tea"
    assert f"- {day} tea\n" in (vault / "People/Jane Doe.md").read_text(encoding="utf-8")


def test_log_date_counts_from_a_pinned_today(vault: Path) -> None:
    result = invoke(
        ["log", "Jane Doe", "tea", "--vault", str(vault), "--today", "2026-11-10", "--date", "-2d"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("People/Jane Doe.md: - 2026-11-08 tea\n")


def test_an_impossible_log_date_blames_date_not_today(vault: Path) -> None:
    before = (vault / "People/Jane Doe.md").read_bytes()
    result = vk(vault, "log", "Jane Doe", "--date", "2026-02-30", "tea")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "vaultkit: error: --date: '2026-02-30' is not a date (February 2026 has 28 days)\n"
    )
    assert (vault / "People/Jane Doe.md").read_bytes() == before


def test_a_word_that_is_no_day_names_date_and_the_forms(vault: Path) -> None:
    result = vk(vault, "log", "Jane Doe", "--date", "soon", "tea")
    assert result.exit_code == 2
    assert result.stderr == f"vaultkit: error: --date must be a date: {FORMS}; got 'soon'\n"


def test_an_impossible_today_names_today(vault: Path) -> None:
    result = invoke(["overdue", "--vault", str(vault), "--today", "2026-02-30"])
    assert result.exit_code == 2
    assert result.stderr == (
        "vaultkit: error: --today: '2026-02-30' is not a date (February 2026 has 28 days)\n"
    )


@pytest.mark.parametrize("how", ["option", "env"])
def test_today_takes_words_too(vault: Path, how: str) -> None:
    """`--today yesterday` is the day before the real today (both read the clock once)."""
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    pinned = invoke(["overdue", "--json", "--vault", str(vault), "--today", yesterday])
    args = ["overdue", "--json", "--vault", str(vault)]
    if how == "option":
        result = invoke([*args, "--today", "yesterday"])
    else:
        result = invoke(args, env={"VAULTKIT_TODAY": "yesterday"})
    assert result.exit_code == 0, result.output
    assert result.stdout == pinned.stdout
    assert json.loads(result.stdout)


def test_help_lists_the_date_words() -> None:
    result = invoke(["log", "--help"])
    assert "yesterday, -3d" in " ".join(result.stdout.split())


# --- names ----------------------------------------------------------------------------------

SAMS = {
    "People/Sam Rivera.md": "---\ncadence: 30\n---\n# Sam\n",
    "People/Samantha Jones.md": "---\naliases: [Sami]\n---\n",
    "People/Inês Duarte.md": "---\ncadence: 14\n---\n",
    "People/Sara Kim.md": "",
}


def _show_name(vault: Path, name: str) -> str:
    result = vk(vault, "show", name, "--json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["name"])


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("Sam Rivera", "Sam Rivera"),
        ("sam", "Sam Rivera"),  # a first name: Samantha's name does not end a word there
        ("SAM", "Sam Rivera"),
        ("sam riv", "Sam Rivera"),
        ("saman", "Samantha Jones"),
        ("sami", "Samantha Jones"),  # her alias, exactly
        ("inês", "Inês Duarte"),
        ("ine\u0302s", "Inês Duarte"),  # typed decomposed (NFD), as macOS may
        ("ine\u0302", "Inês Duarte"),
        ("sar", "Sara Kim"),
    ],
)
def test_show_takes_a_unique_prefix_or_first_name(tmp_path: Path, typed: str, who: str) -> None:
    vault = make_vault(tmp_path, SAMS)
    assert _show_name(vault, typed) == who


def test_an_ambiguous_prefix_lists_the_choices(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, SAMS)
    result = vk(vault, "show", "sa")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "vaultkit: error: 'sa' matches several people: Sam Rivera (People/Sam Rivera.md), "
        "Samantha Jones (People/Samantha Jones.md), Sara Kim (People/Sara Kim.md)\n"
    )


def test_two_people_with_one_first_name_are_listed(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**SAMS, "People/Sam Lee.md": ""})
    result = vk(vault, "show", "sam")
    assert result.exit_code == 2
    assert result.stderr == (
        "vaultkit: error: 'sam' matches several people: "
        "Sam Lee (People/Sam Lee.md), Sam Rivera (People/Sam Rivera.md)\n"
    )


def test_log_takes_a_first_name(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, SAMS)
    result = vk(vault, "log", "sam", "climbing")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("People/Sam Rivera.md: - 2026-11-25 climbing\n")


def test_an_unknown_name_in_log_suggests_create(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, SAMS)
    result = vk(vault, "log", "Nobody", "tea")
    assert result.exit_code == 2
    assert result.stderr == (
        "vaultkit: error: no person named 'Nobody'; add --create to start People/Nobody.md\n"
    )
    assert not (vault / "People/Nobody.md").exists()
    created = vk(vault, "log", "Nobody", "tea", "--create")
    assert created.exit_code == 0, created.output
    assert (vault / "People/Nobody.md").is_file()


def test_an_unknown_name_in_show_does_not_mention_create(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, SAMS)
    result = vk(vault, "show", "Nobody")
    assert result.stderr == "vaultkit: error: no person named 'Nobody'\n"


def test_log_create_with_a_first_name_asks_which(tmp_path: Path) -> None:
    """`log sam --create`: Sam Rivera, or a new Sam? Nothing is written until the user says."""
    vault = make_vault(tmp_path, SAMS)
    before = (vault / "People/Sam Rivera.md").read_bytes()
    result = vk(vault, "log", "sam", "tea", "--create")
    assert result.exit_code == 2
    assert result.stderr == (
        "vaultkit: error: 'sam' is no one's full name but could be Sam Rivera "
        "(People/Sam Rivera.md): drop --create to log there, or give the new person's full name\n"
    )
    assert (vault / "People/Sam Rivera.md").read_bytes() == before
    assert sorted(p.name for p in (vault / "People").iterdir()) == sorted(
        p.rsplit("/", 1)[1] for p in SAMS
    )


def test_the_api_finds_people_the_same_way(tmp_path: Path) -> None:
    vault = vaultkit.open_vault(make_vault(tmp_path, SAMS), today="2026-11-25", cache=False)
    assert vault.person("sam").name == "Sam Rivera"
    with pytest.raises(vaultkit.UsageError, match="'sa' matches several people"):
        vault.person("sa")


# --- empty states ---------------------------------------------------------------------------

NO_PEOPLE = (
    "No people yet. A note is a person when it is in a people folder (`People/`), or has "
    "`type: person`, a `person` or `people` tag, or `categories: [[People]]`. "
    'Create one with `vaultkit add "Maya Chen"`.'
)


def _page(vault: Path, name: str) -> str:
    return (vault / "Vaultkit" / name).read_text(encoding="utf-8")


def test_people_without_cadence_are_not_well_done(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            "People/Ann.md": "",
            "People/Bo.md": "---\ntags: [friend]\n---\n",
            "People/Cy.md": "---\ncadence: none\n---\n",  # no check-ins, by choice
            "People/Di.md": "---\narchived: true\n---\n",
        },
    )
    assert vk(vault, "sync").exit_code == 0
    expected = (
        "Nobody is overdue, but 2 people have no cadence (Ann, Bo): add `cadence:` or a circle."
    )
    assert expected in _page(vault, "Overdue check-ins.md").splitlines()
    assert "Well done" not in _page(vault, "Overdue check-ins.md")
    assert vk(vault, "overdue").stdout == expected + "\n"


def test_one_person_without_cadence(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Ann.md": "", "People/Bo.md": "---\ncadence: 30\n---\n"})
    vk(vault, "log", "Bo", "tea")
    assert vk(vault, "overdue").stdout == (
        "Nobody is overdue, but 1 person has no cadence (Ann): add `cadence:` or a circle.\n"
    )


def test_everyone_with_a_cadence_and_none_overdue_is_well_done(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path, {"People/Bo.md": "---\ncadence: 30\nlast_contact: 2026-11-20\n---\n"}
    )
    assert vk(vault, "overdue").stdout == "Nobody is overdue. Well done.\n"


def test_no_people_says_how_people_are_found(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Daily/2026-11-20.md": "Coffee with [[Maya]].\n"})
    assert vk(vault, "sync").exit_code == 0
    assert NO_PEOPLE in _page(vault, "People.md").splitlines()
    assert "0 people" not in _page(vault, "People.md")
    assert (
        "Nobody is overdue: vaultkit found no people yet (see the People page)."
        in _page(vault, "Overdue check-ins.md").splitlines()
    )
    assert vk(vault, "people").stdout == NO_PEOPLE + "\n"
    assert vk(vault, "overdue").stdout == NO_PEOPLE + "\n"
    assert json.loads(vk(vault, "people", "--json").stdout) == []


def test_no_people_names_the_configured_folders(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": 'people_folders = ["Contacts", "Team"]\n'})
    assert "(`Contacts/`, `Team/`)" in vk(vault, "people").stdout


# --- readable everywhere --------------------------------------------------------------------


def test_show_prints_fields_as_a_person_writes_them(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            "People/Ana.md": (
                "---\n"
                'projects: ["[[Obsidian]]", "[[vaultkit]]"]\n'
                "newsletter: false\n"
                "vip: true\n"
                "met:\n  where: Lisbon\n  year: 2019\n"
                "phone:\n"
                "company: Northwind\n"
                "---\n"
            )
        },
    )
    result = vk(vault, "show", "ana")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for expected in [
        "  projects: [[Obsidian]], [[vaultkit]]",
        "  newsletter: no",
        "  vip: yes",
        "  met: where: Lisbon, year: 2019",
        "  company: Northwind",
    ]:
        assert expected in lines
    assert not any(line.startswith("  phone") for line in lines)  # an empty field says nothing
    assert "[" + "'" not in result.stdout and "False" not in result.stdout


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Ana.md": "---\nlast_contact: 2026-11-20\n---\n"})
    result = vk(vault, "sync")
    assert result.stdout == (
        f"1 note (+1 ~0 -0), 1 person, 1 interaction; pages: {PAGE_COUNT} written, 0 unchanged; "
        "0 vault issues\n"
    )


MEETINGS = {
    "People/Jane Doe.md": "",
    "People/Bob.md": "",
    "Meetings/Offsite planning.md": (
        '---\ndate: 2026-11-19\nattendees:\n  - "[[Jane Doe]]"\n---\nAgenda.\n'
    ),
    "Meetings/q4.md": (
        '---\ntitle: Q4 review\ndate: 2026-11-18\nAttendees: ["[[Bob]]"]\n---\n# Q4\n\n- Numbers.\n'
    ),
    "Meetings/Empty.md": '---\ndate: 2026-11-17\nattendees: ["[[Bob]]"]\n---\n# Empty\n',
}


def test_a_meeting_attendee_is_described_by_the_meetings_first_line(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, MEETINGS)
    assert vk(vault, "sync").exit_code == 0
    recent = _page(vault, "Recent interactions.md")
    assert "| Agenda. |" in recent
    assert "| Numbers. |" in recent  # headings are passed over, list markers dropped
    assert "| Empty (attendees) |" in recent  # no text: the title and the property
    assert "attendees:" not in recent.casefold()
    shown = json.loads(vk(vault, "show", "jane", "--json").stdout)
    assert [i["text"] for i in shown["interactions"]] == ["Agenda."]
    assert "2026-11-19  Agenda.  [Meetings/Offsite planning.md]" in (
        vk(vault, "show", "jane").stdout
    )


def test_an_interaction_from_a_meetings_attendees_does_not_read_attendees(
    tmp_path: Path,
) -> None:
    block = "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    people = {"People/Jane Doe.md": block, "People/Bob.md": block}
    vault = make_vault(tmp_path, {**MEETINGS, **people})
    assert vk(vault, "sync").exit_code == 0
    jane = (vault / "People/Jane Doe.md").read_text(encoding="utf-8")
    assert "- 2026-11-19 · [[Meetings/Offsite planning|Offsite planning]] — Agenda.\n" in jane
    bob = (vault / "People/Bob.md").read_text(encoding="utf-8")
    assert "- 2026-11-17 · [[Meetings/Empty|Empty]] — listed in attendees\n" in bob


# --- finding the vault ----------------------------------------------------------------------


def test_a_foam_workspace_is_a_vault(tmp_path: Path) -> None:
    root = make_vault(tmp_path, {"People/Jane Doe.md": "", "journal/notes.md": "x\n"})
    (root / ".foam").mkdir()
    assert find_vault(None, root / "journal") == root
    done = run_module(["people", "--json", "--today", "2026-11-25"], root / "journal")
    assert done.returncode == 0, done.stderr
    assert [p["name"] for p in json.loads(done.stdout)] == ["Jane Doe"]


def test_vaultkit_toml_anywhere_above_wins_over_a_nearer_obsidian_folder(tmp_path: Path) -> None:
    root = make_vault(tmp_path, {"vaultkit.toml": "", "Projects/X/Plan.md": "x\n"})
    (root / "Projects/X/.obsidian").mkdir()  # "open folder as vault" once, long ago
    (root / "Projects/X/deep").mkdir()
    assert find_vault(None, root / "Projects/X/deep") == root
    (root / "vaultkit.toml").unlink()
    assert find_vault(None, root / "Projects/X/deep") == root / "Projects/X"


def test_no_vault_says_what_marks_one(tmp_path: Path) -> None:
    done = run_module(["people"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "vaultkit: error: no vault found here or above (no vaultkit.toml, .obsidian/, .foam/ or "
        "logseq/config.edn); "
        "pass --vault PATH, set VAULTKIT_VAULT, or run `vaultkit init` in your notes folder"
    )


# --- add follows the vault ------------------------------------------------------------------


def _add(vault: Path, *args: str) -> str:
    result = vk(vault, "add", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_add_uses_the_configured_people_folder_and_template(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            "vaultkit.toml": 'people_folders = ["Contacts"]\nperson_template = "Meta/Contact.md"\n',
            "Meta/Contact.md": "---\ntype: person\nemail:\n---\n# {{title}}\n\n## Notes\n",
            "Templates/Person.md": "---\nfrom: vaultkit's usual place\n---\n",
        },
    )
    out = _add(vault, "Maya Chen", "--set", "email=maya@example.com", "--cadence", "monthly")
    assert out == "Created Contacts/Maya Chen.md (from Meta/Contact.md)\n"
    assert (vault / "Contacts/Maya Chen.md").read_text(encoding="utf-8") == (
        '---\ntype: person\nemail: "maya@example.com"\ncadence: "monthly"\n---\n'
        "# Maya Chen\n\n## Notes\n"
    )


def test_a_missing_person_template_is_a_one_line_error(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": 'person_template = "Meta/Nope.md"\n'})
    result = vk(vault, "add", "Maya")
    assert result.exit_code == 2
    assert result.stderr == (
        f"vaultkit: error: {vault / 'vaultkit.toml'}: person_template 'Meta/Nope.md' is not a "
        "note in the vault; fix the path or remove the key\n"
    )
    assert not (vault / "People").exists()


@pytest.mark.parametrize(
    "bad", ['"../Person.md"', '"/etc/Person.md"', '".obsidian/P.md"', '"Person.txt"', "3"]
)
def test_person_template_must_be_a_note_in_the_vault(tmp_path: Path, bad: str) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": f"person_template = {bad}\n"})
    result = vk(vault, "people")
    assert result.exit_code == 2
    assert "'person_template' must be" in result.stderr


@pytest.mark.parametrize(
    ("files", "used"),
    [
        (
            {"Templates/Person.md": "P\n", "Templates/People.md": "Q\n"},
            "Templates/Person.md",
        ),
        ({"Templates/People - contact.md": "Q\n"}, "Templates/People - contact.md"),
        (
            {"Templates/CRM/Person (CRM).md": "Q\n", "Templates/person template.md": "R\n"},
            "Templates/person template.md",  # the shallowest
        ),
        ({"Templates/Meeting.md": "M\n"}, None),
    ],
)
def test_add_finds_the_vaults_own_person_template(
    tmp_path: Path, files: dict[str, str], used: str | None
) -> None:
    vault = make_vault(tmp_path, files)
    out = _add(vault, "Maya")
    assert out == f"Created People/Maya.md (from {used or 'vaultkit' + chr(39) + 's template'})\n"
    text = (vault / "People/Maya.md").read_text(encoding="utf-8")
    if used:
        assert text == files[used]
    else:
        assert text.startswith("---\naliases: []\ntags: [person]\n")


def test_add_finds_a_template_in_obsidians_templates_folder(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            ".obsidian/templates.json": '{"folder": "Meta/Templates"}',
            "Meta/Templates/Person template.md": (
                '---\ncreated: <% tp.date.now("YYYY-MM-DD") %>\n---\n# <% tp.file.title %>\n'
            ),
        },
    )
    out = _add(vault, "Oli Tan", "--field", "company=Northwind")
    assert out == "Created People/Oli Tan.md (from Meta/Templates/Person template.md)\n"
    assert (vault / "People/Oli Tan.md").read_text(encoding="utf-8") == (
        '---\ncreated: 2026-11-25\ncompany: "Northwind"\n---\n# Oli Tan\n'
    )


def test_set_needs_key_equals_value(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {})
    result = vk(vault, "add", "Kim", "--set", "nonsense")
    assert result.exit_code == 2
    assert "'nonsense' is not KEY=VALUE" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--birthday", "2026-02-30"], "--birthday: '2026-02-30' is not a real date"),
        (["--birthday", "soon"], "--birthday: expected a birthday like 1990-05-17 or --05-17"),
        (["--cadence", "sometimes"], "--cadence: 'sometimes' is not a cadence; use "),
        (["--set", "birthday=2026-02-31"], "birthday: '2026-02-31' is not a real date"),
    ],
)
def test_add_errors_name_the_option(tmp_path: Path, args: list[str], message: str) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": ""})
    result = vk(vault, "add", "Kim", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"vaultkit: error: {message}")
    assert not (vault / "People").exists()
