"""Nothing a user types crashes vaultkit (issue 10 B): days at the calendar's ends, and numbers
in vaultkit.toml far outside any sensible range, give an answer or a one-line error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from vaulthelp import BASIC, invoke, make_vault, run_module

from vaultkit.text.dates import DateValueError, next_birthday, parse_cadence

LAST_DAYS = ["9999-12-31", "9999-12-30", "9999-02-28", "0001-01-01"]

EDGES: dict[str, str | bytes] = {
    **BASIC,
    "People/Eve.md": (
        "---\nbirthday: --12-31\ncadence: 1\n---\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    ),
    "People/Leap.md": (
        "---\nbirthday: 2000-02-29\ncadence: 99999999\nlast_contact: 9999-12-31\n---\n"
        "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    ),
    "People/First.md": (
        "---\nbirthday: 0001-01-01\nlast_contact: 0001-01-01\ncadence: 1\n---\n"
        "- [ ] call [[First]] 📅 9999-12-31\n- [ ] call [[First]] 📅 0001-01-01\n"
        "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    ),
    "Daily/9999-12-31.md": "Last call with [[Eve]].\n",
    "Daily/0001-01-01.md": "First call with [[First]].\n",
}

COMMANDS = [
    ["sync"],
    ["sync", "--check"],
    ["sync", "--dry-run"],
    ["overdue"],
    ["overdue", "--json"],
    ["people", "--json"],
    ["birthdays"],
    ["birthdays", "--within", "366", "--json"],
    ["followups"],
    ["doctor"],
    ["show", "Leap"],
    ["show", "First", "--json"],
    ["log", "Eve", "a", "call"],
    ["log", "Eve", "another", "--date", "9999-12-31"],
    ["add", "Zed", "--birthday", "--01-01", "--cadence", "every 3 years"],
    ["sync"],
]


@pytest.mark.parametrize("today", LAST_DAYS)
@pytest.mark.parametrize("how", ["option", "env"])
def test_every_command_answers_on_the_calendars_last_and_first_days(
    tmp_path: Path, today: str, how: str
) -> None:
    vault = make_vault(tmp_path, EDGES)
    for command in COMMANDS:
        if how == "option":
            result = invoke([*command, "--vault", str(vault), "--today", today])
        else:
            result = invoke([*command, "--vault", str(vault)], env={"VAULTKIT_TODAY": today})
        assert result.exit_code in (0, 1), (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            result.exception,
        )


def _birthdays(vault: Path, today: str, within: int = 366) -> dict[str, tuple[str, int]]:
    result = invoke(
        ["birthdays", "--vault", str(vault), "--today", today, "--within", str(within), "--json"]
    )
    assert result.exit_code == 0, result.output
    return {b["name"]: (b["date"], b["in_days"]) for b in json.loads(result.stdout)}


def test_birthdays_at_the_calendars_end_are_shown_or_left_out(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, EDGES)
    last = _birthdays(vault, "9999-12-31")
    assert last["Eve"] == ("9999-12-31", 0)  # today: shown
    assert "First" not in last  # 10000-01-01 has no date: left out, never a traceback
    assert "Leap" not in last
    # 9999 is a common year: 29 February falls on the 28th, as in any other common year
    assert _birthdays(vault, "9999-02-27")["Leap"] == ("9999-02-28", 1)
    assert _birthdays(vault, "9999-03-01").get("Leap") is None


def test_the_pages_hold_the_first_days_contacts(tmp_path: Path) -> None:
    """`recent_days` reaches back before year 1: the window simply has no start."""
    vault = make_vault(tmp_path, EDGES)
    result = invoke(["sync", "--vault", str(vault), "--today", "0001-01-01"])
    assert result.exit_code == 0, result.output
    recent = (vault / "Vaultkit" / "Recent interactions.md").read_text(encoding="utf-8")
    assert "0001-01-01" in recent and "[[First]]" in recent


def test_next_birthday_past_the_calendar_is_none() -> None:
    assert next_birthday((None, 12, 31), date(9999, 12, 31)) == date(9999, 12, 31)
    assert next_birthday((None, 1, 1), date(9999, 12, 31)) is None
    assert next_birthday((2000, 2, 29), date(9999, 3, 1)) is None
    assert next_birthday((None, 2, 29), date(9998, 3, 1)) == date(9999, 2, 28)


def test_a_cadence_with_more_digits_than_python_converts_is_a_bad_cadence() -> None:
    with pytest.raises(DateValueError, match="too many digits"):
        parse_cadence("9" * 5000)
    with pytest.raises(DateValueError, match="too many digits"):
        parse_cadence(f"every {'9' * 5000} weeks")


def test_a_note_with_such_a_cadence_is_one_issue(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Max.md": f"---\ncadence: '{'9' * 5000}'\n---\n"})
    result = invoke(["doctor", "--vault", str(vault), "--today", "2026-11-25"])
    assert result.exit_code == 1
    assert "bad-cadence" in result.stdout and "too many digits" in result.stdout


BAD_NUMBERS = [
    ("recent_days", "1000000000000000000000000000000", "from 0 to 36500"),
    ("recent_days", "36501", "from 0 to 36500"),
    ("recent_days", "3.0", "from 0 to 36500"),
    ("birthday_window_days", "-1", "from 0 to 36500"),
    ("due_soon_days", "-9223372036854775808", "from 0 to 36500"),
    ("timeline_limit", "100000000000000000000", "from 0 to 10000"),
    ("timeline_limit", "-1", "from 0 to 10000"),
    ("max_file_size_mb", "1e308", "above 0 and at most 1024"),
    ("max_file_size_mb", "inf", "above 0 and at most 1024"),
    ("max_file_size_mb", "nan", "above 0 and at most 1024"),
    ("max_file_size_mb", "0", "above 0 and at most 1024"),
    ("max_file_size_mb", "-5", "above 0 and at most 1024"),
    ("max_file_size_mb", "true", "above 0 and at most 1024"),
]


@pytest.mark.parametrize(("key", "value", "allowed"), BAD_NUMBERS)
def test_numbers_out_of_range_are_one_line_naming_the_key(
    tmp_path: Path, key: str, value: str, allowed: str
) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": f"{key} = {value}\n"})
    for command in (["sync"], ["birthdays"], ["overdue", "--json"]):
        result = invoke([*command, "--vault", str(vault), "--today", "2026-11-25"])
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"vaultkit: error: {vault / 'vaultkit.toml'}: '{key}' must be")
        assert allowed in lines[0]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("recent_days", "0"),
        ("recent_days", "36500"),
        ("birthday_window_days", "36500"),
        ("timeline_limit", "10000"),
        ("max_file_size_mb", "1024"),
        ("max_file_size_mb", "0.5"),
    ],
)
def test_the_ends_of_each_range_are_allowed(tmp_path: Path, key: str, value: str) -> None:
    vault = make_vault(tmp_path, {**EDGES, "vaultkit.toml": f"{key} = {value}\n"})
    for today in ("2026-11-25", "9999-12-31", "0001-01-01"):
        result = invoke(["sync", "--vault", str(vault), "--today", today])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("recent_days = 1" + "0" * 5000, "Exceeds the limit"),
        ("recent_days = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
def test_toml_python_cannot_hold_is_a_one_line_error(
    tmp_path: Path, text: str, reason: str
) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": text + "\n"})
    result = invoke(["sync", "--vault", str(vault)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "not valid TOML" in lines[0] and reason in lines[0]


def test_a_daily_notes_json_nested_too_deeply_is_an_issue(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {".obsidian/daily-notes.json": "[" * 100_000 + "]" * 100_000})
    result = invoke(["doctor", "--vault", str(vault), "--today", "2026-11-25"])
    assert result.exit_code == 1
    assert ".obsidian/daily-notes.json" in result.stdout


def test_the_real_command_at_the_calendars_end(tmp_path: Path) -> None:
    """As a process: VAULTKIT_TODAY at the last day, then a config number out of range."""
    vault = make_vault(tmp_path, EDGES)
    for args in (["sync"], ["birthdays"], ["people"]):
        proc = run_module(
            [*args, "--vault", str(vault)], tmp_path, {"VAULTKIT_TODAY": "9999-12-31"}
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
    (vault / "vaultkit.toml").write_text("birthday_window_days = -1\n", encoding="utf-8")
    proc = run_module(["sync", "--vault", str(vault), "--today", "9999-12-31"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"vaultkit: error: {vault / 'vaultkit.toml'}: 'birthday_window_days' must be a whole "
        "number of days from 0 to 36500, got -1"
    ]
