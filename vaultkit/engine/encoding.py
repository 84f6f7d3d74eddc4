"""The plain-data forms the cache keeps (marshal-able tuples), derived from the dataclasses.

Each form comes from `codec.Codec`, so a field added to a model is stored and read back with
no edit here; tests/test_encoding.py round-trips every field of every type below. A note's
path is the key its entries are stored under, so it is left out of what they hold.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..core import kinds
from ..core.codec import Codec
from ..core.kinds import Contribution
from ..core.models import NOBODY, Issue, LineTag, Link, LogItem, NoteFacts, Person, PersonNote, Task

ISSUE = Codec(Issue)
PERSON = Codec(Person, key="path")
PERSON_NOTE = Codec(PersonNote, person=PERSON, issues=ISSUE)
INTERACTION = kinds.INTERACTIONS.codec  # reports read interactions kept in their plain form
FACTS = Codec(
    NoteFacts,
    key="path",
    links=Codec(Link),
    log_items=Codec(LogItem),
    tasks=Codec(Task),
    issues=ISSUE,
    line_tags=Codec(LineTag),
)


# every codec, for the round-trip test: a new encoded type is added here (a kind of list
# brings its own, `kinds.Kind.codec`)
CODECS: tuple[Codec[Any], ...] = (
    ISSUE,
    PERSON,
    PERSON_NOTE,
    FACTS,
    *(k.codec for k in kinds.KINDS),
)


def entry_raw(entry: PersonNote) -> tuple[Any, ...]:
    return PERSON_NOTE.encode(entry)


def entry_from(path: str, raw: Any) -> PersonNote:
    entry = PERSON_NOTE.decode(raw, path)
    if entry.person is None and not entry.issues and entry.block is None:
        return NOBODY if not entry.broken_markers else entry
    return entry


def contrib_raw(part: Contribution | None) -> tuple[Any, ...] | None:
    """(issues, then each kind's items of every person, in `KINDS` order)."""
    if part is None:
        return None
    out: list[tuple[Any, ...]] = [tuple([ISSUE.encode(i) for i in part.issues])]
    for kind, found in zip(kinds.KINDS, part.lists, strict=True):
        encode = kind.codec.encode
        out.append(tuple([encode(x) for items in found.values() for x in items]))
    return tuple(out)


def contrib_from(path: str, raw: Any) -> Contribution:
    issues, *plain = raw
    lists: list[dict[str, list[Any]]] = []
    for kind, items in zip(kinds.KINDS, plain, strict=True):
        found: dict[str, list[Any]] = defaultdict(list)
        decode = kind.codec.decode
        for item in items:
            x = decode(item, path)
            found[x.person].append(x)
        lists.append(dict(found))
    return Contribution(tuple(lists), tuple(ISSUE.decode(i, path) for i in issues))
