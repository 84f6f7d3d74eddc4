"""VAULT_FORMAT §3 (birthdays), §4 (dates, daily-note names) and §5 (the cadence grammar)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from vaultkit.text.daily_names import match_daily
from vaultkit.text.dates import (
    DateValueError,
    add_days,
    next_birthday,
    parse_birthday,
    parse_cadence,
    parse_date,
)

# --- §5 cadence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "days"),
    [
        (45, 45),
        ("45", 45),
        (" 45 ", 45),
        (1, 1),
        ("daily", 1),
        ("weekly", 7),
        ("fortnightly", 14),
        ("monthly", 30),
        ("quarterly", 91),
        ("yearly", 365),
        ("annually", 365),
        ("Weekly", 7),
        ("MONTHLY", 30),
        ("  Quarterly  ", 91),
    ],
)
def test_cadence_numbers_and_words(value: Any, days: int) -> None:
    assert parse_cadence(value) == days


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("every 1 day", 1),
        ("every 3 days", 3),
        ("every 1 week", 7),
        ("every 2 weeks", 14),
        ("every 1 month", 30),
        ("every 6 months", 180),
        ("every 1 year", 365),
        ("every 2 years", 730),
        ("Every 2 Weeks", 14),
        ("EVERY 3 MONTHS", 90),
        ("every  2   weeks", 14),
        ("  every 2 weeks  ", 14),
        ("every 2weeks", 14),
    ],
)
def test_cadence_every_n_units(value: str, days: int) -> None:
    assert parse_cadence(value) == days


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("10d", 10),
        ("1d", 1),
        ("2w", 14),
        ("3m", 90),
        ("1m", 30),
        ("1y", 365),
        ("2y", 730),
        ("2W", 14),
        ("3M", 90),
        ("1Y", 365),
        ("5D", 5),
        (" 2w ", 14),
        ("2 w", 14),
    ],
)
def test_cadence_short_forms(value: str, days: int) -> None:
    # `m` is months (30 days), never minutes
    assert parse_cadence(value) == days


def test_cadence_day_counts_per_unit() -> None:
    # week 7, fortnight 14, month 30, quarter 91, year 365
    assert parse_cadence("every 1 week") == 7
    assert parse_cadence("fortnightly") == 14
    assert parse_cadence("every 1 month") == 30
    assert parse_cadence("quarterly") == 91
    assert parse_cadence("every 1 year") == 365
    assert parse_cadence("every 4 weeks") == 28
    assert parse_cadence("every 12 months") == 360


@pytest.mark.parametrize(
    "value",
    [
        0,
        "0",
        -5,
        "-5",
        "0d",
        "every 0 weeks",
        True,
        False,
        None,
        "whenever",
        "",
        "   ",
        "sometimes",
        "every week or so",
        "2 fortnights ago",
        "3x",
        "1.5w",
        "every -2 weeks",
        "weekly-ish",
        [7],
        {"days": 7},
        2.5,
    ],
)
def test_cadence_invalid_values_raise(value: Any) -> None:
    with pytest.raises(DateValueError):
        parse_cadence(value)


def test_cadence_error_is_a_value_error_with_the_value_in_it() -> None:
    with pytest.raises(ValueError, match="whenever"):
        parse_cadence("whenever")


def test_add_days_past_the_calendar_end_is_none() -> None:
    assert add_days(date(2026, 11, 20), 10) == date(2026, 11, 30)
    assert add_days(date(9999, 12, 1), 365) is None


# --- §3 birthdays ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1990-05-17", (1990, 5, 17)),
        ("--05-17", (None, 5, 17)),
        ("05-17", (None, 5, 17)),
        ("12-31", (None, 12, 31)),
        ("--02-29", (None, 2, 29)),
        ("02-29", (None, 2, 29)),
        ("2000-02-29", (2000, 2, 29)),
        (" 1990-05-17 ", (1990, 5, 17)),
        (date(1985, 1, 2), (1985, 1, 2)),
    ],
)
def test_birthday_forms(value: Any, expected: tuple[int | None, int, int]) -> None:
    assert parse_birthday(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "02-30",
        "--02-30",
        "13-01",
        "00-10",
        "04-31",
        "1990-02-30",
        "2023-02-29",  # not a leap year
        "1990-13-01",
        "May 17",
        "17.05.1990",
        "",
        "1990",
        19900517,
        True,
        None,
    ],
)
def test_birthday_invalid_values_raise(value: Any) -> None:
    with pytest.raises(DateValueError):
        parse_birthday(value)


def test_next_birthday_later_this_year() -> None:
    assert next_birthday((1990, 12, 1), date(2026, 11, 20)) == date(2026, 12, 1)


def test_next_birthday_today_is_today() -> None:
    assert next_birthday((None, 11, 20), date(2026, 11, 20)) == date(2026, 11, 20)


def test_next_birthday_already_passed_is_next_year() -> None:
    assert next_birthday((1990, 11, 19), date(2026, 11, 20)) == date(2027, 11, 19)
    assert next_birthday((None, 1, 1), date(2026, 12, 31)) == date(2027, 1, 1)


def test_next_birthday_feb_29_in_common_year_is_feb_28() -> None:
    assert next_birthday((2000, 2, 29), date(2026, 1, 10)) == date(2026, 2, 28)
    assert next_birthday((None, 2, 29), date(2026, 2, 28)) == date(2026, 2, 28)


def test_next_birthday_feb_29_in_leap_year_is_feb_29() -> None:
    assert next_birthday((2000, 2, 29), date(2028, 1, 10)) == date(2028, 2, 29)


def test_next_birthday_feb_29_rolls_to_next_common_year() -> None:
    # after 28 Feb 2026 the next one is 28 Feb 2027 (2027 is common)
    assert next_birthday((None, 2, 29), date(2026, 3, 1)) == date(2027, 2, 28)
    # after 29 Feb 2027... (there is none) from 1 March 2027 the next is 29 Feb 2028
    assert next_birthday((None, 2, 29), date(2027, 3, 1)) == date(2028, 2, 29)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        (" 2026-11-20 ", date(2026, 11, 20)),
        ("2026-11-20T10:30", date(2026, 11, 20)),
        ("2026-11-20T10:30:15", date(2026, 11, 20)),
        ("2026-11-20 10:30", date(2026, 11, 20)),
        ("2026-11-20T10:30:00Z", date(2026, 11, 20)),
        ("2026-11-20T10:30:00+01:00", date(2026, 11, 20)),
        ("2024-02-29", date(2024, 2, 29)),
        (date(2026, 1, 2), date(2026, 1, 2)),
        (datetime(2026, 1, 2, 23, 59), date(2026, 1, 2)),
    ],
)
def test_parse_date_valid(value: Any, expected: date) -> None:
    result = parse_date(value)
    assert result == expected
    assert type(result) is date


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "2025-02-29",
        "2026-11-31",
        "20.11.2026",
        "2026/11/20",
        "2026-11",
        "26-11-20",
        "2026-1-5",
        "next week",
        "",
        "2026-11-20x",
        20261120,
        2026,
        True,
        False,
        None,
        1.5,
        ["2026-11-20"],
    ],
)
def test_parse_date_invalid(value: Any) -> None:
    with pytest.raises(DateValueError):
        parse_date(value)


def test_parse_date_impossible_date_message_names_it() -> None:
    with pytest.raises(DateValueError, match="2026-02-30"):
        parse_date("2026-02-30")


# --- §4 daily-note names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("2026-11-20", "YYYY-MM-DD", date(2026, 11, 20)),
        ("20.11.2026", "DD.MM.YYYY", date(2026, 11, 20)),
        ("05.01.2026", "DD.MM.YYYY", date(2026, 1, 5)),
        ("2026/11/2026-11-20", "YYYY/MM/YYYY-MM-DD", date(2026, 11, 20)),
        ("Friday, November 20th 2026", "dddd, MMMM Do YYYY", date(2026, 11, 20)),
        ("Sunday, November 1st 2026", "dddd, MMMM Do YYYY", date(2026, 11, 1)),
        ("Monday, November 2nd 2026", "dddd, MMMM Do YYYY", date(2026, 11, 2)),
        ("Tuesday, November 3rd 2026", "dddd, MMMM Do YYYY", date(2026, 11, 3)),
        ("friday, november 20th 2026", "dddd, MMMM Do YYYY", date(2026, 11, 20)),
        ("Journal 2026-11-20", "[Journal] YYYY-MM-DD", date(2026, 11, 20)),
        ("Day of 2026-11-20", "[Day of] YYYY-MM-DD", date(2026, 11, 20)),
        ("Nov 20, 2026", "MMM D, YYYY", date(2026, 11, 20)),
        ("20261120", "YYYYMMDD", date(2026, 11, 20)),
        ("26-11-20", "YY-MM-DD", date(2026, 11, 20)),
    ],
)
def test_match_daily_formats(name: str, fmt: str, expected: date) -> None:
    assert match_daily(name, fmt) == expected


def test_match_daily_bracket_literal_is_not_a_token() -> None:
    # `[YYYY]` is the literal text "YYYY", not a year
    assert match_daily("YYYY 2026-11-20", "[YYYY] YYYY-MM-DD") == date(2026, 11, 20)
    assert match_daily("2025 2026-11-20", "[YYYY] YYYY-MM-DD") is None


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("2026-11-20 notes", "YYYY-MM-DD"),
        ("Notes 2026-11-20", "YYYY-MM-DD"),
        ("2026-02-30", "YYYY-MM-DD"),
        ("2026-11-20", "DD.MM.YYYY"),
        ("2026/10/2026-11-20", "YYYY/MM/YYYY-MM-DD"),  # the repeated month must agree
        ("2025/11/2026-11-20", "YYYY/MM/YYYY-MM-DD"),
        ("Friday, November 20 2026", "dddd, MMMM Do YYYY"),
        ("Friday, Novembre 20th 2026", "dddd, MMMM Do YYYY"),
        ("Jane Doe", "YYYY-MM-DD"),
    ],
)
def test_match_daily_non_matching_names(name: str, fmt: str) -> None:
    assert match_daily(name, fmt) is None


@pytest.mark.parametrize("fmt", ["gggg-[W]ww", "GGGG-[W]WW", "YYYY-[W]WW", "YYYY-MM"])
def test_match_daily_format_without_a_day_gives_none(fmt: str) -> None:
    assert match_daily("2026-W47", fmt) is None
    assert match_daily("2026-11", fmt) is None
