"""Days as a person types them on the command line: `2026-11-25`, `today`, `yesterday`, `-3d`,
`monday`. One parser for every date option (`--today`, `log --date`), so they all accept the
same words and their errors all read alike, each naming its option. Pure: "today" is passed in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..core.errors import UsageError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YMD_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_AGO_RE = re.compile(r"^-\s*(\d{1,6})\s*(d|days?|w|weeks?)?$")
FORMS = "2026-11-25, today, yesterday, -3d (days ago) or a weekday like monday (the latest one)"


class DayError(ValueError):
    """Not a day; the message finishes a sentence that starts with the option's name."""


def parse_day(text: str, today: date) -> date:
    """The day `text` means, as of `today`. A weekday name is the most recent such day, today
    included: `friday` on a Friday is today, on a Saturday yesterday."""
    word = " ".join(text.split()).casefold()
    if word == "today":
        return today
    if word == "yesterday":
        return _back(today, 1, text)
    ago = _AGO_RE.match(word)
    if ago:
        unit = 7 if (ago[2] or "d").startswith("w") else 1
        return _back(today, int(ago[1]) * unit, text)
    for index, name in enumerate(WEEKDAYS):
        if word in (name, name[:3]):
            return _back(today, (today.weekday() - index) % 7, text)
    ymd = _YMD_RE.match(word)
    if not ymd:
        raise DayError(f"must be a date: {FORMS}; got {text!r}")
    year, month, day = int(ymd[1]), int(ymd[2]), int(ymd[3])
    try:
        return date(year, month, day)
    except ValueError:
        raise DayError(f"{text!r} is not a date ({_why(year, month)})") from None


def _why(year: int, month: int) -> str:
    import calendar  # only for the message: it costs every command ~1 ms to import

    if year < 1:
        return "the calendar starts at 0001-01-01"
    if not 1 <= month <= 12:
        return "months run from 01 to 12"
    return f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"


def _back(today: date, days: int, text: str) -> date:
    try:
        return today - timedelta(days=days)
    except OverflowError:
        raise DayError(f"{text!r} goes back before the year 1") from None


def day_option(text: str, option: str, today: date) -> date:
    """`parse_day` for a command-line option: a one-line usage error that names `option`."""
    try:
        return parse_day(text, today)
    except DayError as exc:
        sep = " " if str(exc).startswith("must") else ": "
        raise UsageError(f"{option}{sep}{exc}") from None
