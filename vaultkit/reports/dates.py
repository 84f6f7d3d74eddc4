"""Dates that matter (VAULT_FORMAT §16): birthdays and a person's other yearly dates, coming up.

Each date comes back every year, as a birthday does (29 February on 28 February in common
years); the years since are known when the year is. Pure: the view and today in, occasions
out; `vaultkit dates`, the "Other dates" table, the calendar feed, the digest and the person
block are all made from these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.kinds import RELATIONS, Relation
from ..core.models import Person
from ..engine.index import VaultView
from ..text.dates import next_birthday
from .overview import birthday_of, birthday_text, birthdays, sort_name

BIRTHDAY = "birthday"  # the label of a person's own birthday in `dates --json`
# A family member's birthday is a date that matters to the person (§16); custom relations and
# introductions are not family.
FAMILY = frozenset({"partner", "parent", "child", "sibling"})


@dataclass(frozen=True, slots=True)
class Occasion:
    """One yearly date of a person's, at its next occurrence within the window."""

    person: Person
    label: str  # as written in `dates:`; "birthday" for the person's own birthday
    written: tuple[int | None, int, int]  # (year or None, month, day)
    date: date  # the next occurrence, today or later
    in_days: int
    years: int | None  # years since, at that occurrence; None when the year is unknown


def is_birthday_label(label: str) -> bool:
    """`Mia's birthday`: its years read "turns 7", not "7 years"."""
    return label.casefold().rstrip().endswith("birthday")


def years_text(label: str, years: int | None) -> str:
    """`10 years`, `turns 7`; empty when the year is unknown, or the date is its first (0)."""
    if years is None or years <= 0:
        return ""
    if is_birthday_label(label):
        return f"turns {years}"
    return f"{years} year{'s' if years != 1 else ''}"


def dates_of(person: Person, today: date, within: int, *, archived: bool = False) -> list[Occasion]:
    """The person's own dates (not the birthday) within `within` days from today, soonest
    first then label; none for an archived person unless `archived` (`show` lists what
    their note says)."""
    if (person.archived and not archived) or not person.dates:
        return []
    found = [_occasion(person, label, written, today, within) for label, written in person.dates]
    return sorted((o for o in found if o is not None), key=by_day)


def _occasion(
    person: Person, label: str, written: tuple[int | None, int, int], today: date, within: int
) -> Occasion | None:
    """A yearly date at its next occurrence, when that is within the window."""
    when = next_birthday(written, today)
    if when is None or (when - today).days > within:  # None: past the calendar's end
        return None
    year = written[0]
    years = when.year - year if year is not None and year <= when.year else None
    return Occasion(person, label, written, when, (when - today).days, years)


def by_day(o: Occasion) -> tuple[int, str, str]:
    """One person's dates in order: soonest first, then by label."""
    return (o.in_days, o.label.casefold(), o.label)


def family_dates(
    person: Person, relations: Iterable[Relation], today: date, within: int
) -> list[Occasion]:
    """Their family members' birthdays within the window (§16), labelled `Mia Carter's
    birthday`: read from the person's own relations, which carry each birthday, so what is
    kept for this person follows a relative's edit. None for an archived person."""
    if person.archived:
        return []
    found: dict[str, Occasion] = {}
    for r in relations:
        if r.relation not in FAMILY or r.other is None or r.birthday is None:
            continue
        if r.other in found:  # written on both sides, or two relations to one person
            continue
        occasion = _occasion(person, f"{r.name}'s birthday", r.birthday, today, within)
        if occasion is not None:
            found[r.other] = occasion
    return sorted(found.values(), key=by_day)


def relatives_dates(view: VaultView, person: Person, today: date, within: int) -> list[Occasion]:
    return family_dates(person, view.of(RELATIONS).get(person.path, ()), today, within)


def other_dates(view: VaultView, today: date, within: int) -> list[Occasion]:
    """Everyone's dates (not birthdays) within the window: soonest first, then name, then label."""
    found = [o for p in view.people.values() if p.dates for o in dates_of(p, today, within)]
    return sorted(found, key=_order)


def coming(view: VaultView, today: date, within: int) -> list[Occasion]:
    """Birthdays and other dates together within the window, soonest first, then name (a
    person's birthday before their other dates of the same day, then by label); a family
    member's birthday is also a row of the person's (`Mia Carter's birthday`)."""
    found = [
        Occasion(b.person, BIRTHDAY, b.person.birthday, b.date, b.in_days, b.age)
        for b in birthdays(view, today, within)
        if b.person.birthday is not None
    ]
    found += other_dates(view, today, within)
    found += [
        o
        for path in view.of(RELATIONS)
        if path in view.people
        for o in relatives_dates(view, view.people[path], today, within)
    ]
    return sorted(found, key=_order)


def coming_of(person: Person, today: date, within: int) -> list[Occasion]:
    """One person's birthday and dates within the window, in the same order."""
    found = dates_of(person, today, within)
    b = birthday_of(person, today, within)
    if b is not None and person.birthday is not None:
        found.append(Occasion(person, BIRTHDAY, person.birthday, b.date, b.in_days, b.age))
    return sorted(found, key=_order)


def _order(o: Occasion) -> tuple[Any, ...]:
    return (o.in_days, *sort_name(o.person), o.label != BIRTHDAY, o.label.casefold(), o.label)


def occasion_json(o: Occasion) -> dict[str, Any]:
    """`{name, note, label, date, next, years}`: `date` as written (`--MM-DD` without a
    year), `next` the next occurrence, `years` the years since then (null when unknown)."""
    return {
        "name": o.person.name,
        "note": o.person.path,
        "label": o.label,
        "date": birthday_text(o.written),
        "next": o.date.isoformat(),
        "years": o.years,
    }


def show_dates(person: Person, today: date) -> list[Occasion]:
    """Every date of the person's (not the birthday), soonest next first: `show NAME`."""
    return dates_of(person, today, 366, archived=True)


def date_json(o: Occasion) -> dict[str, Any]:
    """One of a person's dates in `show --json`: `{label, date, next, years}`."""
    return {k: v for k, v in occasion_json(o).items() if k not in ("name", "note")}
