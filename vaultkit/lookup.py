"""Finding a person by what a user types: name, alias or file name, case-insensitively, NFC."""

from __future__ import annotations

import difflib

from .errors import UsageError
from .index import VaultView
from .links import fold


def _names(view: VaultView) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for path, person in view.people.items():
        stem = path.rsplit("/", 1)[-1][:-3]
        for known in (person.name, stem, *person.aliases):
            names.setdefault(fold(" ".join(known.split())), set()).add(path)
    return names


def matches(view: VaultView, name: str) -> set[str]:
    """Paths of the people this exact name (or alias, or file name) belongs to."""
    return _names(view).get(fold(" ".join(name.split())), set())


def find_person(view: VaultView, name: str) -> str:
    """The one person called `name`; otherwise a one-line error with close matches."""
    hits = matches(view, name)
    if len(hits) == 1:
        return next(iter(hits))
    if hits:
        listed = ", ".join(sorted(f"{view.people[p].name} ({p})" for p in hits))
        raise UsageError(f"'{name}' matches several people: {listed}")
    names = _names(view)
    wanted = fold(" ".join(name.split()))
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    suggestions = sorted({view.people[p].name for c in close for p in names[c]})
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise UsageError(f"no person named '{name}'{hint}")
