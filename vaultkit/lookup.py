"""Finding a person by what a user types: name, alias or file name, case-insensitively, NFC."""

from __future__ import annotations

import difflib

from .errors import UsageError
from .index import VaultView
from .links import fold


def name_index(view: VaultView) -> dict[str, set[str]]:
    """Every name, alias and file name of a person (folded) -> their paths; build it once to
    look up many names (an import of hundreds of cards)."""
    names: dict[str, set[str]] = {}
    for path, person in view.people.items():
        stem = path.rsplit("/", 1)[-1][:-3]
        for known in (person.name, stem, *person.aliases):
            names.setdefault(fold(" ".join(known.split())), set()).add(path)
    return names


def matches(view: VaultView, name: str, names: dict[str, set[str]] | None = None) -> set[str]:
    """Paths of the people this exact name (or alias, or file name) belongs to; `names`: a
    `name_index` of the same view, when there are many names to look up."""
    found = name_index(view) if names is None else names
    return found.get(fold(" ".join(name.split())), set())


def find_person(view: VaultView, name: str) -> str:
    """The one person called `name`; otherwise a one-line error with close matches."""
    hits = matches(view, name)
    if len(hits) == 1:
        return next(iter(hits))
    if hits:
        listed = ", ".join(sorted(f"{view.people[p].name} ({p})" for p in hits))
        raise UsageError(f"'{name}' matches several people: {listed}")
    names = name_index(view)
    wanted = fold(" ".join(name.split()))
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    suggestions = sorted({view.people[p].name for c in close for p in names[c]})
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise UsageError(f"no person named '{name}'{hint}")
