"""Dates, birthdays and cadences: the small grammars of the vault format (VAULT_FORMAT §3, §5)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from .daily_names import match_ymd

# A date, optionally followed by a time (Obsidian's date-time properties: `2026-11-20T10:30`).
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z ]*)?$")  # on stripped text
_BIRTHDAY_RE = re.compile(
    r"^\s*(?:(\d{4})-|--)?(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}[0-9:.+\-Z ]*)?\s*$"
)
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


# A link to a daily note standing for its date: `[[2026-11-20]]`, `[[Daily/2026-11-17|Tue]]`.
_LINK_RE = re.compile(r"^!?\[\[([^\[\]|#\n]*)(?:#[^\[\]|\n]*)?(?:\|[^\[\]\n]*)?\]\]$")
_YMD_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: Any, daily_format: str | None = None, titles: str = "") -> date:
    """A date wherever the vault writes one (VAULT_FORMAT §4): `YYYY-MM-DD`, optionally with a
    time and zone (the written day is used), or a link to a daily note, read by its file name
    as `YYYY-MM-DD` or in the daily format (or, in a Logseq graph, a journal title in the
    `titles` format). YAML dates stay strings in our loader, so one path serves properties, log
    items and headings alike.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _nested_link(value):  # `date: [[2026-11-20]]` unquoted is a list in a list in YAML
        value = f"[[{value[0][0]}]]"
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DateValueError(f"expected a date like 2026-11-20, got {_show(value)}")
    text = str(value).strip()
    link = _LINK_RE.match(text)
    if link:
        found = link_date(link[1], daily_format, titles)
        if found is None:
            raise DateValueError(f"expected a link to a daily note, got {_show(value)}")
        return found
    m = _DATE_RE.match(text)
    if not m:
        raise DateValueError(f"expected a date like 2026-11-20, got {_show(value)}")
    return real_date(int(m[1]), int(m[2]), int(m[3]), text)


def real_date(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateValueError(f"{written!r} is not a real date") from None


def link_date(target: str, daily_format: str | None, titles: str = "") -> date | None:
    """The date a link target stands for: its file name as `YYYY-MM-DD` or in the daily
    format; None when it names no date; raises for an impossible one (`[[2026-02-30]]`).
    `titles`: a Logseq graph's journal title format (moment.js), matched against the whole
    target, since a title may hold `/` (`[[11/25/2026]]`) where a file name cannot."""
    if titles:
        whole = match_ymd(target.strip(), titles)
        if whole is not None:
            return real_date(*whole, target.strip())
    name = target.strip().replace("\\", "/").rsplit("/", 1)[-1]
    if name.lower().endswith(".md"):
        name = name[:-3]
    m = _YMD_RE.match(name)
    if m:
        return real_date(int(m[1]), int(m[2]), int(m[3]), name)
    if daily_format and daily_format != "YYYY-MM-DD":
        found = match_ymd(name, daily_format.rsplit("/", 1)[-1])
        if found is not None:
            return real_date(*found, name)
    return None


def _nested_link(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], str)
    )


def parse_birthday(value: Any) -> tuple[int | None, int, int]:
    """`YYYY-MM-DD`, `--MM-DD` or `MM-DD`; the year is None when unknown."""
    return parse_yearly(value, "a birthday like 1990-05-17 or --05-17")


def parse_yearly(
    value: Any, expected: str = "a date like 2015-06-20 or --06-20"
) -> tuple[int | None, int, int]:
    """A date that comes back every year (a birthday, an anniversary: VAULT_FORMAT §3, §16),
    in the birthday's forms: `YYYY-MM-DD`, `--MM-DD` or `MM-DD`; the year is None when unknown."""
    if isinstance(value, date):
        return (value.year, value.month, value.day)
    text = value if isinstance(value, str) else None
    m = _BIRTHDAY_RE.match(text) if text is not None else None
    if not m:
        raise DateValueError(f"expected {expected}, got {_show(value)}")
    year = int(m[1]) if m[1] else None
    month, day = int(m[2]), int(m[3])
    try:
        date(year if year is not None else 2000, month, day)  # 2000 is a leap year: 02-29 is fine
    except ValueError:
        raise DateValueError(f"{text!r} is not a real date") from None
    return (year, month, day)


_WINDOW_RE = re.compile(
    r"^(?:every\s+)?(\d+)\s*[-–]\s*(\d+)\s*"
    r"(d|days?|w|weeks?|fortnights?|m|months?|q|quarters?|y|years?)?$"
)
_EVERY_OTHER_RE = re.compile(r"^every\s+other\s+(day|week|fortnight|month|quarter|year)$")
_CADENCE_HELP = (
    "use a number of days, daily/weekly/fortnightly/monthly/quarterly/yearly, 'every N weeks', "
    "'every other month', 2w/3m/1y, a window like '4-6 weeks', or 'none'"
)


