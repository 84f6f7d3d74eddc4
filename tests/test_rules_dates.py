"""VAULT_FORMAT §3 (birthdays) and §5 (cadences): every unit, every spelling, every error text.

A mutation run (issue 10, `make mutate`) showed that a wrong unit table or a garbled error
message passed the older tests; each case here pins one rule down.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from vaultkit.text.dates import (
    DateValueError,
    next_birthday,
    parse_birthday,
    parse_cadence,
    parse_date,
)

# --- §5 cadence: every unit -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("every day", 1),
        ("every week", 7),
        ("every fortnight", 14),
        ("every month", 30),
        ("every quarter", 91),
        ("every year", 365),
    ],
)
def test_every_unit_without_a_number_is_one_unit(value: str, days: int) -> None:
    assert parse_cadence(value) == days


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("every 2 fortnights", 28),
        ("every 1 fortnight", 14),
        ("every 3 fortnights", 42),
        ("every 3 quarters", 273),
        ("every 1 quarter", 91),
        ("every 2 quarters", 182),
        ("every 10 days", 10),
        ("every 6 weeks", 42),
        ("every 5 months", 150),
        ("every 3 years", 1095),
        ("6 weeks", 42),
        ("2 fortnights", 28),
        ("2 quarters", 182),
        ("1 year", 365),
        ("3 days", 3),
        ("4 months", 120),
        ("every 2 day", 2),  # singular and plural are both read
        ("every 1 weeks", 7),
    ],
)
def test_every_n_units_multiplies_the_unit(value: str, days: int) -> None:
    assert parse_cadence(value) == days


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("10d", 10),
        ("2w", 14),
        ("3m", 90),  # months, never minutes
        ("1y", 365),
        ("1q", 91),
        ("2q", 182),
        ("3y", 1095),
        ("4w", 28),
        ("every 2w", 14),
        ("every 3m", 90),
        ("every 1q", 91),
    ],
)
def test_short_units(value: str, days: int) -> None:
    assert parse_cadence(value) == days


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("daily", 1),
        ("weekly", 7),
        ("fortnightly", 14),
        ("monthly", 30),
        ("quarterly", 91),
        ("yearly", 365),
        ("annually", 365),
    ],
)
def test_cadence_words(value: str, days: int) -> None:
    assert parse_cadence(value) == days


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("Every Fortnight", 14),
        ("EVERY QUARTER", 91),
        ("every   year", 365),
        ("  every week  ", 7),
        ("every\tday", 1),
        ("Every 2 Fortnights", 28),
        ("EVERY 3 QUARTERS", 273),
        ("6 Weeks", 42),
        ("6   weeks", 42),
        ("2W", 14),
        ("3 M", 90),
        ("Quarterly", 91),
        ("ANNUALLY", 365),
        ("  Yearly ", 365),
        ("FortNightly", 14),
        ("DAILY", 1),
        (" 45\t", 45),
    ],
)
def test_case_and_whitespace_do_not_matter(value: str, days: int) -> None:
    assert parse_cadence(value) == days


def test_numbers_are_days() -> None:
    assert parse_cadence(1) == 1
    assert parse_cadence(45) == 45
    assert parse_cadence("45") == 45
    assert parse_cadence(7.0) == 7  # YAML `7.0`
    assert parse_cadence(100000) == 100000


@pytest.mark.parametrize(
    "value",
    [
        "every",
        "every fortnights",  # a plural needs a number
        "every 2",
        "2f",  # `f` alone is not a unit
        "every other fortnight x",
        "week",
        "weeks",
        "fortnight",
        "2 weekly",
        "every 2 weeks please",
        "monthly!",
        "2.0w",
        "d",
        "w2",
        "every week every week",
    ],
)
def test_not_cadences(value: str) -> None:
    with pytest.raises(DateValueError):
        parse_cadence(value)


# --- §5 cadence: error texts -----------------------------------------------------------------


def test_text_that_is_not_a_cadence_names_it_and_says_what_works() -> None:
    with pytest.raises(DateValueError) as err:
        parse_cadence("whenever")
    message = str(err.value)
    assert message.startswith("'whenever' is not a cadence; use a number of days")
    assert "daily/weekly/fortnightly/monthly/quarterly/yearly" in message
    assert "'every N weeks'" in message
    assert "2w/3m/1y" in message


def test_the_error_shows_the_value_as_written() -> None:
    with pytest.raises(DateValueError) as err:
        parse_cadence("  Every Blue Moon ")
    assert str(err.value).startswith("'  Every Blue Moon ' is not a cadence")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), ("0", "'0'"), (-3, "-3"), ("0d", "'0d'"), ("every 0 weeks", "'every 0 weeks'")],
)
def test_zero_and_negative_say_at_least_one_day(value: Any, shown: str) -> None:
    with pytest.raises(DateValueError) as err:
        parse_cadence(value)
    assert str(err.value) == (
        f"a cadence must be at least 1 day, got {shown}; write 'none' for no check-ins"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "None"),
        (True, "True"),
        (False, "False"),
        ([7], "[7]"),
        (2.5, "2.5"),
        (date(2026, 11, 20), "2026-11-20"),  # shown as text, not as Python's repr
    ],
)
def test_values_of_the_wrong_kind_say_what_a_cadence_looks_like(value: Any, shown: str) -> None:
    with pytest.raises(DateValueError) as err:
        parse_cadence(value)
    assert str(err.value) == f"expected a cadence like 30, monthly or every 2 weeks, got {shown}"


def test_a_long_value_is_cut_in_the_message() -> None:
    long = list(range(40))  # str() is far over 60 characters
    with pytest.raises(DateValueError) as err:
        parse_cadence(long)
    shown = str(err.value).removeprefix(
        "expected a cadence like 30, monthly or every 2 weeks, got "
    )
    assert shown == str(long)[:57] + "..."
    assert len(shown) == 60


def test_a_value_of_exactly_sixty_characters_is_shown_whole() -> None:
    text = "x" * 58  # repr adds the two quotes: 60 characters
    with pytest.raises(DateValueError) as err:
        parse_date(text)
    assert str(err.value) == f"expected a date like 2026-11-20, got '{text}'"
    with pytest.raises(DateValueError) as err:
        parse_date(text + "y")
    assert str(err.value) == f"expected a date like 2026-11-20, got '{text[:56]}..."


# --- dates: error texts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("next week", "expected a date like 2026-11-20, got 'next week'"),
        (20261120, "expected a date like 2026-11-20, got 20261120"),
        (None, "expected a date like 2026-11-20, got None"),
        (True, "expected a date like 2026-11-20, got True"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
        (" 2026-02-30T10:00 ", "'2026-02-30T10:00' is not a real date"),
    ],
)
def test_date_error_texts(value: Any, message: str) -> None:
    with pytest.raises(DateValueError) as err:
        parse_date(value)
    assert str(err.value) == message


def test_a_datetime_gives_its_day() -> None:
    assert parse_date(datetime(2026, 11, 20, 23, 59)) == date(2026, 11, 20)
    assert parse_date(" 2026-11-20 ") == date(2026, 11, 20)


# --- §3 birthdays ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1991-12-03", (1991, 12, 3)),
        ("--12-03", (None, 12, 3)),
        ("12-03", (None, 12, 3)),
        ("1991-1-5", (1991, 1, 5)),
        ("--1-5", (None, 1, 5)),
        ("1-5", (None, 1, 5)),
        ("  --02-29\t", (None, 2, 29)),
        ("2024-02-29", (2024, 2, 29)),
        (date(1991, 12, 3), (1991, 12, 3)),
        (datetime(1991, 12, 3, 8, 0), (1991, 12, 3)),
    ],
)
def test_birthday_forms(value: Any, expected: tuple[int | None, int, int]) -> None:
    assert parse_birthday(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("May 17", "expected a birthday like 1990-05-17 or --05-17, got 'May 17'"),
        (19900517, "expected a birthday like 1990-05-17 or --05-17, got 19900517"),
        (None, "expected a birthday like 1990-05-17 or --05-17, got None"),
        ("02-30", "'02-30' is not a real date"),
        ("--04-31", "'--04-31' is not a real date"),
        ("2023-02-29", "'2023-02-29' is not a real date"),
        ("13-01", "'13-01' is not a real date"),
    ],
)
def test_birthday_error_texts(value: Any, message: str) -> None:
    with pytest.raises(DateValueError) as err:
        parse_birthday(value)
    assert str(err.value) == message


def test_birthday_with_a_time_is_its_day() -> None:
    assert parse_birthday("1991-12-03T00:00") == (1991, 12, 3)


@pytest.mark.parametrize(
    ("birthday", "today", "expected"),
    [
        # 29 February: on 28 February in common years, on the day in leap years
        ((1992, 2, 29), date(2026, 2, 1), date(2026, 2, 28)),
        ((1992, 2, 29), date(2026, 2, 28), date(2026, 2, 28)),
        ((1992, 2, 29), date(2026, 3, 1), date(2027, 2, 28)),
        ((1992, 2, 29), date(2027, 12, 31), date(2028, 2, 29)),
        ((1992, 2, 29), date(2028, 2, 28), date(2028, 2, 29)),
        ((1992, 2, 29), date(2028, 2, 29), date(2028, 2, 29)),
        ((1992, 2, 29), date(2028, 3, 1), date(2029, 2, 28)),
        ((None, 2, 28), date(2028, 2, 29), date(2029, 2, 28)),
        ((None, 3, 1), date(2028, 2, 29), date(2028, 3, 1)),
        # today is the birthday
        ((1990, 11, 25), date(2026, 11, 25), date(2026, 11, 25)),
        ((None, 1, 1), date(2027, 1, 1), date(2027, 1, 1)),
        ((None, 12, 31), date(2026, 12, 31), date(2026, 12, 31)),
        # across the year end
        ((None, 1, 1), date(2026, 12, 31), date(2027, 1, 1)),
        ((1990, 1, 5), date(2026, 12, 20), date(2027, 1, 5)),
        ((1990, 12, 30), date(2026, 12, 31), date(2027, 12, 30)),
        ((1990, 11, 24), date(2026, 11, 25), date(2027, 11, 24)),
    ],
)
def test_next_birthday(birthday: tuple[int | None, int, int], today: date, expected: date) -> None:
    assert next_birthday(birthday, today) == expected
