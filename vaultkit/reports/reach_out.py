"""The reach-out digest (VAULT_FORMAT §12): whom to get in touch with this week, and what to say.

A list of overdue names tells you whom, never what to say. Each entry here carries why now,
the last contact and what has been going on (the last three interactions), what you promised
(open follow-ups), and what they are looking for. Pure: the view and today in, entries out; the
page (`Reach out.md`), `vaultkit digest` and its `--json` are all made from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from ..core import kinds
from ..core.kinds import Relation
from ..core.models import FollowUp, Interaction, Need
from ..engine.encoding import INTERACTION
from ..engine.index import VaultView
from . import dates, overview
from .overview import Status
from .relations import around, relation_json
from .ways_to_help import Introduction, helping, introduction_json, need_json

RECENT = 3  # interactions shown per person


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason to reach out now. `days`: overdue by, due in, birthday in, or silent for."""

    kind: str  # overdue | promised | due | birthday | drifting
    days: int  # promised: days until the earliest due date (negative: overdue by)
    on: date | None = None  # the due day, the earliest promise's due day, or the birthday
    age: int | None = None  # birthday: the age they turn (a date: the years), when known
    usual_gap: int | None = None  # drifting: the usual gap between contacts
    window_opens: date | None = None  # due: a window cadence's first day
    count: int = 0  # promised: how many promises are overdue or due in the window
    label: str | None = None  # birthday group: another date that matters (§16), its label


@dataclass(frozen=True, slots=True)
class Reach:
    """One person in the digest, in the first group that holds them, with all their reasons."""

    status: Status
    group: str
    reasons: tuple[Reason, ...]
    recent: tuple[Interaction, ...]  # newest first; the last contact is the first
    followups: tuple[FollowUp, ...]
    asks: tuple[Need, ...] = ()  # their open asks: what you could help with
    introductions: tuple[Introduction, ...] = ()  # as asker or helper
    # the person's items of each kind that asks for a reason of theirs (`Kind.digest_groups`:
    # gift ideas for a birthday), as (kind name, items), in the registry's order
    extras: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    relations: tuple[Relation, ...] = ()  # the people around them (VAULT_FORMAT §15)


def digest(
    view: VaultView,
    today: date,
    days: int,
    drifting_limit: int,
    horizon: int,
    ask_days: int = 365,
) -> list[Reach]:
    """Overdue, then promised (an open follow-up overdue or due within `days`), then due (or
    window open) within `days`, then birthdays within `days`, then the first `drifting_limit`
    drifting people not already listed; each person once. Snoozed and archived people are
    left out. "Within N days" is today and the N-1 days after (VAULT_FORMAT §12): a weekly
    friend seen today is due in 7 days, past a 7-day digest; N = 0 looks at no day ahead
    (only what is already late, and drifting)."""
    reasons: dict[str, list[Reason]] = {}
    order: list[tuple[str, Status]] = []

    def add(group: str, s: Status, reason: Reason, listed: bool = True) -> None:
        path = s.person.path
        if path not in reasons:
            if not listed:
                return
            reasons[path] = []
            order.append((group, s))
        reasons[path].append(reason)

    for s in overview.overdue(view, today):
        add("overdue", s, Reason("overdue", s.days_overdue or 0, s.due))
    statuses = {s.person.path: s for s in overview.all_status(view, today)}
    for s, reason in _promised(view, statuses, today, days):
        add("promised", s, reason)
    if days > 0:
        for s in overview.due_soon(view, today, days - 1, window_ahead=True):
            assert s.due is not None
            reason = Reason("due", (s.due - today).days, s.due, window_opens=s.window_opens)
            add("due", s, reason)
    for o in dates.coming(view, today, days - 1):  # birthdays and other dates (§16)
        s = statuses[o.person.path]
        if not s.snoozed:
            label = None if o.label == dates.BIRTHDAY else o.label
            add("birthday", s, Reason("birthday", o.in_days, o.date, age=o.years, label=label))
    shown = 0
    for d in overview.drifting(view, today, horizon):
        listed = d.person.path in reasons
        room = shown < drifting_limit
        if not listed and room:
            shown += 1
        add("drifting", d.status, Reason("drifting", d.days_since, usual_gap=d.usual_gap), room)
    h = helping(view, today, ask_days)
    shown_kinds = [k for k in kinds.KINDS if k.digest_groups]
    return [
        Reach(
            s,
            group,
            tuple(reasons[s.person.path]),
            _recent(view, s.person.path, today),
            tuple(overview.followups_of(view, s.person.path)),
            tuple(h.of(s.person.path)[0]),
            tuple(h.of(s.person.path)[2]),
            _extras(view, s.person.path, reasons[s.person.path], shown_kinds),
            around(view, s.person.path),
        )
        for group, s in order
    ]


