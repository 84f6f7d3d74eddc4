"""Page models: pure functions of (view, today, config). Pages, terminal tables and `--json`
all come from these, so they can never disagree (VAULT_FORMAT §5, §6)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.models import FollowUp, Interaction, Issue, Person
from ..engine.encoding import INTERACTION
from ..engine.index import VaultView
from ..text.dates import add_days, next_birthday
from .relations import around, relation_json
from .rhythm import contacts_by_month


@dataclass(frozen=True, slots=True)
class Status:
    """A person as of today: last contact, next check-in, and whether it is overdue."""

    person: Person
    last: Interaction | None
    due: date | None
    days_overdue: int | None  # set only when overdue
    interactions: int  # contacts on or before today
    snoozed: bool
    window_opens: date | None = None  # a window cadence: from this day on, due soon

    @property
    def checkins_on(self) -> bool:
        return self.person.cadence_days is not None and not self.person.archived


def status(view: VaultView, path: str, today: date) -> Status:
    person = view.people[path]
    contacts = [i for i in view.interactions.get(path, ()) if i.date <= today]
    last = contacts[0] if contacts else None  # interactions are newest first
    due = opens = None
    if person.cadence_days is not None:
        due = add_days(last.date, person.cadence_days) if last else today
        low = person.cadence_min_days
        if last and low is not None and low != person.cadence_days:
            opens = add_days(last.date, low)
    snoozed = person.snooze_until is not None and person.snooze_until > today
    overdue = None
    if due is not None and not person.archived and not snoozed and due <= today:
        overdue = (today - due).days
    return Status(person, last, due, overdue, len(contacts), snoozed, opens)


USUAL_GAP_DATES = 10  # the usual gap is read from the last this-many contact days


def usual_gap(contacts: Iterable[Interaction], today: date) -> int | None:
    """The median of the gaps between consecutive distinct contact days among the last 10 on
    or before today, rounded down; None with fewer than 3 such days (VAULT_FORMAT §10). Reads
    only as far back as the tenth day: contacts come newest first."""
    days: list[int] = []
    for i in contacts:
        if i.date > today:
            continue
        day = i.date.toordinal()
        if not days or day != days[-1]:
            days.append(day)
            if len(days) == USUAL_GAP_DATES:
                break
    if len(days) < 3:
        return None
    gaps = sorted(a - b for a, b in itertools.pairwise(days))
    mid = len(gaps) // 2
    return gaps[mid] if len(gaps) % 2 else (gaps[mid - 1] + gaps[mid]) // 2


def contact_days(contacts: Iterable[Interaction], today: date) -> int:
    """Distinct days in touch, on or before today (all of them: drifting's first order)."""
    return len({i.date for i in contacts if i.date <= today})


@dataclass(frozen=True, slots=True)
class Drift:
    """Someone with no cadence whom you used to see regularly and have not for a while."""

    status: Status
    usual_gap: int
    days_since: int
    contact_dates: int

    @property
    def person(self) -> Person:
        return self.status.person


def drift_of(view: VaultView, s: Status, today: date, horizon: int) -> Drift | None:
    """Drifting apart (VAULT_FORMAT §10): no cadence at all, not archived or snoozed, and a
    silence over twice the usual gap and over the usual gap plus 30 days, and at most `horizon`
    days (longer ago is history, not drift)."""
    last, person = s.last, s.person
    if last is None or person.archived or s.snoozed:
        return None
    if person.cadence_days is not None or person.cadence_none:
        return None
    since = (today - last.date).days
    if since > horizon or since <= 30:  # cheap tests first: most people are not drifting
        return None

    def work_out() -> tuple[int | None, int]:
        contacts = view.interactions.get(person.path, ())
        return usual_gap(contacts, today), contact_days(contacts, today)

    gap, count = kept(view, "drift", person.path, today, work_out, _is_pair)
    if gap is None or since <= 2 * gap or since <= gap + 30:
        return None
    return Drift(s, gap, since, count)


def drifting(view: VaultView, today: date, horizon: int) -> list[Drift]:
    """Most distinct contact days first, then the longest silence, then name."""
    hit = view.memo.drifting.get((today, horizon))
    if hit is None:
        found = [d for s in all_status(view, today) if (d := drift_of(view, s, today, horizon))]
        hit = sorted(found, key=lambda d: (-d.contact_dates, -d.days_since, *sort_name(d.person)))
        view.memo.drifting[(today, horizon)] = hit
    return list(hit)


def sort_name(person: Person) -> tuple[str, str, str]:
    return (person.name.casefold(), person.name, person.path)


def all_status(view: VaultView, today: date) -> list[Status]:
    """Everyone, by name; computed once per view and day (three pages ask for it)."""
    hit = view.memo.all_status.get(today)
    if hit is None:
        found = [_status_memo(view, path, today) for path in view.people]
        hit = view.memo.all_status[today] = sorted(found, key=lambda s: sort_name(s.person))
    return list(hit)


def _status_memo(view: VaultView, path: str, today: date) -> Status:
    """A status only depends on the person and their contact list, which the index replaces
    (never edits) when they change, giving the person a new version: the same person, version
    and day give the same status. The last process's statuses come back from the cache in
    plain form (`person_day`), so an unchanged person's contacts are not read at all."""
    person = view.people[path]
    version = view.version(path)
    hit = view.shared.statuses.get(path)
    if hit is not None and hit[0] is person and hit[1] == version and hit[2] == today:
        return hit[3]
    kept = person_day(view, "status", path, today)
    found = _status_from(person, kept) if kept is not None else None
    if found is None:
        found = status(view, path, today)
        keep_day(view, "status", path, today, _status_raw(found))
    view.shared.statuses[path] = (person, version, today, found)
    return found


def person_day(view: VaultView, kind: str, path: str, today: date) -> Any:
    """What was worked out and kept for this person's present version and this day, or None."""
    hit = view.shared.day(kind, path)
    if hit is None or hit[0] != view.version(path) or hit[1] != today.toordinal():
        return None
    return hit[2]


def keep_day(view: VaultView, kind: str, path: str, today: date, value: Any) -> None:
    """Remember a plain value for this person's version and day (see `SharedMemo.days`)."""
    view.shared.days.setdefault(kind, {})[path] = (view.version(path), today.toordinal(), value)


def kept(
    view: VaultView,
    kind: str,
    path: str,
    today: date,
    work_out: Callable[[], Any],
    usable: Callable[[Any], bool],
) -> Any:
    """What `work_out()` gives for this person's present version and this day, worked out
    once and kept (`person_day`, `keep_day`). `usable` tells a kept value of the right
    shape: one that is not (a damaged cache) is worked out again.

    Validity, the rules for everything kept (pages, rows, person blocks):
    1. The version covers the person: `work_out` reads only this person's `Person`, their
       lists, the day and the config. Their version moves whenever their `Person` or a list
       of theirs is replaced (the index compares whole `Person`s), and the config is in the
       cache's key, so a new field of theirs is covered with no edit. One more read is
       allowed: the name of the person whose note an item of theirs comes from (a page labels
       a source note by it, `markdown.note_link`), since the index moves the version of
       everyone a note has items for when its person's name changes (`index._reinterpret`).
    2. Anything else (another person's name, a value across people) goes into a key of
       values taken from the model rendered, `render.plain(model, view.people)`, never a
       hand-kept list of fields: the reach-out entries are kept so (`reachout._entry_key`).
    3. Kept rows say what they are by their type (`render.KeptEntry`, saved with the cache;
       `render.StatusRow`, this process only), never by the shape of a tuple."""
    found = person_day(view, kind, path, today)
    if found is None or not usable(found):
        found = work_out()
        keep_day(view, kind, path, today, found)
    return found


def _is_pair(value: Any) -> bool:
    return type(value) is tuple and len(value) == 2


def _status_raw(s: Status) -> tuple[Any, ...]:
    last = s.last
    return (
        (last.note, INTERACTION.encode(last)) if last is not None else None,
        _ord(s.due),
        s.days_overdue,
        s.interactions,
        s.snoozed,
        _ord(s.window_opens),
    )


def _status_from(person: Person, raw: Any) -> Status | None:
    """None when the kept form is not one (a damaged cache): the status is worked out again."""
    try:
        last_raw, due, overdue, count, snoozed, opens = raw
        last = INTERACTION.decode(last_raw[1], last_raw[0]) if last_raw is not None else None
        return Status(person, last, _day(due), overdue, count, bool(snoozed), _day(opens))
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _ord(day: date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _day(n: int | None) -> date | None:
    return date.fromordinal(n) if n is not None else None


def overdue(view: VaultView, today: date) -> list[Status]:
    """Most days overdue first, then name (VAULT_FORMAT §5); once per view and day (the
    overdue page and the digest both ask)."""
    hit = view.memo.overdue.get(today)
    if hit is None:
        found = [s for s in all_status(view, today) if s.days_overdue is not None]
        hit = sorted(found, key=lambda s: (-(s.days_overdue or 0), *sort_name(s.person)))
        view.memo.overdue[today] = hit
    return list(hit)


def due_soon(
    view: VaultView, today: date, days: int, *, window_ahead: bool = False
) -> list[Status]:
    """Not overdue yet, but due within `days` or inside their window: the people to plan for
    this week (VAULT_FORMAT §5). With `window_ahead` (the digest, §12), a window that opens
    within `days` counts too: you can reach out before the week is over."""
    horizon = add_days(today, days) or date.max  # past the calendar's end: no limit
    opened_by = horizon if window_ahead else today
    found = [
        s
        for s in all_status(view, today)
        if s.due is not None
        and today < s.due
        and (s.due <= horizon or (s.window_opens is not None and s.window_opens <= opened_by))
        and not s.person.archived
        and not s.snoozed
    ]
    return sorted(found, key=lambda s: (s.due or today, *sort_name(s.person)))


@dataclass(frozen=True, slots=True)
class Birthday:
    person: Person
    date: date
    in_days: int
    age: int | None


def birthdays(view: VaultView, today: date, within: int) -> list[Birthday]:
    """Birthdays from today to `within` days ahead, soonest first; archived people left out."""
    found = (birthday_of(person, today, within) for person in view.people.values())
    out = [b for b in found if b is not None]
    return sorted(out, key=lambda b: (b.in_days, *sort_name(b.person)))


def recent(view: VaultView, today: date, days: int) -> list[Interaction]:
    """Contacts in the last `days` days (today included), newest first."""
    found = []
    for path in view.interactions:
        if in_recent_window(view, path, today, days):
            found.extend(recent_of(view, path, today, days))
    people = view.people
    return sorted(
        found,
        key=lambda i: (-i.date.toordinal(), *sort_name(people[i.person]), i.note, i.line or 0),
    )


def in_recent_window(view: VaultView, path: str, today: date, days: int) -> bool:
    """Whether the person has a contact in the window: their status's last contact says so,
    without reading their list (which a new process may not have decoded)."""
    if path not in view.people:
        return True
    last = _status_memo(view, path, today).last
    since = add_days(today, -days)  # None: the window starts before the calendar does
    return last is not None and (since is None or last.date > since)


def recent_of(view: VaultView, path: str, today: date, days: int) -> list[Interaction]:
    """One person's contacts in the last `days` days (today included), newest first."""
    since = add_days(today, -days)
    found = []
    for i in view.interactions.get(path, ()):  # newest first: stop at the first too old
        if since is not None and i.date <= since:
            break
        if i.date <= today:
            found.append(i)
    return found


def recent_key(view: VaultView, i: Interaction) -> tuple[Any, ...]:
    """The recent page's order: newest first, then name, then place."""
    return (-i.date.toordinal(), *sort_name(view.people[i.person]), i.note, i.line or 0)


def followup_key(view: VaultView, f: FollowUp) -> tuple[Any, ...]:
    """The follow-ups' order: with a due date first (soonest first), then name, then place."""
    return (f.due is None, _ord(f.due) or 0, *sort_name(view.people[f.person]), f.source, f.line)


def followups(view: VaultView) -> list[FollowUp]:
    """Tasks with a due date first (soonest first), then the rest; by person, then place."""
    people = view.people
    found = [f for tasks in view.followups.values() for f in tasks]
    return sorted(
        found,
        key=lambda f: (
            f.due is None,
            f.due or date.min,
            *sort_name(people[f.person]),
            f.source,
            f.line,
        ),
    )


def issues(view: VaultView) -> list[Issue]:
    return list(view.issues)


# --- JSON shapes (the CLI's `--json`; the documented, stable interface) ---


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def birthday_text(birthday: tuple[int | None, int, int] | None) -> str | None:
    if birthday is None:
        return None
    year, month, day = birthday
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


def overdue_json(s: Status) -> dict[str, Any]:
    return {
        "name": s.person.name,
        "note": s.person.path,
        "last_contact": _iso(s.last.date if s.last else None),
        "cadence_days": s.person.cadence_days,
        "cadence_min_days": s.person.cadence_min_days,
        "cadence_from": s.person.cadence_from,
        "window_opens": _iso(s.window_opens),
        "due": _iso(s.due),
        "days_overdue": s.days_overdue,
    }


def person_json(s: Status) -> dict[str, Any]:
    p = s.person
    return {
        "name": p.name,
        "note": p.path,
        "aliases": list(p.aliases),
        "tags": list(p.tags),
        "cadence_days": p.cadence_days,
        "cadence_min_days": p.cadence_min_days,
        "cadence_from": p.cadence_from,
        "circles": list(p.circles),
        "window_opens": _iso(s.window_opens),
        "last_contact": _iso(s.last.date if s.last else None),
        "next_due": _iso(s.due),
        "birthday": birthday_text(p.birthday),
        "archived": p.archived,
        "interactions": s.interactions,
    }


def show_json(view: VaultView, s: Status, today: date) -> dict[str, Any]:
    data = person_json(s)
    data["days_overdue"] = s.days_overdue
    data["snooze_until"] = _iso(s.person.snooze_until)
    data["fields"] = {key: _plain(value) for key, value in s.person.fields}
    data["interactions"] = [
        {"date": i.date.isoformat(), "note": i.note, "line": i.line, "text": i.text}
        for i in view.interactions.get(s.person.path, ())
        if i.date <= today
    ]
    data["followups"] = [followup_json(view, f) for f in followups_of(view, s.person.path)]
    dates = (i.date for i in view.interactions.get(s.person.path, ()))
    data["contacts_by_month"] = [
        {"month": month, "count": n} for month, n in contacts_by_month(dates, today)
    ]
    data["relations"] = [relation_json(r) for r in around(view, s.person.path)]
    return data


def followups_of(view: VaultView, path: str) -> list[FollowUp]:
    """One person's follow-ups in the page order, without sorting everyone's."""
    return sorted(
        view.followups.get(path, ()),
        key=lambda f: (f.due is None, f.due or date.min, f.source, f.line),
    )


def birthday_of(person: Person, today: date, within: int) -> Birthday | None:
    """The person's next birthday when it falls within the window (archived people never)."""
    if person.birthday is None or person.archived:
        return None
    when = next_birthday(person.birthday, today)
    if when is None:  # past the calendar's end
        return None
    in_days = (when - today).days
    if in_days > within:
        return None
    year = person.birthday[0]
    age = when.year - year if year is not None and year <= when.year else None
    return Birthday(person, when, in_days, age)


def birthday_json(b: Birthday) -> dict[str, Any]:
    return {
        "name": b.person.name,
        "note": b.person.path,
        "date": b.date.isoformat(),
        "in_days": b.in_days,
        "age": b.age,
    }


def followup_json(view: VaultView, f: FollowUp) -> dict[str, Any]:
    person = view.people[f.person]
    return {
        "name": person.name,
        "note": person.path,
        "source": f.source,
        "line": f.line,
        "text": f.text,
        "due": _iso(f.due),
    }


def drift_json(d: Drift) -> dict[str, Any]:
    s = d.status
    return {
        "name": s.person.name,
        "note": s.person.path,
        "last_contact": _iso(s.last.date if s.last else None),
        "usual_gap_days": d.usual_gap,
        "days_since": d.days_since,
        "contact_dates": d.contact_dates,
    }


def issue_json(i: Issue) -> dict[str, Any]:
    return {"path": i.path, "line": i.line, "kind": i.kind, "message": i.message}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
