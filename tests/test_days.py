"""The one parser of date options (vaultkit/days.py)."""

from __future__ import annotations

from datetime import date

import pytest

from vaultkit.core.errors import UsageError
from vaultkit.text.day_options import DayError, day_option, parse_day

WED = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        (" 2026-11-20 ", date(2026, 11, 20)),
        ("today", WED),
        ("Today", WED),
        ("yesterday", date(2026, 11, 24)),
        ("-3d", date(2026, 11, 22)),
        ("-3", date(2026, 11, 22)),
        ("-3 days", date(2026, 11, 22)),
        ("-0d", WED),
        ("-2w", date(2026, 11, 11)),
        ("-1 week", date(2026, 11, 18)),
        ("wednesday", WED),  # the latest Wednesday is today
        ("tuesday", date(2026, 11, 24)),
        ("Thursday", date(2026, 11, 19)),
        ("thu", date(2026, 11, 19)),
        ("monday", date(2026, 11, 23)),
        ("sun", date(2026, 11, 22)),
        ("2024-02-29", date(2024, 2, 29)),
        ("0001-01-01", date(1, 1, 1)),
    ],
)
def test_days_people_type(text: str, expected: date) -> None:
    assert parse_day(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a date (February 2026 has 28 days)"),
        ("2025-02-29", "'2025-02-29' is not a date (February 2025 has 28 days)"),
        ("2026-13-01", "'2026-13-01' is not a date (months run from 01 to 12)"),
        ("0000-01-01", "'0000-01-01' is not a date (the calendar starts at 0001-01-01)"),
        ("soon", "must be a date: "),
        ("tomorrow", "must be a date: "),
        ("25.11.2026", "must be a date: "),
        ("+3d", "must be a date: "),
        ("", "must be a date: "),
    ],
)
def test_what_is_not_a_day_says_why(text: str, message: str) -> None:
    with pytest.raises(DayError) as err:
        parse_day(text, WED)
    assert str(err.value).startswith(message)


def test_counting_back_past_the_calendar_is_an_error() -> None:
    with pytest.raises(DayError, match="goes back before the year 1"):
        parse_day("-999999d", date(2, 1, 1))
    with pytest.raises(DayError, match="before the year 1"):
        parse_day("yesterday", date(1, 1, 1))


@pytest.mark.parametrize("option", ["--today", "--date"])
def test_an_options_error_names_the_option(option: str) -> None:
    with pytest.raises(UsageError) as err:
        day_option("2026-02-30", option, WED)
    assert str(err.value) == f"{option}: '2026-02-30' is not a date (February 2026 has 28 days)"
    with pytest.raises(UsageError) as err:
        day_option("soon", option, WED)
    assert str(err.value).startswith(f"{option} must be a date: 2026-11-25, today, yesterday")
