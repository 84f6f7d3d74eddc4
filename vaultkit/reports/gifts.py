"""Gift ideas (VAULT_FORMAT §17): each person's open ideas, pure `(view) -> [GiftList]`.

The ideas themselves are a kind of the registry (`core.kinds.GIFTS`: collected, owned, dated,
cached and kept incrementally like every per-person list); this is only the answer built on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.kinds import GIFTS, Gift
from ..core.models import Person
from ..engine.index import VaultView
from .overview import sort_name


@dataclass(frozen=True, slots=True)
class GiftList:
    person: Person
    ideas: tuple[Gift, ...]  # newest first, undated last (the kind's order)


def gift_lists(view: VaultView) -> list[GiftList]:
    """People with open gift ideas, by name; archived people are left out, as their asks are."""
    found = []
    for path, ideas in view.of(GIFTS).items():
        person = view.people.get(path)
        if ideas and person is not None and not person.archived:
            found.append(GiftList(person, tuple(ideas)))
    found.sort(key=lambda g: sort_name(g.person))
    return found


def gifts_json(lists: list[GiftList]) -> list[dict[str, Any]]:
    """`vaultkit gifts --json`: `[{name, note, ideas: [{text, date, source, line}]}]`."""
    return [
        {
            "name": g.person.name,
            "note": g.person.path,
            "ideas": [GIFTS.item_json(idea) for idea in g.ideas],
        }
        for g in lists
    ]
