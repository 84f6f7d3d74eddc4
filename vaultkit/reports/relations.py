"""The people around a person (VAULT_FORMAT §15), as `show`, the person block and the digest
list them.

The relations themselves are a kind of the registry (`core.kinds.RELATIONS`): each person
note's written relations on its person, and their inverses on the people they name, kept
incrementally like every per-person list. This is only the answer built on it.
"""

from __future__ import annotations

from typing import Any

from ..core.kinds import RELATIONS, Relation
from ..engine.index import VaultView


def around(view: VaultView, path: str) -> tuple[Relation, ...]:
    """A person's relations in the table's order, each once: one written on both sides is
    shown as written (not also as derived); different people in one relation are all shown."""
    seen: set[tuple[str, str]] = set()
    found: list[Relation] = []
    relations = view.of(RELATIONS).get(path, ())
    # written ones first, so a relation also derived from the other side is shown as written
    for r in sorted(relations, key=lambda r: r.derived):
        key = (r.relation, r.other if r.other is not None else "\0" + r.name.casefold())
        if key not in seen:
            seen.add(key)
            found.append(r)
    found.sort(key=RELATIONS.order)
    return tuple(found)


def relation_json(r: Relation) -> dict[str, Any]:
    """`{relation, name, note, derived}`: `note` is None for a name that names no person."""
    return {"relation": r.relation, "name": r.name, "note": r.other, "derived": r.derived}


def relation_text(r: Relation) -> str:
    """`partner Ben Carter`, `introduced by Diego Alvarez`, `mentor of Sam Lee` (the
    terminal's and the digest's words)."""
    return f"{r.relation} {r.name}"
