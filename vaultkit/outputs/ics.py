"""The iCalendar feed (RFC 5545): a pure function of the reports and the day, nothing read.

What it holds, for everyone not archived: their birthday and other dates that matter (all-day,
every year, 29 February on 28 February in common years; the next one says the age they turn,
or the years since, when the year is known),
the next check-in of each person with a cadence who is not snoozed (on the due day, or today
when it is overdue), and each open follow-up with a due date. Every title names the person.

Calendar apps update an event in place when its UID is the same, so UIDs are derived, never
random: from the vault's name, what the event is and the note it comes from. The bytes are
the same for the same vault and day (events sorted, no clock read): `DTSTAMP` is the day the
feed is made for, at 00:00 UTC, so the file changes only when its content or the day does.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from ..reports.dates import years_text
from ..text.dates import add_days, next_birthday

if TYPE_CHECKING:
    from ..core.models import FollowUp, Person
    from ..reports.overview import Status

PRODID = "-//vaultkit//vaultkit people feed//EN"
REFRESH = "PT6H"  # how often a subscribed app should fetch the file again
_LEAP_YEAR = 2000  # a year-less birthday's first year: a leap year, so 29 February exists


@dataclass(frozen=True, slots=True)
class Entry:
    """One VEVENT, as plain data: tests read these without an iCalendar parser."""

    uid: str
    kind: str  # "birthday", "date", "check-in", "follow-up"
    day: date  # all-day, on this date
    summary: str
    description: str
    yearly: bool = False  # a birthday: every year (the 29 February rule included)
    leap_day: bool = False  # 29 February: the last day of February every year
    recurrence: date | None = None  # an override of one occurrence of a yearly event


def uid(vault_name: str, kind: str, *parts: str) -> str:
    """Stable across runs and devices: a hash of the vault's name and what the event is."""
    digest = hashlib.sha256("\0".join([vault_name, kind, *parts]).encode("utf-8"))
    return f"{digest.hexdigest()[:32]}@vaultkit"


def entries(
    statuses: Sequence[Status], followups: Iterable[FollowUp], today: date, vault_name: str
) -> list[Entry]:
    """Every event of the feed, in a fixed order (day, kind, then title and UID)."""
    people = {s.person.path: s.person for s in statuses}
    found: list[Entry] = []
    for s in statuses:
        if s.person.archived:
            continue
        found.extend(_birthday(s.person, today, vault_name))
        found.extend(_dates(s.person, today, vault_name))
        checkin = _checkin(s, today, vault_name)
        if checkin is not None:
            found.append(checkin)
    found.extend(_followups(followups, people, vault_name))
    return sorted(found, key=lambda e: (e.day, e.kind, e.summary, e.uid, e.recurrence or e.day))


def _birthday(person: Person, today: date, vault_name: str) -> list[Entry]:
    """The yearly event, and when the year is known, its next occurrence saying the age."""
    if person.birthday is None:
        return []
    year = person.birthday[0]
    key = uid(vault_name, "birthday", person.path)
    about = f"{person.name}'s birthday" + (f" (born {year})" if year is not None else "")
    title = f"Birthday: {person.name}"
    return _yearly(person, person.birthday, key, "birthday", title, about, today)


def _dates(person: Person, today: date, vault_name: str) -> list[Entry]:
    """Each date that matters (VAULT_FORMAT §16) as a birthday is: a yearly event, and its
    next occurrence saying the years. The UID comes from the note and the label (case
    folded), so moving the date updates the event; renaming the label makes another."""
    out = []
    for label, written in person.dates:
        year = written[0]
        key = uid(vault_name, "date", person.path, label.casefold())
        about = f"{person.name}: {label}" + (f" ({year})" if year is not None else "")
        title = f"{label[:1].upper()}{label[1:]}: {person.name}"
        out += _yearly(person, written, key, "date", title, about, today, label)
    return out


def _yearly(
    person: Person,
    written: tuple[int | None, int, int],
    key: str,
    kind: str,
    title: str,
    about: str,
    today: date,
    label: str = "birthday",
) -> list[Entry]:
    """A yearly all-day event (29 February: February's last day), and when the year is
    known, an override of its next occurrence that says the age or the years."""
    year, month, day = written
    first = date(_LEAP_YEAR if year is None else year, month, day)
    description = f"{about}.\nNote: {person.path}"
    leap = (month, day) == (2, 29)
    out = [Entry(key, kind, first, title, description, yearly=True, leap_day=leap)]
    upcoming = next_birthday(written, today)
    if year is not None and upcoming is not None and upcoming.year > year:
        since = years_text(label, upcoming.year - year)
        out.append(
            Entry(
                key,
                kind,
                upcoming,
                f"{title} ({since})",
                description,
                leap_day=leap,
                recurrence=upcoming,
            )
        )
    return out


