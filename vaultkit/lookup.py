"""Finding a person by what a user types: name, alias or file name, case-insensitively, NFC.

The one lookup behind `show`, `log` and `Vault.person`. An exact name wins; otherwise a name
that starts with what was typed, first at a word's end (`sam` is Sam Rivera's first name), then
anywhere (`rafa` for Rafael Costa). Each step answers only when it finds exactly one person;
several are listed, so the user can say which.
"""

from __future__ import annotations

import difflib

from .errors import UsageError
from .index import VaultView
from .links import fold


def _key(name: str) -> str:
    return fold(" ".join(name.split()))


def name_index(view: VaultView) -> dict[str, set[str]]:
    """Every name, alias and file name of a person (folded) -> their paths; build it once to
    look up many names (an import of hundreds of cards)."""
    names: dict[str, set[str]] = {}
    for path, person in view.people.items():
        stem = path.rsplit("/", 1)[-1][:-3]
        for known in (person.name, stem, *person.aliases):
            names.setdefault(_key(known), set()).add(path)
    return names


def matches(view: VaultView, name: str, names: dict[str, set[str]] | None = None) -> set[str]:
    """Paths of the people this exact name (or alias, or file name) belongs to; `names`: a
    `name_index` of the same view, when there are many names to look up."""
    found = name_index(view) if names is None else names
    return found.get(_key(name), set())


def starts(view: VaultView, name: str) -> set[str]:
    """Paths of the people a name, alias or file name of whom starts with `name`: those where
    it ends a word (a first name) when there are any, else all."""
    wanted = _key(name)
    if not wanted:
        return set()
    whole: set[str] = set()
    partial: set[str] = set()
    for known, paths in name_index(view).items():
        if known.startswith(wanted) and known != wanted:
            (whole if known[len(wanted)] == " " else partial).update(paths)
    return whole or partial


def find_person(view: VaultView, name: str, *, unknown: str = "") -> str:
    """The one person `name` means; otherwise a one-line error listing the choices, or close
    matches, and then `unknown`: what else to do, from the caller ("add --create ...")."""
    hits = matches(view, name) or starts(view, name)
    if len(hits) == 1:
        return next(iter(hits))
    if hits:
        raise UsageError(f"'{name}' matches several people: {listing(view, hits)}")
    names = name_index(view)
    close = difflib.get_close_matches(_key(name), list(names), n=3, cutoff=0.6)
    suggestions = sorted({view.people[p].name for c in close for p in names[c]})
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    if unknown:
        hint += f" Or {unknown}" if hint else f"; {unknown}"
    raise UsageError(f"no person named '{name}'{hint}")


def listing(view: VaultView, paths: set[str]) -> str:
    """`Sam Lee (People/Sam Lee.md), Sam Rivera (People/Sam Rivera.md)`: names, then paths."""
    return ", ".join(sorted(f"{view.people[p].name} ({p})" for p in paths))
