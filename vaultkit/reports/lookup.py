"""Finding a person by what a user types: name, alias or file name, case-insensitively, NFC.

The one lookup behind `show`, `log` and `Vault.person`. An exact name wins; otherwise a name
that starts with what was typed, first at a word's end (`sam` is Sam Rivera's first name), then
anywhere (`rafa` for Rafael Costa). Each step answers only when it finds exactly one person;
several are listed, so the user can say which.
"""

from __future__ import annotations

import difflib
import unicodedata

from ..core.errors import UsageError
from ..engine.index import VaultView
from ..read.links import name_key


def _key(name: str) -> str:
    return name_key(name)


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
    suggestions = suggest(view, name)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    if unknown:
        hint += f" Or {unknown}" if hint else f"; {unknown}"
    raise UsageError(f"no person named '{name}'{hint}")


SUGGESTED = 3
WHOLE_CUTOFF = 0.75  # "Ana Berg" for "Anna Berg"; "Anna Berg" is not "Jonas Weber" (0.6)
WORD_CUTOFF = 0.8  # "novk" for "Novak"


def suggest(view: VaultView, name: str) -> list[str]:
    """The people someone who typed `name` may have meant (names, at most three): those with a
    name, alias or file name each typed word begins or (3 letters or more) appears in a word
    of (`nov` for Helen Novak), accents aside (`jose` for José García); else those whose name
    is close to it as a whole, or word by word. Nothing rather than a wild guess."""
    words = _plain(_key(name)).split()
    if not words:
        return []
    found: dict[str, int] = {}  # path -> how close (lower is closer)
    names: dict[str, set[str]] = {}
    for known, paths in name_index(view).items():
        names.setdefault(_plain(known), set()).update(paths)
    for known, paths in names.items():
        parts = known.split()
        if all(any(_inside(w, p) for p in parts) for w in words):
            for path in paths:
                found[path] = 0
    if not found:
        wanted = " ".join(words)
        for known, paths in names.items():
            parts = known.split()
            whole = difflib.SequenceMatcher(None, wanted, known).ratio() >= WHOLE_CUTOFF
            each = all(
                any(difflib.SequenceMatcher(None, w, p).ratio() >= WORD_CUTOFF for p in parts)
                for w in words
            )
            if whole or each:
                for path in paths:
                    found.setdefault(path, 1)
    ranked = sorted(found, key=lambda p: (found[p], view.people[p].name.casefold(), p))
    return list(dict.fromkeys(view.people[p].name for p in ranked))[:SUGGESTED]


def _plain(text: str) -> str:
    """Without accents (`josé` is `jose`): names are often typed without them."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain)


def _inside(typed: str, word: str) -> bool:
    return word.startswith(typed) or (len(typed) >= 3 and typed in word)


def listing(view: VaultView, paths: set[str]) -> str:
    """`Sam Lee (People/Sam Lee.md), Sam Rivera (People/Sam Rivera.md)`: names, then paths."""
    return ", ".join(sorted(f"{view.people[p].name} ({p})" for p in paths))
