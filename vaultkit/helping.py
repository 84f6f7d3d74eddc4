"""Ways to help (VAULT_FORMAT §11): open asks, offers, and the introductions nobody thought of.

Pure: the view and today in, lists out. It never scores anyone: an introduction is a fact
(A is looking for what B offers), ordered by topic and names, and the page shows each side's
last contact so the reader can judge whether they are close enough to make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .index import VaultView
from .models import Need, Person
from .needs import topics_match


@dataclass(frozen=True, slots=True)
class Introduction:
    """An open ask of `ask.person` meets an offer of `offer.person` on a matching topic."""

    topic: str  # the ask's topic
    ask: Need
    offer: Need


def _name(person: Person) -> tuple[str, str, str]:
    return (person.name.casefold(), person.name, person.path)


def _listed(view: VaultView, kind: str, today: date, ask_days: int) -> list[Need]:
    """Open asks (dated ones at most `ask_days` old) or offers, of people not archived."""
    out = []
    for path, needs in view.needs.items():
        person = view.people.get(path)
        if person is None or person.archived:
            continue
        for n in needs:
            if n.kind != kind:
                continue
            if kind == "ask" and n.date is not None and (today - n.date).days > ask_days:
                continue
            out.append(n)
    return out


def _order(view: VaultView, n: Need) -> tuple[Any, ...]:
    """By topic, then name; a person's newest first, then where it is written."""
    when = -n.date.toordinal() if n.date else 1
    return (n.topic, *_name(view.people[n.person]), when, n.source, n.line or 0, n.text)


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
        key=lambda i: (i.topic, *_name(people[i.ask.person]), *_name(people[i.offer.person])),
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


def helping(view: VaultView, today: date, ask_days: int) -> Helping:
    """Everything the page, `vaultkit asks` and the digest show; once per view and day."""
    key = (today, ask_days)
    hit = view.memo.helping.get(key)
    if hit is None:
        asks = open_asks(view, today, ask_days)
        given = offers(view, today)
        hit = Helping(asks, given, introductions(asks, given, view))
        view.memo.helping[key] = hit
    assert isinstance(hit, Helping)
    return hit


def helping_json(view: VaultView, h: Helping) -> dict[str, Any]:
    return {
        "asks": [need_json(view, n) for n in h.asks],
        "offers": [need_json(view, n) for n in h.offers],
        "introductions": [introduction_json(view, i) for i in h.introductions],
    }
