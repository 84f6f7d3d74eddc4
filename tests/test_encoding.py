"""Every field of every type the cache stores survives the round trip (encoding.py, codec.py).

The codecs are derived from the dataclasses, so a new field needs no edit in the encoding; this
test is what proves it: it builds each type with a non-default value in every field, from the
field's type, and reads it back through marshal as the cache does.
"""

from __future__ import annotations

import dataclasses
import marshal
import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from vaultkit.core.codec import Codec
from vaultkit.core.kinds import FOLLOWUPS, INTERACTIONS, KINDS, MENTIONS, NEEDS, Contribution
from vaultkit.core.models import (
    NOBODY,
    FollowUp,
    Interaction,
    Issue,
    Mention,
    Need,
    Person,
    PersonNote,
)
from vaultkit.engine.encoding import CODECS, contrib_from, contrib_raw, entry_from, entry_raw

KEY = "People/Jane Doe.md"


def sample(hint: Any, name: str) -> Any:
    """A value of this type that is nobody's default."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in args if a is not type(None)), name)
    if dataclasses.is_dataclass(hint):
        return build(typing.cast("type[Any]", hint))
    plain = {date: date(2026, 11, 20), str: f"{name} value", bool: True, int: 7}
    if hint in plain:
        return plain[hint]
    if origin is typing.Literal:
        return args[-1]
    if origin is frozenset:
        return frozenset({"b", "a"})
    if origin is dict:
        return {"key": ["a list", 1, None]}
    if origin is tuple:
        if args[-1:] == (Ellipsis,):
            return (sample(args[0], name), sample(args[0], name + "2"))
        return tuple(sample(a, f"{name}{i}") for i, a in enumerate(args))
    if hint is Any:
        return ["any", {"nested": 1}]
    raise AssertionError(f"no sample for {hint!r} ({name})")


def build(cls: type[Any], **given: Any) -> Any:
    """An instance; fields that name the note an entry is stored under hold that note's path."""
    hints = typing.get_type_hints(cls)
    values = {
        f.name: KEY if f.name in ("path", "note", "source") else sample(hints[f.name], f.name)
        for f in dataclasses.fields(cls)
    }
    values.update(given)
    return cls(**values)


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.cls.__name__)
def test_every_field_round_trips(codec: Codec[Any]) -> None:
    given = {codec.key: KEY} if codec.key else {}
    original = build(codec.cls, **given)
    raw = marshal.loads(marshal.dumps(codec.encode(original)))
    assert codec.decode(raw, KEY) == original


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.cls.__name__)
def test_every_field_is_stored_or_is_the_key(codec: Codec[Any]) -> None:
    names = [f.name for f in dataclasses.fields(codec.cls)]
    stored = [n[2:] for n in codec.fields]
    assert stored + ([codec.key] if codec.key else []) == sorted(
        names, key=lambda n: (n == codec.key, names.index(n))
    )


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: c.cls.__name__)
def test_damaged_data_raises(codec: Codec[Any]) -> None:
    original = build(codec.cls, **({codec.key: KEY} if codec.key else {}))
    raw = codec.encode(original)
    with pytest.raises((ValueError, TypeError)):
        codec.decode(raw[:-1], KEY)
    with pytest.raises((ValueError, TypeError)):
        codec.decode((*raw, "extra"), KEY)


def test_a_new_field_needs_no_edit() -> None:
    @dataclass(frozen=True)
    class Note:
        path: str
        when: date
        later: date | None
        tags: frozenset[str]
        issues: tuple[Issue, ...]
        extra: int = 0

    codec = Codec(Note, key="path", issues=Codec(Issue))
    note = Note(KEY, date(2026, 1, 2), None, frozenset({"x"}), (Issue("k", KEY, 3, "m"),), 9)
    assert codec.decode(marshal.loads(marshal.dumps(codec.encode(note))), KEY) == note
    assert codec.fields == ("r_when", "r_later", "r_tags", "r_issues", "r_extra")


def test_a_dataclass_field_without_its_codec_is_refused() -> None:
    @dataclass(frozen=True)
    class Holder:
        issue: Issue

    with pytest.raises(TypeError, match="give its codec"):
        Codec(Holder)


def test_person_entries_and_contributions_round_trip() -> None:
    person = build(Person, path=KEY)
    entry = PersonNote(person, (Issue("bad-date", KEY, 3, "x"),), (4, 9), False)
    assert entry_from(KEY, marshal.loads(marshal.dumps(entry_raw(entry)))) == entry
    assert entry_from(KEY, entry_raw(NOBODY)) is NOBODY
    day = date(2026, 11, 20)
    items: dict[Any, dict[str, list[Any]]] = {
        INTERACTIONS: {"People/Bob.md": [Interaction("People/Bob.md", day, KEY, 3, "tea")]},
        FOLLOWUPS: {"People/Bob.md": [FollowUp("People/Bob.md", KEY, 5, "call", day)]},
        MENTIONS: {"People/Ana.md": [Mention("People/Ana.md", KEY, 7, "see", None)]},
        NEEDS: {"People/Ana.md": [Need("People/Ana.md", "ask", "housing", "a flat", day, KEY, 9)]},
    }
    lists = tuple(
        items.get(kind) or {"People/Ana.md": [build(kind.model, person="People/Ana.md")]}
        for kind in KINDS
    )
    part = Contribution(lists, (Issue("ambiguous-link", KEY, 2, "m"),))
    raw = contrib_raw(part)
    assert contrib_from(KEY, marshal.loads(marshal.dumps(raw))) == part