def parse_cadence(value: Any) -> int:
    """Days between check-ins (VAULT_FORMAT §5): a window's upper end; raises with a helpful
    message otherwise, and for `none` (no check-ins)."""
    found = read_cadence(value)
    if found is None:
        raise DateValueError("'none' means no check-ins")
    return found[1]


def read_cadence(value: Any) -> tuple[int, int] | None:
    """(reach out from, due at) in days; equal for a plain cadence, a window's ends for `4-6
    weeks`; None for `none`. Raises DateValueError with a suggestion for anything else."""
    if isinstance(value, bool) or value is None:
        raise DateValueError(
            f"expected a cadence like 30, monthly or every 2 weeks, got {_show(value)}"
        )
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return _positive(value, value, value)
    if not isinstance(value, str):
        raise DateValueError(
            f"expected a cadence like 30, monthly or every 2 weeks, got {_show(value)}"
        )
    try:
        return _cadence_words(value)
    except DateValueError:
        raise
    except ValueError:  # more digits than Python turns into a number (4300)
        raise DateValueError(f"{_show(value)} is not a cadence: too many digits") from None


_NUMBERS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(_NUMBERS) + r")\b")


def _cadence_words(value: str) -> tuple[int, int] | None:
    text = " ".join(value.strip().lower().split())
    if any(word in text for word in _NUMBERS):  # `every two weeks` is `every 2 weeks`
        text = _NUMBER_WORD_RE.sub(lambda m: str(_NUMBERS.index(m[1]) + 1), text)
    if text == "none":
        return None
    if text in ("biweekly", "bi-weekly", "bimonthly", "bi-monthly"):
        word = text.replace("-", "")[2:-2]
        raise DateValueError(
            f"{value!r} means both twice a {word} and every other {word}; "
            f"write 'every other {word}' or 'every 2 {word}s' (or a window like '3-4 days')"
        )
    m = _WINDOW_RE.match(text)
    if m:
        unit = _UNIT_DAYS[m[3][0]] if m[3] else 1
        low, high = int(m[1]) * unit, int(m[2]) * unit
        if low > high:
            raise DateValueError(f"{value!r}: a window goes from the shorter to the longer gap")
        return _positive(low, high, value)
    days = _cadence_text(text, value)
    return _positive(days, days, value)


def _positive(low: int, high: int, value: Any) -> tuple[int, int]:
    if low <= 0:
        raise DateValueError(
            f"a cadence must be at least 1 day, got {_show(value)}; write 'none' for no check-ins"
        )
    return low, high


def _cadence_text(text: str, value: str) -> int:
    if text.lstrip("-").isdigit():
        return int(text)
    if text in _WORD_DAYS:
        return _WORD_DAYS[text]
    m = _EVERY_OTHER_RE.match(text)
    if m:
        return 2 * _LONG_UNIT_DAYS[m[1]]
    m = _EVERY_ONE_RE.match(text)
    if m:
        return _LONG_UNIT_DAYS[m[1]]
    m = _EVERY_RE.match(text)
    if m:
        return int(m[1]) * _UNIT_DAYS[m[2][0]]
    raise DateValueError(f"{value!r} is not a cadence; {_CADENCE_HELP}")


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


# A date at the start of a log item or heading (VAULT_FORMAT §4): `2026-11-20`, with a time,
# bold, or as a link to a daily note; then optionally `:`, `,`, `-`, `–` or `—`.
_LEADING_RE = re.compile(
    r"(?:\*\*|__)?"
    r"(?:(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[ ]?(?:Z|[+-]\d{2}:?\d{2}))?)?"
    r"|!?\[\[([^\[\]|#\n]*)(?:#[^\[\]|\n]*)?(?:\|[^\[\]\n]*)?\]\])"
    r"(?:\*\*|__)?"
    r"(?=[\s:,\-–—]|$)[ \t]*(?:[:,\-–—][ \t]*)?"
)


def leading_date(
    text: str, daily_format: str | None = None, titles: str = ""
) -> tuple[date, int] | None:
    """The date a log item or heading starts with, and where the rest of its text begins;
    None when it starts with none; raises DateValueError for an impossible one."""
    if not text or text[0] not in "0123456789*_[!":
        return None
    m = _LEADING_RE.match(text)
    if not m:
        return None
    if m[4] is not None:
        found = link_date(m[4], daily_format, titles)
        return None if found is None else (found, m.end())
    return real_date(int(m[1]), int(m[2]), int(m[3]), text[: m.end()].strip(" :,-–—*_")), m.end()