def _extras(
    view: VaultView, path: str, reasons: list[Reason], shown: list[kinds.Kind[Any]]
) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """The person's items of each kind shown for one of their reasons (none is, by default)."""
    if not shown:
        return ()
    why = {r.kind for r in reasons}
    return tuple(
        [(k.name, tuple(view.of(k).get(path, ()))) for k in shown if k.digest_groups & why]
    )


def _promised(
    view: VaultView, statuses: dict[str, Status], today: date, days: int
) -> list[tuple[Status, Reason]]:
    """People with an open follow-up overdue or due within `days` (§12), earliest due first,
    then name. A person's due dates are kept per version and day, so a new process reads the
    follow-ups of only the people an edit touched."""
    last = today.toordinal() + days - 1  # overdue ones are before today: always in
    found: list[tuple[int, tuple[str, str, str], Status, Reason]] = []
    for path in view.followups:
        s = statuses.get(path)
        if s is None or s.person.archived or s.snoozed:
            continue
        dues = overview.kept(
            view, "promise-dues", path, today, partial(_dues, view, path), _is_tuple
        )
        due = [d for d in dues if d <= last]
        if due:
            on = date.fromordinal(due[0])
            reason = Reason("promised", due[0] - today.toordinal(), on, count=len(due))
            found.append((due[0], overview.sort_name(s.person), s, reason))
    found.sort(key=lambda x: (x[0], x[1]))
    return [(s, reason) for _, _, s, reason in found]


def _dues(view: VaultView, path: str) -> tuple[int, ...]:
    return tuple(sorted(f.due.toordinal() for f in view.followups.get(path, ()) if f.due))


def _is_tuple(value: Any) -> bool:
    return type(value) is tuple


def _recent(view: VaultView, path: str, today: date) -> tuple[Interaction, ...]:
    """The last few contacts; kept per person and day (`reports.person_day`), so a person an
    edit did not touch costs no read of their list in a new process."""
    kept = overview.person_day(view, "recent", path, today)
    if kept is not None:
        decoded = view.shared.decoded.get(("recent", path))
        if decoded is not None and decoded[0] is kept:  # decoded already in this process
            same: tuple[Interaction, ...] = decoded[1]
            return same
        try:
            found_kept = tuple(INTERACTION.decode(raw, note) for note, raw in kept)
        except (TypeError, ValueError, OverflowError, IndexError):
            pass  # a damaged cache: work it out again
        else:
            view.shared.decoded[("recent", path)] = (kept, found_kept)
            return found_kept
    found: list[Interaction] = []
    for i in view.interactions.get(path, ()):  # newest first
        if i.date <= today:
            found.append(i)
            if len(found) == RECENT:
                break
    plain = tuple((i.note, INTERACTION.encode(i)) for i in found)
    overview.keep_day(view, "recent", path, today, plain)
    return tuple(found)


def _contact(i: Interaction) -> dict[str, Any]:
    return {"date": i.date.isoformat(), "source": i.note, "line": i.line, "text": i.text}


def reason_json(r: Reason) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": r.kind, "days": r.days}
    if r.kind in ("overdue", "promised", "due"):
        out["due"] = r.on.isoformat() if r.on else None
    if r.kind == "promised":
        out["count"] = r.count
    if r.kind == "due":
        out["window_opens"] = r.window_opens.isoformat() if r.window_opens else None
    if r.kind == "birthday":  # `label` null: their own birthday; else a date's, with `years`
        out["date"] = r.on.isoformat() if r.on else None
        out["age"] = r.age if r.label is None else None
        out["label"] = r.label
        out["years"] = r.age
    if r.kind == "drifting":
        out["usual_gap_days"] = r.usual_gap
    return out


def reach_json(view: VaultView, r: Reach) -> dict[str, Any]:
    s = r.status
    return {
        "name": s.person.name,
        "note": s.person.path,
        "group": r.group,
        "reasons": [reason_json(x) for x in r.reasons],
        "last_contact": _contact(s.last) if s.last else None,
        "recent": [_contact(i) for i in r.recent],
        "followups": [overview.followup_json(view, f) for f in r.followups],
        "asks": [need_json(view, n) for n in r.asks],
        "introductions": [introduction_json(view, i) for i in r.introductions],
        **_extras_json(r),
        "relations": [relation_json(x) for x in r.relations],
    }


def _extras_json(r: Reach) -> dict[str, Any]:
    """A key per kind shown in entries (`Kind.digest_groups`), its items for this person (an
    empty list when none of their reasons asks for them); no key when no kind is shown."""
    shown = dict(r.extras)
    return {
        k.name: [k.item_json(x) for x in shown.get(k.name, ())]
        for k in kinds.KINDS
        if k.digest_groups
    }
