"""Obsidian daily-note names: a moment.js format turned into a matcher (VAULT_FORMAT §4).

Only the tokens that carry a date are understood; a format built on week numbers cannot
give a day, so such notes are dated only by their front matter or a `YYYY-MM-DD` in the name.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

# A `YYYY-MM-DD` anywhere in a file name: the name of a dated note (VAULT_FORMAT §4).
NAME_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")

_MONTHS = [calendar.month_name[i] for i in range(1, 13)]
_MONTHS_SHORT = [calendar.month_abbr[i] for i in range(1, 13)]
_DAYS = list(calendar.day_name)
_DAYS_SHORT = list(calendar.day_abbr)

_TOKENS: list[tuple[str, str]] = [
    ("YYYY", r"(?P<Y>\d{4})"),
    ("MMMM", "(?P<MMMM>" + "|".join(_MONTHS) + ")"),
    ("MMM", "(?P<MMM>" + "|".join(_MONTHS_SHORT) + ")"),
    ("dddd", "(?:" + "|".join(_DAYS) + ")"),
    ("ddd", "(?:" + "|".join(_DAYS_SHORT) + ")"),
    ("Do", r"(?P<Do>\d{1,2})(?:st|nd|rd|th)"),
    ("YY", r"(?P<YY>\d{2})"),
    ("MM", r"(?P<M>\d{2})"),
    ("DD", r"(?P<D>\d{2})"),
    ("M", r"(?P<M>\d{1,2})"),
    ("D", r"(?P<D>\d{1,2})"),
]


@lru_cache(maxsize=32)
def compile_format(fmt: str) -> re.Pattern[str] | None:
    """A regex for names in this format, or None when the format holds no full date."""
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(fmt):
        if fmt[i] == "[":
            end = fmt.find("]", i)
            end = len(fmt) if end < 0 else end
            out.append(re.escape(fmt[i + 1 : end]))
            i = end + 1
            continue
        for token, pattern in _TOKENS:
            if fmt.startswith(token, i):
                group = re.search(r"\?P<(\w+)>", pattern)
                name = group[1] if group else None
                # a repeated token (e.g. YYYY/YYYY-MM-DD) must match the same text again
                out.append(f"(?P={name})" if name and name in seen else pattern)
                if name:
                    seen.add(name)
                i += len(token)
                break
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    has_year = bool(seen & {"Y", "YY"})
    has_month = bool(seen & {"M", "MMMM", "MMM"})
    has_day = bool(seen & {"D", "Do"})
    if not (has_year and has_month and has_day):
        return None
    return re.compile("".join(out) + r"\Z", re.IGNORECASE)


def match_daily(name: str, fmt: str) -> date | None:
    """The date of a note named `name` in format `fmt`; None when it does not match or is no
    real date (`31.02.2026`)."""
    found = match_ymd(name, fmt)
    if found is None:
        return None
    try:
        return date(*found)
    except ValueError:
        return None


def match_ymd(name: str, fmt: str) -> tuple[int, int, int] | None:
    """(year, month, day) as written in a name in format `fmt`, real date or not."""
    pattern = compile_format(fmt)
    m = pattern.match(name) if pattern else None
    if not m:
        return None
    groups = m.groupdict()
    year = int(groups["Y"]) if groups.get("Y") else 2000 + int(groups["YY"])
    if groups.get("MMMM"):
        month = [x.lower() for x in _MONTHS].index(groups["MMMM"].lower()) + 1
    elif groups.get("MMM"):
        month = [x.lower() for x in _MONTHS_SHORT].index(groups["MMM"].lower()) + 1
    else:
        month = int(groups["M"])
    day = int(groups.get("D") or groups["Do"])
    return (year, month, day)


def daily_date(relpath: str, folder: str, fmt: str) -> date | None:
    """The date of a note named in the daily format under the daily folder (VAULT_FORMAT §4).

    Obsidian files daily notes into subfolders (`Journal/2026/11/18.11.2026.md`) and still
    finds them, so the format is matched against the file's own name anywhere under the
    folder; a format that holds `/` (`YYYY/MM/YYYY-MM-DD`) is matched against the path below it.
    """
    stem = relpath[:-3] if relpath.lower().endswith(".md") else relpath
    if folder:
        if not stem.casefold().startswith(folder.casefold() + "/"):
            return None
        stem = stem[len(folder) + 1 :]
    if "/" in fmt:
        return match_daily(stem, fmt)
    return match_daily(stem.rsplit("/", 1)[-1], fmt)


def to_moment(
    fmt: str, tokens: list[tuple[str, str]], quotes: str = "'", bracket_letters: bool = False
) -> str:
    """Another tool's date format as a moment.js one (the form `daily_format` takes): each
    token of `tokens` (longest first) becomes its moment.js token, text in `quotes` is kept
    as written (`[text]`), and with `bracket_letters` any other letter is literal too.
    Logseq's Java-style formats and Foam's `dateformat` masks both come through here."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        if fmt[i] in quotes:
            end = fmt.find(fmt[i], i + 1)
            end = len(fmt) if end < 0 else end
            out.append("[" + fmt[i + 1 : end] + "]")
            i = end + 1
            continue
        for token, moment in tokens:
            if fmt.startswith(token, i):
                out.append(moment)
                i += len(token)
                break
        else:
            ch = fmt[i]
            out.append(f"[{ch}]" if bracket_letters and ch.isalpha() else ch)
            i += 1
    return "".join(out)
