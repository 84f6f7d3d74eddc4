"""A day written in a Logseq date format (`MMM do, yyyy` -> `Dec 7th, 2026`), as Logseq names
its journal pages (VAULT_FORMAT §13): the page a `[[...]]` link to a day must name.

English names, whatever the machine's locale: Logseq's defaults are English, and a link must
name the very page Logseq made.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# text in single quotes, then the tokens of Logseq's (date-fns') formats, longest first
_TOKEN = re.compile(r"'[^']*'|yyyy|yy|MMMM|MMM|MM|M|do|dd|d|EEEE|EEE|E")


def ordinal(n: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def journal_title(day: date, fmt: str) -> str:
    """`day` in a Logseq date format (`:journal/page-title-format`, or the file names')."""

    def token(m: re.Match[str]) -> str:
        t = m[0]
        if t.startswith("'"):
            return t[1:-1] if len(t) > 2 else "'"
        values = {
            "yyyy": f"{day.year:04d}",
            "yy": f"{day.year % 100:02d}",
            "MMMM": _MONTHS[day.month - 1],
            "MMM": _MONTHS[day.month - 1][:3],
            "MM": f"{day.month:02d}",
            "M": str(day.month),
            "do": ordinal(day.day),
            "dd": f"{day.day:02d}",
            "d": str(day.day),
            "EEEE": _DAYS[day.weekday()],
            "EEE": _DAYS[day.weekday()][:3],
            "E": _DAYS[day.weekday()][:3],
        }
        return values[t]

    return _TOKEN.sub(token, fmt)
