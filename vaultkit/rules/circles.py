"""Circles (VAULT_FORMAT §10): default cadences for groups of people, from `[circles]`.

Users think in circles (family weekly, close friends every few weeks), not in one cadence per
friend. A person is in a circle when their `circle` property names it or one of their tags is
it (nested tags count: `family/inlaws` is in `family`); with no cadence of their own they get
the shortest cadence of their circles. Pure functions: the config's table in, answers out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..read.config import circle_key
from ..text.dates import read_cadence

Window = tuple[int, int]  # (reach out from, due at), in days


@dataclass(frozen=True, slots=True)
class Circle:
    name: str  # as the config spells it
    window: Window | None  # None: the circle is `none`


@lru_cache(maxsize=8)
def circle_table(circles: tuple[tuple[str, str], ...]) -> dict[str, Circle]:
    """The config's circles by their compared name (validated already: they parse)."""
    return {circle_key(name): Circle(name, read_cadence(text)) for name, text in circles}


def _within(key: str, circle: str) -> bool:
    return key == circle or key.startswith(circle + "/")


@dataclass(frozen=True, slots=True)
class Membership:
    circles: tuple[str, ...]  # the circles the person is in (config spelling, sorted)
    unknown: tuple[str, ...]  # `circle` values the config does not define, as written
    cadence: Circle | None  # the circle whose cadence applies (the shortest one)
    all_none: bool  # in circles, and every one of them is `none`


def membership(written: Iterable[str], tags: Iterable[str], table: dict[str, Circle]) -> Membership:
    """Which circles a person is in, from their `circle` values and tags."""
    found: dict[str, Circle] = {}
    unknown: list[str] = []
    for value in written:
        key = circle_key(value)
        if not key:
            continue
        hits = [c for c in table if _within(key, c)]
        if not hits:
            unknown.append(value.strip())
        for c in hits:
            found[c] = table[c]
    for tag in tags:
        key = circle_key(tag)
        for c in table:
            if _within(key, c):
                found[c] = table[c]
    timed = [c for c in found.values() if c.window is not None]
    best = min(timed, key=_shortest) if timed else None
    names = tuple(sorted((c.name for c in found.values()), key=lambda n: (n.casefold(), n)))
    return Membership(names, tuple(unknown), best, bool(found) and not timed)


def _shortest(circle: Circle) -> tuple[int, int, str, str]:
    """Windows compare by their upper end, then their lower end; a tie goes to the name."""
    assert circle.window is not None
    low, high = circle.window
    return (high, low, circle.name.casefold(), circle.name)
