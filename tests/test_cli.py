"""End-to-end tests of the command line on real temporary vaults (VAULT_FORMAT §2, §5, §6, §8, §9).

Every test pins today to 2026-11-25. Most run in-process through click's runner; a few run the
real `python -m vaultkit` so the entry point (one-line errors, exit status) is covered too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from vaulthelp import (
    BASIC,
    MARKER_HEAD,
    OUTPUT,
    PAGE_COUNT,
    PAGE_NAMES,
    TODAY,
    invoke,
    make_vault,
    mtimes,
    output_pages,
    run_module,
    vk,
    vk_json,
)

from vaultkit import __version__
from vaultkit.cli.main import cli
from vaultkit.text.day_options import FORMS

READ_COMMANDS = ["sync", "overdue", "people", "show", "birthdays", "followups", "doctor"]
COMMANDS = sorted(cli.commands)  # every command, including ones added later

PERSON_KEYS = {
    "name",
    "note",
    "aliases",
    "tags",
    "cadence_days",
    "cadence_min_days",
    "cadence_from",
    "circles",
    "window_opens",
    "last_contact",
    "next_due",
    "birthday",
    "archived",
    "interactions",
}

OVERDUE = [
    {
        "name": "Dan",
        "note": "People/Dan.md",
        "last_contact": "2026-09-01",
        "cadence_days": 30,
        "cadence_min_days": 30,
        "cadence_from": "note",
        "window_opens": None,
        "due": "2026-10-01",
        "days_overdue": 55,
    },
    {
        "name": "Ann",
        "note": "People/Ann.md",
        "last_contact": "2026-10-01",
        "cadence_days": 7,
        "cadence_min_days": 7,
        "cadence_from": "note",
        "window_opens": None,
        "due": "2026-10-08",
        "days_overdue": 48,
    },
    {
        "name": "Bob Smith",
        "note": "People/Bob Smith.md",
        "last_contact": "2026-10-01",
        "cadence_days": 7,
        "cadence_min_days": 7,
        "cadence_from": "note",
        "window_opens": None,
        "due": "2026-10-08",
        "days_overdue": 48,
    },
    {
        "name": "Finn",
        "note": "People/Finn.md",
        "last_contact": None,
        "cadence_days": 14,
        "cadence_min_days": 14,
        "cadence_from": "note",
        "window_opens": None,
        "due": "2026-11-25",
        "days_overdue": 0,
    },
]

JANE_INTERACTIONS = [
    {
        "date": "2026-11-20",
        "note": "Daily/2026-11-20.md",
        "line": 1,
        "text": "Lunch with [[Jane Doe]] downtown.",
    },
    {
        "date": "2026-11-10",
        "note": "Daily/2026-11-10.md",
        "line": 1,
        "text": "Quick call with [[JD]].",
    },
    {
        "date": "2026-09-01",
        "note": "People/Jane Doe.md",
        "line": 11,
        "text": "coffee at the corner",
    },
]

JANE_FOLLOWUP = {
    "name": "Jane Doe",
    "note": "People/Jane Doe.md",
    "source": "People/Jane Doe.md",
    "line": 12,
    "text": "send the photos [due:: 2026-12-02]",
    "due": "2026-12-02",
}

BOB_FOLLOWUP = {
    "name": "Bob Smith",
    "note": "People/Bob Smith.md",
    "source": "Daily/2026-11-20.md",
    "line": 2,
    "text": "call [[Bob Smith]] about the trip 📅 2026-11-28",
    "due": "2026-11-28",
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path, BASIC)


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


# --- sync ---------------------------------------------------------------------------------


def test_sync_prints_stats_and_writes_marked_pages(vault: Path) -> None:
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "11 notes (+11 ~0 -0), 8 people, 8 interactions; "
        f"pages: {PAGE_COUNT} written, 0 unchanged; 0 vault issues\n"
    )
    assert result.stderr == ""
    pages = output_pages(vault)
    assert sorted(pages) == PAGE_NAMES
    for name, data in pages.items():
        assert data.startswith(MARKER_HEAD.encode()), name
        assert data.endswith(b"\n") and not data.endswith(b"\n\n"), name
    overdue_page = pages["Overdue check-ins.md"].decode()
    assert "As of 2026-11-25: 4 people to reach out to." in overdue_page
    rows = [line for line in overdue_page.splitlines() if line.startswith("| [[")]
    assert [row.split("\\|")[1].split("]]")[0] for row in rows] == [
        "Dan",
        "Ann",
        "Bob Smith",
        "Finn",
    ]
    assert rows[0].endswith("| 2026-10-01 | 55 days |")
    assert rows[3].endswith("| never | 14 days | 2026-11-25 | due today |")


def test_sync_dry_run_writes_nothing(vault: Path) -> None:
    result = vk(vault, "sync", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"pages: {PAGE_COUNT} would write, 0 unchanged" in result.stdout
    assert "  would write Vaultkit/People.md" in result.stdout.splitlines()
    assert not (vault / OUTPUT).exists()


def test_sync_check_exit_1_when_pages_would_change_then_0_after_sync(vault: Path) -> None:
    result = vk(vault, "sync", "--check")
    assert result.exit_code == 1, result.output
    assert not (vault / OUTPUT).exists()

    assert vk(vault, "sync").exit_code == 0
    before = output_pages(vault)
    stamps = mtimes(vault / OUTPUT)
    result = vk(vault, "sync", "--check")
    assert result.exit_code == 0, result.output
    assert f"pages: 0 would write, {PAGE_COUNT} unchanged" in result.stdout

    (vault / "Daily/2026-11-24.md").write_text("Met [[Dan]] for a walk.\n", encoding="utf-8")
    result = vk(vault, "sync", "--check")
    assert result.exit_code == 1, result.output
    assert output_pages(vault) == before
    assert mtimes(vault / OUTPUT) == stamps


def test_sync_strict_exit_1_with_vault_issues(tmp_path: Path) -> None:
    files = {**BASIC, "People/Broken.md": "---\ncadence: [unclosed\n---\n"}
    vault = make_vault(tmp_path, files)
    result = vk(vault, "sync", "--strict")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("1 vault issue")
    # --strict still writes the pages (the issues page is how the user learns what is wrong)
    assert b"People/Broken" in output_pages(vault)["Vault issues.md"]


def test_sync_strict_exit_0_on_clean_vault(vault: Path) -> None:
    result = vk(vault, "sync", "--strict")
    assert result.exit_code == 0, result.output


def test_sync_quiet_prints_nothing(tmp_path: Path) -> None:
    files = {**BASIC, "People/Broken.md": "---\ncadence: [unclosed\n---\n"}
    vault = make_vault(tmp_path, files)
    result = vk(vault, "sync", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(output_pages(vault)) == PAGE_NAMES


def test_sync_verbose_lists_pages(vault: Path) -> None:
    result = vk(vault, "sync", "--verbose")
    assert result.exit_code == 0, result.output
    listed = [line.strip() for line in result.stdout.splitlines()[1:]]
    assert listed[-1].startswith("took looking for notes ")  # how long each phase took
    assert listed[:-1] == [f"wrote Vaultkit/{name}" for name in PAGE_NAMES]


# --- reports --------------------------------------------------------------------------------


def test_overdue_json_exact_list_in_order(vault: Path) -> None:
    assert vk_json(vault, "overdue") == OVERDUE


def test_overdue_table_and_empty_message(tmp_path: Path, vault: Path) -> None:
    result = vk(vault, "overdue")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[-4:]] == ["Dan", "Ann", "Bob", "Finn"]
    empty = make_vault(tmp_path, {"People/Zed.md": "---\ncadence: 7\n---\n"}, "other")
    (empty / "Daily").mkdir()
    (empty / "Daily/2026-11-25.md").write_text("Saw [[Zed]].\n", encoding="utf-8")
    result = vk(empty, "overdue")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nobody is overdue. Well done.\n"


def test_people_json_keys_and_values(vault: Path) -> None:
    people: list[dict[str, Any]] = vk_json(vault, "people")
    assert [p["name"] for p in people] == [
        "Ann",
        "Bob Smith",
        "Carol",
        "Dan",
        "Finn",
        "Gus",
        "Hal",
        "Jane Doe",
    ]
    for person in people:
        assert set(person) == PERSON_KEYS, person["name"]
    by_name = {p["name"]: p for p in people}
    assert by_name["Jane Doe"] == {
        "name": "Jane Doe",
        "note": "People/Jane Doe.md",
        "aliases": ["JD", "Janey"],
        "tags": ["friend"],
        "cadence_days": 30,
        "cadence_min_days": 30,
        "cadence_from": "note",
        "circles": [],
        "window_opens": None,
        "last_contact": "2026-11-20",
        "next_due": "2026-12-20",
        "birthday": "1990-12-01",
        "archived": False,
        "interactions": 3,
    }
    assert by_name["Carol"] == {
        "name": "Carol",
        "note": "People/Carol.md",
        "aliases": [],
        "tags": ["family"],
        "cadence_days": None,
        "cadence_min_days": None,
        "cadence_from": None,
        "circles": [],
        "window_opens": None,
        "last_contact": None,
        "next_due": None,
        "birthday": None,
        "archived": False,
        "interactions": 0,
    }
    assert by_name["Bob Smith"]["birthday"] == "--11-30"
    assert by_name["Gus"]["archived"] is True
    assert by_name["Hal"]["archived"] is False


@pytest.mark.parametrize("name", ["Jane Doe", "jane doe", "JANE   DOE", "JD", "janey", "jd"])
def test_show_json_by_name_alias_any_case(vault: Path, name: str) -> None:
    result = vk(vault, "show", name, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "Jane Doe"
    assert data["note"] == "People/Jane Doe.md"
    assert data["interactions"] == JANE_INTERACTIONS
    assert data["followups"] == [JANE_FOLLOWUP]
    assert data["fields"] == {"email": "jane@example.com"}
    assert data["days_overdue"] is None
    assert PERSON_KEYS - {"interactions"} <= set(data)


def test_show_text(vault: Path) -> None:
    result = vk(vault, "show", "bob smith")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Bob Smith  (People/Bob Smith.md)"
    assert "  days_overdue: 48" in lines
    assert "Open follow-ups (1):" in lines


def test_show_unknown_name_exit_2_one_line_with_suggestion(vault: Path) -> None:
    proc = run_module(["show", "Jane Dough", "--vault", str(vault), "--today", TODAY], vault)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert _error_lines(proc.stderr) == [
        "vaultkit: error: no person named 'Jane Dough'; did you mean Jane Doe?"
    ]


def test_birthdays_within_10_json(vault: Path) -> None:
    assert vk_json(vault, "birthdays", "--within", "10") == [
        {
            "name": "Bob Smith",
            "note": "People/Bob Smith.md",
            "date": "2026-11-30",
            "in_days": 5,
            "age": None,
        },
        {
            "name": "Jane Doe",
            "note": "People/Jane Doe.md",
            "date": "2026-12-01",
            "in_days": 6,
            "age": 36,
        },
    ]


def test_birthdays_default_window_is_30_days(vault: Path) -> None:
    found = vk_json(vault, "birthdays")
    assert [(b["name"], b["in_days"], b["age"]) for b in found] == [
        ("Bob Smith", 5, None),
        ("Jane Doe", 6, 36),
        ("Hal", 25, 26),
    ]


def test_followups_json(vault: Path) -> None:
    assert vk_json(vault, "followups") == [BOB_FOLLOWUP, JANE_FOLLOWUP]


# --- doctor -------------------------------------------------------------------------------


def test_doctor_clean_vault_exit_0(vault: Path) -> None:
    result = vk(vault, "doctor")
    assert result.exit_code == 0, result.output
    assert result.stdout == "No vault issues.\n"
    result = vk(vault, "doctor", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_doctor_reports_issues_exit_1(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        **BASIC,
        "People/Broken.md": "---\nname: Broken\ncadence: [unclosed\n---\n",
        "People/Odd.md": "---\ncadence: whenever\n---\n",
        "Latin1.md": "caf\xe9\n".encode("latin-1"),
    }
    vault = make_vault(tmp_path, files)
    result = vk(vault, "doctor", "--json")
    assert result.exit_code == 1, result.output
    issues: list[dict[str, Any]] = json.loads(result.stdout)
    for issue in issues:
        assert set(issue) == {"path", "line", "kind", "message"}
    got = {(i["path"], i["kind"]) for i in issues}
    assert got == {
        ("People/Broken.md", "front-matter"),
        ("People/Odd.md", "bad-cadence"),
        ("Latin1.md", "encoding"),
    }
    latin = next(i for i in issues if i["path"] == "Latin1.md")
    assert latin["line"] == 1
    broken = next(i for i in issues if i["path"] == "People/Broken.md")
    assert isinstance(broken["line"], int) and 1 <= broken["line"] <= 4

    text = vk(vault, "doctor")
    assert text.exit_code == 1
    assert len(text.stdout.splitlines()) == 3
    assert text.stderr == "3 vault issues\n"


# --- options, help, env ---------------------------------------------------------------------


def test_version() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"vaultkit, version {__version__}"


def test_top_level_help_has_example() -> None:
    result = invoke(["--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout


def test_all_documented_commands_exist() -> None:
    assert set(READ_COMMANDS) <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_example(command: str) -> None:
    result = invoke([command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert f"vaultkit {command}" in result.stdout.split("Example", 1)[1]


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_vault_commands_take_vault_and_today(command: str) -> None:
    result = invoke([command, "--help"])
    assert "--vault" in result.stdout
    assert "--today" in result.stdout


def test_env_vars_select_vault_and_today(vault: Path) -> None:
    env = {"VAULTKIT_VAULT": str(vault), "VAULTKIT_TODAY": TODAY}
    result = invoke(["overdue", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == OVERDUE
    # another today through the env: Finn (no contact, cadence 14) is due "today" whatever day
    later = invoke(["overdue", "--json"], env={**env, "VAULTKIT_TODAY": "2026-11-30"})
    assert later.exit_code == 0, later.output
    assert [(o["name"], o["days_overdue"]) for o in json.loads(later.stdout)] == [
        ("Dan", 60),
        ("Ann", 53),
        ("Bob Smith", 53),
        ("Finn", 0),
    ]


def test_option_beats_env(tmp_path: Path, vault: Path) -> None:
    other = make_vault(tmp_path, {"People/Zoe.md": "---\ncadence: 7\n---\n"}, "other")
    env = {"VAULTKIT_VAULT": str(other), "VAULTKIT_TODAY": "2027-01-01"}
    result = invoke(["overdue", "--json", "--vault", str(vault), "--today", TODAY], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == OVERDUE


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", "25.11.2026"])
def test_bad_today_exit_2_one_line(vault: Path, bad: str) -> None:
    proc = run_module(["overdue", "--vault", str(vault), "--today", bad], vault)
    assert proc.returncode == 2
    lines = _error_lines(proc.stderr)
    assert len(lines) == 1
    assert lines[0].startswith("vaultkit: error: ")
    assert bad in lines[0]


def test_bad_today_from_env_exit_2(vault: Path) -> None:
    proc = run_module(
        ["people"], vault, env={"VAULTKIT_VAULT": str(vault), "VAULTKIT_TODAY": "soon"}
    )
    assert proc.returncode == 2
    assert _error_lines(proc.stderr) == [
        f"vaultkit: error: --today must be a date: {FORMS}; got 'soon'"
    ]


def test_bad_today_in_process_is_usage_error(vault: Path) -> None:
    result = invoke(["sync", "--vault", str(vault), "--today", "x"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"vaultkit: error: --today must be a date: {FORMS}; got 'x'\n"
    assert not (vault / OUTPUT).exists()


def test_no_vault_found_exit_2_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "nowhere"
    empty.mkdir()
    proc = run_module(["overdue", "--today", TODAY], empty)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = _error_lines(proc.stderr)
    assert len(lines) == 1
    assert lines[0].startswith("vaultkit: error: no vault found")


def test_no_vault_found_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "nowhere"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = invoke(["people", "--json", "--today", TODAY])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("vaultkit: error: no vault found")


def test_missing_vault_path_exit_2(tmp_path: Path) -> None:
    proc = run_module(["sync", "--vault", str(tmp_path / "absent"), "--today", TODAY], tmp_path)
    assert proc.returncode == 2
    lines = _error_lines(proc.stderr)
    assert len(lines) == 1
    assert lines[0].startswith("vaultkit: error: vault folder not found")


def test_vault_found_from_subfolder_of_obsidian_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_vault(tmp_path, BASIC, obsidian=True)
    deep = vault / "Daily" / "sub" / "deeper"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = invoke(["overdue", "--json", "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == OVERDUE
    result = invoke(["sync", "--quiet", "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert sorted(output_pages(vault)) == PAGE_NAMES
    assert not (deep / OUTPUT).exists()


def test_vault_found_from_subfolder_by_vaultkit_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": 'output_folder = "Summary"\n'})
    monkeypatch.chdir(vault / "People")
    result = invoke(["sync", "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert (vault / "Summary" / "People.md").is_file()


# --- the real process ---------------------------------------------------------------------


def test_subprocess_sync(vault: Path) -> None:
    proc = run_module(["sync", "--vault", str(vault), "--today", TODAY], vault)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("11 notes (+11 ~0 -0), 8 people, 8 interactions; ")
    assert f"pages: {PAGE_COUNT} written, 0 unchanged" in proc.stdout
    assert proc.stderr == ""
    assert sorted(output_pages(vault)) == PAGE_NAMES


def test_subprocess_overdue_json(vault: Path) -> None:
    proc = run_module(
        ["overdue", "--json"], vault, env={"VAULTKIT_VAULT": str(vault), "VAULTKIT_TODAY": TODAY}
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == OVERDUE


def test_subprocess_config_error_one_line_per_problem(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": "recent_dayz = 10\n"})
    proc = run_module(["sync", "--vault", str(vault), "--today", TODAY], vault)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = _error_lines(proc.stderr)
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("vaultkit: error: ")
    assert "recent_dayz" in line
    assert str(vault / "vaultkit.toml") in line
    assert "did you mean 'recent_days'" in line
    assert not (vault / OUTPUT).exists()


def test_subprocess_unknown_option_is_usage_error(vault: Path) -> None:
    proc = run_module(["sync", "--vault", str(vault), "--frobnicate"], vault)
    assert proc.returncode == 2
    assert "--frobnicate" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_subprocess_sync_issue_count_on_stderr(tmp_path: Path) -> None:
    files = {**BASIC, "People/Broken.md": "---\ncadence: [unclosed\n---\n"}
    vault = make_vault(tmp_path, files)
    proc = run_module(["sync", "--vault", str(vault), "--today", TODAY], vault)
    assert proc.returncode == 0
    lines = _error_lines(proc.stderr)
    assert len(lines) == 1
    assert lines[0].startswith("1 vault issue")
    assert lines[0].endswith("see Vaultkit/Vault issues.md or run `vaultkit doctor`")
    assert os.path.isfile(vault / OUTPUT / "Vault issues.md")
