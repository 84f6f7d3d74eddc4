"""The plain-data forms the cache keeps (marshal-able tuples), derived from the dataclasses.

Each form comes from `codec.Codec`, so a field added to a model is stored and read back with
no edit here; tests/test_encoding.py round-trips every field of every type below. A note's
path is the key its entries are stored under, so it is left out of what they hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .codec import Codec
from .models import (
    FollowUp,
    Interaction,
    Issue,
    Link,
    LogItem,
    Need,
    NeedTag,
    NoteFacts,
    Person,
    Task,
)
from .relations import NOBODY, Contribution, Mention, PersonNote

ISSUE = Codec(Issue)
PERSON = Codec(Person, key="path")
PERSON_NOTE = Codec(PersonNote, person=PERSON, issues=ISSUE)
INTERACTION = Codec(Interaction, key="note")
FOLLOWUP = Codec(FollowUp, key="source")
MENTION = Codec(Mention, key="note")
FACTS = Codec(
    NoteFacts,
    key="path",
    links=Codec(Link),
    log_items=Codec(LogItem),
    tasks=Codec(Task),
    issues=ISSUE,
    needs=Codec(NeedTag),
)
NEED = Codec(Need, key="source")
# every codec, for the round-trip test: a new encoded type is added here
CODECS: tuple[Codec[Any], ...] = (
    ISSUE,
    PERSON,
    PERSON_NOTE,
    INTERACTION,
    FOLLOWUP,
    MENTION,
    FACTS,
    NEED,
)


def entry_raw(entry: PersonNote) -> tuple[Any, ...]:
    return PERSON_NOTE.encode(entry)


def entry_from(path: str, raw: Any) -> PersonNote:
    entry = PERSON_NOTE.decode(raw, path)
    if entry.person is None and not entry.issues and entry.block is None:
        return NOBODY if not entry.broken_markers else entry
    return entry


def contrib_raw(part: Contribution | None) -> tuple[Any, ...] | None:
    if part is None:
        return None
    return (
        tuple([INTERACTION.encode(i) for found in part.interactions.values() for i in found]),
        tuple([FOLLOWUP.encode(f) for found in part.followups.values() for f in found]),
        tuple([MENTION.encode(m) for found in part.mentions.values() for m in found]),
        tuple([ISSUE.encode(i) for i in part.issues]),
        tuple([NEED.encode(n) for found in part.needs.values() for n in found]),
    )


def contrib_from(path: str, raw: Any) -> Contribution:
    contacts, tasks, mentions_raw, issues, needs_raw = raw
    interactions: dict[str, list[Interaction]] = defaultdict(list)
    for item in contacts:
        i = INTERACTION.decode(item, path)
        interactions[i.person].append(i)
    followups: dict[str, list[FollowUp]] = defaultdict(list)
    for item in tasks:
        f = FOLLOWUP.decode(item, path)
        followups[f.person].append(f)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for item in mentions_raw:
        m = MENTION.decode(item, path)
        mentions[m.person].append(m)
    needs: dict[str, list[Need]] = defaultdict(list)
    for item in needs_raw:
        n = NEED.decode(item, path)
        needs[n.person].append(n)
    return Contribution(
        dict(interactions),
        dict(followups),
        dict(mentions),
        tuple(ISSUE.decode(i, path) for i in issues),
        dict(needs),
    )


def list_raw(codec: Codec[Any], items: list[Any]) -> tuple[Any, ...]:
    """A person's list in the cache: (key, item) pairs, in the list's order (already settled)."""
    key = codec.key
    assert key is not None
    encode = codec.encode
    return tuple([(getattr(x, key), encode(x)) for x in items])


def list_decoder(codec: Codec[Any]) -> Callable[[str, Any], list[Any]]:
    """Back from `list_raw`; raises on a malformed form (the caller treats the view as damaged)."""
    decode = codec.decode

    def decode_list(_who: str, raw: Any) -> list[Any]:
        return [decode(item, key) for key, item in raw]

    return decode_list
