"""What a new user reads (issue 15): date words and date errors, forgiving names, the `--create`
hint, empty states that teach, readable `show`. Every message end to end through the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from vaulthelp import BASIC, invoke, make_vault, vk

from vaultkit.days import FORMS


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
