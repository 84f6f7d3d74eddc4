"""A day written in a journal title format (`MMM Do, YYYY` -> `Dec 7th, 2026`), as Logseq names
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
# text in brackets, then the moment.js tokens of a journal title, longest first
_TOKEN = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd")
DEFAULT_TITLE = "MMM Do, YYYY"  # Logseq's `MMM do, yyyy` as moment.js


def ordinal(n: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def journal_title(day: date, fmt: str) -> str:
    """`day` in a journal title format (Logseq's `:journal/page-title-format`, as moment.js:
    `read.logseq.from_java_date`; "": Logseq's default) -> `Dec 7th, 2026`."""
    values = {
        "YYYY": f"{day.year:04d}",
        "YY": f"{day.year % 100:02d}",
        "MMMM": _MONTHS[day.month - 1],
        "MMM": _MONTHS[day.month - 1][:3],
        "MM": f"{day.month:02d}",
        "M": str(day.month),
        "Do": ordinal(day.day),
        "DD": f"{day.day:02d}",
        "D": str(day.day),
        "dddd": _DAYS[day.weekday()],
        "ddd": _DAYS[day.weekday()][:3],
    }
    return _TOKEN.sub(lambda m: values.get(m[0], m[0][1:-1]), fmt or DEFAULT_TITLE)
