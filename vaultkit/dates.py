"""Dates, birthdays and cadences: the small grammars of the vault format (VAULT_FORMAT §3, §5)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

# A date, optionally followed by a time (Obsidian's date-time properties: `2026-11-20T10:30`).
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z ]*)?$")  # on stripped text
_BIRTHDAY_RE = re.compile(r"^\s*(?:(\d{4})-|--)?(\d{1,2})-(\d{1,2})\s*$")
_UNIT_DAYS = {"d": 1, "w": 7, "f": 14, "m": 30, "q": 91, "y": 365}
_WORD_DAYS = {
    "daily": 1,
    "weekly": 7,
    "fortnightly": 14,
    "monthly": 30,
    "quarterly": 91,
    "yearly": 365,
    "annually": 365,
}
_EVERY_RE = re.compile(
    r"^(?:every\s+)?(\d+)\s*(d|days?|w|weeks?|fortnights?|m|months?|q|quarters?|y|years?)$"
)
_EVERY_ONE_RE = re.compile(r"^every\s+(day|week|fortnight|month|quarter|year)$")
_LONG_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91, "year": 365}


class DateValueError(ValueError):
    """A value that should be a date but is not one; the message says what was seen."""


def parse_date(value: Any) -> date:
    """A front matter or log date; YAML dates stay strings in our loader, so one path serves all."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DateValueError(f"expected a date like 2026-11-20, got {_show(value)}")
    text = str(value)
    m = _DATE_RE.match(text.strip())
    if not m:
        raise DateValueError(f"expected a date like 2026-11-20, got {_show(value)}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise DateValueError(f"{text.strip()!r} is not a real date") from None


def parse_birthday(value: Any) -> tuple[int | None, int, int]:
    """`YYYY-MM-DD`, `--MM-DD` or `MM-DD`; the year is None when unknown."""
    if isinstance(value, date):
        return (value.year, value.month, value.day)
    text = value if isinstance(value, str) else None
    m = _BIRTHDAY_RE.match(text) if text is not None else None
    if not m:
        raise DateValueError(f"expected a birthday like 1990-05-17 or --05-17, got {_show(value)}")
    year = int(m[1]) if m[1] else None
    month, day = int(m[2]), int(m[3])
    try:
        date(year if year is not None else 2000, month, day)  # 2000 is a leap year: 02-29 is fine
    except ValueError:
        raise DateValueError(f"{text!r} is not a real date") from None
    return (year, month, day)


def parse_cadence(value: Any) -> int:
    """Days between check-ins (VAULT_FORMAT §5); raises with a helpful message otherwise."""
    if isinstance(value, bool) or value is None:
        raise DateValueError(
            f"expected a cadence like 30, monthly or every 2 weeks, got {_show(value)}"
        )
    if isinstance(value, int):
        days = value
    elif isinstance(value, float) and value.is_integer():
        days = int(value)
    elif isinstance(value, str):
        try:
            days = _cadence_text(value)
        except DateValueError:
            raise
        except ValueError:  # more digits than Python turns into a number (4300)
            raise DateValueError(f"{_show(value)} is not a cadence: too many digits") from None
    else:
        raise DateValueError(
            f"expected a cadence like 30, monthly or every 2 weeks, got {_show(value)}"
        )
    if days <= 0:
        raise DateValueError(f"a cadence must be at least 1 day, got {_show(value)}")
    return days


def _cadence_text(value: str) -> int:
    text = " ".join(value.strip().lower().split())
    if text.isdigit():
        return int(text)
    if text in _WORD_DAYS:
        return _WORD_DAYS[text]
    m = _EVERY_ONE_RE.match(text)
    if m:
        return _LONG_UNIT_DAYS[m[1]]
    m = _EVERY_RE.match(text)
    if m:
        return int(m[1]) * _UNIT_DAYS[m[2][0]]
    raise DateValueError(
        f"{value!r} is not a cadence; use a number of days, daily/weekly/fortnightly/monthly/"
        "quarterly/yearly, 'every N weeks' or 2w/3m/1y"
    )


def next_birthday(birthday: tuple[int | None, int, int], today: date) -> date | None:
    """The next occurrence on or after today; 29 February falls on 28 February in other years.

    None when it falls past the calendar's end (year 9999), where no date can hold it.
    """
    _, month, day = birthday
    for year in (today.year, today.year + 1):
        if year > date.max.year:
            return None
        when = _on_year(year, month, day)
        if when >= today:
            return when
    raise AssertionError("unreachable: next year's birthday is always after today")


def _on_year(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, month, day - 1)


def add_days(day: date, days: int) -> date | None:
    """`day + days`, or None past the calendar's end (huge cadences are allowed)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
