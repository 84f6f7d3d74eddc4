"""The rhythm of a friendship as a picture: days in touch per month over the last 12 months.

Whether contact is steady, fading or bursty is easier to see as a shape than to read from a
list of dates. One character per month, oldest first, ending with the current month; the
height is the month's count of distinct days with contact relative to the busiest of the 12
(`▁▂▃▅▇`), and a month with none is blank. Pure and deterministic: dates and today in, text
out. A person with no contact in the 12 months gets no picture at all (an empty string).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

MONTHS = 12
BARS = "▁▂▃▅▇"


def months(today: date) -> list[tuple[int, int]]:
    """The 12 (year, month) pairs ending with today's month, oldest first."""
    at = today.year * 12 + today.month - 1
    return [divmod(n, 12) for n in range(at - MONTHS + 1, at + 1)]


def span_text(today: date) -> str:
    """`2025-12 to 2026-11`: the months a picture covers, for people to read."""
    (y0, m0), (y1, m1) = months(today)[0], months(today)[-1]
    return f"{y0:04d}-{m0 + 1:02d} to {y1:04d}-{m1 + 1:02d}"


def contacts_by_month(dates: Iterable[date], today: date) -> list[tuple[str, int]]:
    """`[("2026-01", 2), ...]`: distinct days in touch per month, all 12 months, oldest first.
    Dates after today are plans, not contact, and are not counted."""
    span = months(today)
    first = span[0]
    days: dict[tuple[int, int], set[date]] = {m: set() for m in span}
    for d in dates:
        if d <= today and (d.year, d.month - 1) >= first:
            days[(d.year, d.month - 1)].add(d)
    return [(f"{y:04d}-{m + 1:02d}", len(days[(y, m)])) for y, m in span]


def sparkline(counts: Iterable[int], blank: str = " ") -> str:
    """One character per count: blank for none, else a bar scaled to the largest count.
    All blank (no contact at all) gives "", so callers show nothing."""
    values = list(counts)
    top = max(values, default=0)
    if top <= 0:
        return ""
    steps = len(BARS)
    # ceil(count / top * 5) - 1: the busiest month is the tallest bar, one day is never blank
    return "".join(blank if n <= 0 else BARS[-(-n * steps // top) - 1] for n in values)


def rhythm_line(series: Iterable[dict[str, object]]) -> str:
    """`contact by month: |▁▂ ▃  ▅▇    | 2025-12 to 2026-11` from `show --json`'s series, for
    the terminal ("" for nobody seen in the 12 months); the bars are framed so that blank
    months at either end still show."""
    rows = list(series)
    picture = sparkline(int(str(r["count"])) for r in rows)
    if not picture:
        return ""
    return f"contact by month: |{picture}| {rows[0]['month']} to {rows[-1]['month']}"


def rhythm(dates: Iterable[date], today: date, blank: str = " ") -> str:
    """The picture for these contact dates as of today ("" when there was none in 12 months)."""
    return sparkline((n for _, n in contacts_by_month(dates, today)), blank)
