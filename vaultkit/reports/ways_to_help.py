"""Ways to help (VAULT_FORMAT §11): open asks, offers, and the introductions nobody thought of.

Pure: the view and today in, lists out. It never scores anyone: an introduction is a fact
(A is looking for what B offers), ordered by topic and names, and the page shows each side's
last contact so the reader can judge whether they are close enough to make it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.models import Need
from ..engine.index import VaultView
from ..text.topics import CLOSES, topics_match
from .overview import sort_name


@dataclass(frozen=True, slots=True)
class Introduction:
    """An open ask of `ask.person` meets an offer of `offer.person` on a matching topic."""

    topic: str  # the ask's topic
    ask: Need
    offer: Need


def _listed(view: VaultView, kind: str, today: date, ask_days: int) -> list[Need]:
    """Open asks (dated ones at most `ask_days` old) or offers, of people not archived."""
    out = []
    for path, needs in view.needs.items():
        person = view.people.get(path)
        if person is None or person.archived:
            continue
        closers = [n for n in needs if n.kind == CLOSES and n.date is not None]
        for n in needs:
            if n.kind != kind:
                continue
            if kind == "ask" and n.date is not None and (today - n.date).days > ask_days:
                continue
            if kind == "ask" and closers and _closed(n, closers, today):
                continue
            out.append(n)
    return out


def _closed(ask: Need, closers: list[Need], today: date) -> bool:
    """An inline ask is closed by a checked task with a matching ask tag that links its person,
    done on or after the ask's date (an undated ask: any day), and not after today (a plan
    closes nothing). Front-matter asks stay open while they are written there."""
    if ask.front_matter:
        return False
    since = ask.date or date.min
    return any(
        topics_match(ask.topic, c.topic) and c.date is not None and since <= c.date <= today
        for c in closers
    )


def _order(view: VaultView, n: Need) -> tuple[Any, ...]:
    """By topic, then name; a person's newest first, then where it is written."""
    when = -n.date.toordinal() if n.date else 1
    return (n.topic, *sort_name(view.people[n.person]), when, n.source, n.line or 0, n.text)


def open_asks(view: VaultView, today: date, ask_days: int) -> list[Need]:
    found = _listed(view, "ask", today, ask_days)
    return sorted(_unique(found), key=lambda n: _order(view, n))


def offers(view: VaultView, today: date) -> list[Need]:
    found = _listed(view, "offer", today, 0)
    return sorted(_unique(found), key=lambda n: _order(view, n))


def _unique(found: list[Need]) -> list[Need]:
    """One entry per person, kind, topic and place (a tag written twice on one line)."""
    seen: set[tuple[str, str, str, str, int | None]] = set()
    out = []
    for n in found:
        key = (n.person, n.kind, n.topic, n.source, n.line)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


def introductions(asks: list[Need], given: list[Need], view: VaultView) -> list[Introduction]:
    """Each (asker, helper, topic) once, A != B; by topic, asker's name, helper's name. The ask
    shown is the asker's first in the asks' order (their newest on that topic)."""
    by_topic: dict[str, list[Need]] = {}
    for o in given:
        by_topic.setdefault(o.topic, []).append(o)
    found: dict[tuple[str, str, str], Introduction] = {}
    for a in asks:
        for topic, helpers in by_topic.items():
            if not topics_match(a.topic, topic):
                continue
            for o in helpers:
                key = (a.person, o.person, a.topic)
                if o.person != a.person and key not in found:
                    found[key] = Introduction(a.topic, a, o)
    people = view.people
    return sorted(
        found.values(),
        key=lambda i: (
            i.topic,
            *sort_name(people[i.ask.person]),
            *sort_name(people[i.offer.person]),
        ),
    )


def need_json(view: VaultView, n: Need) -> dict[str, Any]:
    person = view.people[n.person]
    return {
        "name": person.name,
        "note": person.path,
        "topic": n.topic,
        "text": n.text,
        "date": n.date.isoformat() if n.date else None,
        "source": n.source,
        "line": n.line,
    }


def introduction_json(view: VaultView, i: Introduction) -> dict[str, Any]:
    asker, helper = view.people[i.ask.person], view.people[i.offer.person]
    return {
        "topic": i.topic,
        "asker": asker.name,
        "asker_note": asker.path,
        "helper": helper.name,
        "helper_note": helper.path,
        "ask_text": i.ask.text,
        "ask_source": i.ask.source,
    }


@dataclass(frozen=True, slots=True)
class Helping:
    asks: list[Need]
    offers: list[Need]
    introductions: list[Introduction]
    # the same, by person: the digest, the person blocks and `show` each ask for one person
    by_person: dict[str, tuple[list[Need], list[Need], list[Introduction]]] = field(
        default_factory=dict
    )

    def of(self, path: str) -> tuple[list[Need], list[Need], list[Introduction]]:
        """One person's open asks, offers and the introductions they are part of."""
        return self.by_person.get(path, ([], [], []))


def _by_person(h: Helping) -> None:
    def slot(path: str) -> tuple[list[Need], list[Need], list[Introduction]]:
        return h.by_person.setdefault(path, ([], [], []))

    for n in h.asks:
        slot(n.person)[0].append(n)
    for n in h.offers:
        slot(n.person)[1].append(n)
    for i in h.introductions:
        slot(i.ask.person)[2].append(i)
        slot(i.offer.person)[2].append(i)


def helping(view: VaultView, today: date, ask_days: int) -> Helping:
    """Everything the page, `vaultkit asks` and the digest show; once per view and day."""
    key = (today, ask_days)
    hit = view.memo.helping.get(key)
    if hit is None:
        asks = open_asks(view, today, ask_days)
        given = offers(view, today)
        hit = Helping(asks, given, introductions(asks, given, view))
        _by_person(hit)
        view.memo.helping[key] = hit
    return hit


def helping_json(view: VaultView, h: Helping) -> dict[str, Any]:
    return {
        "asks": [need_json(view, n) for n in h.asks],
        "offers": [need_json(view, n) for n in h.offers],
        "introductions": [introduction_json(view, i) for i in h.introductions],
    }
