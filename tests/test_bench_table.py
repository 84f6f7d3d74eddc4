"""`make bench`'s questions table: the rounds of benchmarks.queries, reduced and rendered.

No command runs here: a round is replaced by fixed numbers, so the test counts what the
table does with them, never how long anything took.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import queries, run
from benchmarks.measure import CommandFailed, Result


def _results(version: float, rss: int = 20) -> dict[str, Result]:
    factors = {"version": 1.0, "show": 2.0, "overdue": 3.0, "digest": 4.0, "new day": 5.0}
    return {
        step: Result(seconds=version * f, rss_mib=rss + i, returncode=0, stderr="")
        for i, (step, f) in enumerate(factors.items())
    }


def test_questions_are_medians_of_the_queries_rounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "People").mkdir()
    (tmp_path / "People" / "Ann Lee.md").write_text("Ann.\n", encoding="utf-8")
    calls: list[tuple[str, str]] = []
    versions = iter([0.1, 0.3, 0.2])

    def fake_round(tree: Path, vault: Path, cache: Path, name: str, day: str) -> dict[str, Result]:
        calls.append((name, day))
        return _results(next(versions))

    monkeypatch.setattr(queries, "question_round", fake_round)
    row = run.Row(size="tiny")
    run.bench_questions(row, tmp_path, repeat=3)

    assert calls == [("Ann Lee", queries.day_of(i)) for i in range(3)]
    assert row.questions["version"].seconds == pytest.approx(0.2)
    assert row.questions["digest"].seconds == pytest.approx(0.8)
    table, errors = run.render_questions([row])
    assert errors == []
    lines = table.splitlines()
    assert lines[0].split() == ["size", "version", "show", "overdue", "digest", "new", "day"]
    assert lines[2].split() == [
        "tiny",
        "0.200s",
        "20M",
        *("0.400s", "2.00x", "21M"),
        *("0.600s", "3.00x", "22M"),
        *("0.800s", "4.00x", "23M"),
        *("1.000s", "5.00x", "24M"),
    ]


def test_a_failed_round_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "People").mkdir()
    (tmp_path / "People" / "Ann Lee.md").write_text("Ann.\n", encoding="utf-8")

    def failing_round(*args: object) -> dict[str, Result]:
        raise CommandFailed(["vaultkit"], Result(0.0, 0, 2, "error: no such person\n"))

    monkeypatch.setattr(queries, "question_round", failing_round)
    row = run.Row(size="tiny")
    run.bench_questions(row, tmp_path, repeat=2)
    table, errors = run.render_questions([row])
    assert table.splitlines()[2].split() == ["tiny", *["error"] * 5]
    assert errors == ["tiny questions: error: no such person"]


def test_no_questions_no_table() -> None:
    assert run.render_questions([run.Row(size="tiny")]) == ("", [])


def test_a_column_skipped_on_purpose_is_a_dash_not_an_error() -> None:
    row = run.Row(size="tiny", notes=3, mib=0.1, floor_in=0.01)
    for col in run.COLUMNS[:-1]:  # every column but "watch" (--no-watch)
        row.cells[col] = run.Cell(seconds=0.5, rss_mib=30)
    table, errors = run.render([row])
    assert errors == []
    assert table.splitlines()[2].split()[-6:] == ["-", "30", "MiB", "30", "MiB", "1.0x"]
