"""The reach-out digest (VAULT_FORMAT §12): whom to get in touch with this week, and what to say.

A list of overdue names tells you whom, never what to say. Each entry here carries why now,
the last contact and what has been going on (the last three interactions), what you promised
(open follow-ups), and what they are looking for. Pure: the view and today in, entries out; the
page (`Reach out.md`), `vaultkit digest` and its `--json` are all made from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import reports
from .encoding import INTERACTION
from .helping import Introduction, helping, introduction_json, need_json
from .index import VaultView
from .models import FollowUp, Interaction, Need
from .reports import Status

RECENT = 3  # interactions shown per person


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason to reach out now. `days`: overdue by, due in, birthday in, or silent for."""

    kind: str  # overdue | due | birthday | drifting
    days: int
    on: date | None = None  # the due day, or the birthday
    age: int | None = None  # birthday: the age they turn, when the year is known
    usual_gap: int | None = None  # drifting: the usual gap between contacts
    window_opens: date | None = None  # due: a window cadence's first day


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


def digest(
    view: VaultView,
    today: date,
    days: int,
    drifting_limit: int,
    horizon: int,
    ask_days: int = 365,
) -> list[Reach]:
    """Overdue, then due (or window open) within `days`, then birthdays within `days`, then the
    first `drifting_limit` drifting people not already listed; each person once. Snoozed and
    archived people are left out."""
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

    for s in reports.overdue(view, today):
        add("overdue", s, Reason("overdue", s.days_overdue or 0, s.due))
    for s in reports.due_soon(view, today, days, window_ahead=True):
        assert s.due is not None
        add("due", s, Reason("due", (s.due - today).days, s.due, window_opens=s.window_opens))
    statuses = {s.person.path: s for s in reports.all_status(view, today)}
    for b in reports.birthdays(view, today, days):
        s = statuses[b.person.path]
        if not s.snoozed:
            add("birthday", s, Reason("birthday", b.in_days, b.date, age=b.age))
    shown = 0
    for d in reports.drifting(view, today, horizon):
        listed = d.person.path in reasons
        room = shown < drifting_limit
        if not listed and room:
            shown += 1
        add("drifting", d.status, Reason("drifting", d.days_since, usual_gap=d.usual_gap), room)
    h = helping(view, today, ask_days)
    return [
        Reach(
            s,
            group,
            tuple(reasons[s.person.path]),
            _recent(view, s.person.path, today),
            tuple(reports.followups_of(view, s.person.path)),
            tuple(h.of(s.person.path)[0]),
            tuple(h.of(s.person.path)[2]),
        )
        for group, s in order
    ]


def _recent(view: VaultView, path: str, today: date) -> tuple[Interaction, ...]:
    """The last few contacts; kept per person and day (`reports.person_day`), so a person an
    edit did not touch costs no read of their list in a new process."""
    kept = reports.person_day(view, "recent", path, today)
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
    reports.keep_day(view, "recent", path, today, plain)
    return tuple(found)


def _contact(i: Interaction) -> dict[str, Any]:
    return {"date": i.date.isoformat(), "source": i.note, "line": i.line, "text": i.text}


def reason_json(r: Reason) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": r.kind, "days": r.days}
    if r.kind in ("overdue", "due"):
        out["due"] = r.on.isoformat() if r.on else None
    if r.kind == "due":
        out["window_opens"] = r.window_opens.isoformat() if r.window_opens else None
    if r.kind == "birthday":
        out["date"] = r.on.isoformat() if r.on else None
        out["age"] = r.age
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
        "followups": [reports.followup_json(view, f) for f in r.followups],
        "asks": [need_json(view, n) for n in r.asks],
        "introductions": [introduction_json(view, i) for i in r.introductions],
    }