def _checkin(s: Status, today: date, vault_name: str) -> Entry | None:
    """On the due day, or today when overdue; none when snoozed, archived or without cadence."""
    if not s.checkins_on or s.snoozed or s.due is None:
        return None
    person = s.person
    overdue = s.due < today
    title = f"Check in with {person.name}"
    if overdue:
        title += f" (due since {s.due.isoformat()})"
    if s.last is None:
        last = "No contact recorded yet."
    else:
        text = plain(s.last.text)
        last = f"Last contact: {s.last.date.isoformat()}" + (f": {text}" if text else "")
        last += f" ({s.last.note})"
    low, high = person.cadence_min_days, person.cadence_days
    every = f"Every {low}-{high} days" if low is not None and low != high else f"Every {high} days"
    lines = [last, f"{every}; due {s.due.isoformat()}.", f"Note: {person.path}"]
    if s.window_opens is not None and s.window_opens <= s.due:
        lines.insert(2, f"You could reach out from {s.window_opens.isoformat()}.")
    key = uid(vault_name, "check-in", person.path)
    return Entry(key, "check-in", max(s.due, today), title, "\n".join(lines))


def _followups(
    followups: Iterable[FollowUp], people: dict[str, Person], vault_name: str
) -> list[Entry]:
    """Open follow-ups with a due date, on that date (an undated task has no day to be on).
    A task that links several people is one follow-up (VAULT_FORMAT §6): one event naming
    them all. Its UID comes from the note and the task's text, not from who it names, so
    linking one more person to a task updates its event instead of making another."""
    tasks: dict[tuple[str, int], list[FollowUp]] = {}
    for f in followups:
        person = people.get(f.person)
        if f.due is None or person is None or person.archived:
            continue
        tasks.setdefault((f.source, f.line), []).append(f)
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for (source, line), found in sorted(tasks.items()):
        f = found[0]
        assert f.due is not None
        named = sorted(
            {people[x.person].name: people[x.person].path for x in found}.items(),
            key=lambda pair: (pair[0].casefold(), pair[0], pair[1]),
        )
        text = plain(f.text)
        same = (source, text)
        seen[same] += 1  # the same task text twice in one note: still two UIDs
        key = uid(vault_name, "follow-up", source, text, str(seen[same]))
        who = _and([name for name, _ in named])
        title = f"Follow up with {who}" + (f": {text}" if text else "")
        notes = "\n".join(f"Note: {path}" for _, path in named)
        description = f"{text}\nFrom {source}, line {line}.\n{notes}"
        out.append(Entry(key, "follow-up", f.due, title, description))
    return out


def _and(names: list[str]) -> str:
    """`Jonas Weber and Lena Fischer`; `A, B and C`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


_TASK_FIELD_RE = re.compile(r"\[[A-Za-z][\w -]*::[^\]]*\]")  # Dataview [due:: 2026-11-28]
_TASK_DATE_RE = re.compile(r"[📅⏳🛫➕✅❌]\uFE0F?\s*\d{4}-\d{2}-\d{2}")  # Tasks' dates
_WIKILINK_RE = re.compile(r"!?\[\[([^\]|#^]*)(?:[#^][^\]|]*)?(?:\\?\|([^\]]*))?\]\]")
_MDLINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """A task or log line as a calendar shows it: links as their text, no task metadata."""
    text = _TASK_FIELD_RE.sub("", _TASK_DATE_RE.sub("", text))
    text = _WIKILINK_RE.sub(lambda m: (m[2] or m[1].rsplit("/", 1)[-1]).strip(), text)
    text = _MDLINK_RE.sub(lambda m: m[1], text)
    return " ".join(text.split())


def to_ical(found: Sequence[Entry], today: date, vault_name: str) -> bytes:
    """The entries as an iCalendar file (CRLF lines, folded at 75 octets, by icalendar)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    name = f"vaultkit: {vault_name}" if vault_name else "vaultkit"
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-published-ttl", REFRESH)
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for entry in found:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        end = add_days(entry.day, 1)
        if end is not None:  # 9999-12-31: an all-day event lasts a day without DTEND
            event.add("dtend", end)
        if entry.recurrence is not None:
            event.add("recurrence-id", entry.recurrence)
        if entry.yearly:
            rule: dict[str, object] = {"freq": "yearly"}
            if entry.leap_day:  # Feb 29, then Feb 28 in common years: February's last day
                rule.update(bymonth=2, bymonthday=-1)
            event.add("rrule", rule)
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("categories", [entry.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())


def build(
    statuses: Sequence[Status], followups: Iterable[FollowUp], today: date, vault_name: str
) -> bytes:
    """The feed's bytes: the same for the same reports, day and vault name."""
    return to_ical(entries(statuses, followups, today, vault_name), today, vault_name)
